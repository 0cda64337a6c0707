import {randomBytes} from 'node:crypto'
import {promises as fs} from 'node:fs'
import {basename, dirname, join} from 'node:path'

export interface WriteOptions {
  /** The file's mode, applied whatever the umask. Secret-bearing files use the default 0600. */
  mode?: number
  /** The mode of the directory when it has to be created (the config dir is 0700). */
  dirMode?: number
}

/** The file's text, or undefined when it does not exist. */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Replaces `path` with `data` so that a reader, or a crash at any moment, sees either the old or the
 * new content and never a mix.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600
  const dir = dirname(path)
  await fs.mkdir(dir, {mode: options.dirMode ?? 0o700, recursive: true})
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const handle = await fs.open(temporary, 'wx', mode)
  try {
    await handle.writeFile(data)
    // open() applies the umask; chmod makes the mode exact before the file becomes visible.
    await handle.chmod(mode)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await fs.rm(temporary, {force: true})
    throw error
  }

  await handle.close()
  try {
    await fs.rename(temporary, path)
  } catch (error) {
    await fs.rm(temporary, {force: true})
    throw error
  }
}

/**
 * Moves a file that could not be parsed out of the way (to `<file>.corrupt-<timestamp>`) before it
 * is rewritten, so whatever it held can still be recovered by hand. Returns the new path.
 */
export async function keepBadFile(path: string): Promise<string> {
  const stamp = new Date().toISOString().replaceAll(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const kept = `${path}.corrupt-${stamp}`
  await fs.rename(path, kept)
  return kept
}
