/**
 * Opening the sign-in page in a browser, as az decides it can: always on Windows and macOS; on
 * Linux when `BROWSER` names one, a display is there (`DISPLAY`/`WAYLAND_DISPLAY`), or WSL can
 * reach Windows. Otherwise az falls back to the device code flow, and so does azx.
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {delimiter, join} from 'node:path'

/** Whether a browser can be launched here. Reads `BROWSER`, `DISPLAY`, `WAYLAND_DISPLAY`, `WSL_DISTRO_NAME`, `PATH`. */
export function canLaunchBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32' || platform === 'darwin') return true
  if (env.BROWSER) return true
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return true
  return Boolean(env.WSL_DISTRO_NAME) && onPath('powershell.exe', env)
}

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)))
}

/**
 * Opens `url`: with the command in `BROWSER` (the first of its `:`-separated entries; `%s` is
 * replaced by the URL, else the URL is appended), otherwise with the `open` package.
 */
export async function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const command = env.BROWSER?.split(delimiter).find((entry) => entry.trim())
  if (command) {
    const words = command.trim().split(/\s+/)
    const args = words.slice(1).map((word) => word.replaceAll('%s', url))
    if (!command.includes('%s')) args.push(url)
    await new Promise<void>((resolve, reject) => {
      const child = spawn(words[0], args, {detached: true, stdio: 'ignore'})
      child.once('error', reject)
      child.once('spawn', () => {
        child.unref()
        resolve()
      })
    })
    return
  }

  const {default: open} = await import('open')
  const child = await open(url)
  child.unref()
}
