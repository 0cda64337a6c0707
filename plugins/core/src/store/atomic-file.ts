import {randomBytes} from 'node:crypto'
import {promises as fs} from 'node:fs'
import {dirname} from 'node:path'

import {temporaryPathFor} from './temp-files.js'

export interface WriteOptions {
  /** The file's mode, applied whatever the umask. Secret-bearing files use the default 0600. */
  mode?: number
  /** The mode of the directory when it has to be created (the config dir is 0700), whatever the umask. */
  dirMode?: number
}

/**
 * Replaces `path` with `data` so that a reader, or a crash at any moment, sees either the old or the
 * new content and never a mix: the data goes to a temporary file beside it, is flushed and given its
 * final mode, then renamed over the target, and the rename is flushed too (the directory's fsync).
 * A writer killed before the rename leaves its temporary file; removeAbandonedTempFiles sweeps it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600
  const dir = dirname(path)
  await makeDirectory(dir, options.dirMode ?? 0o700)
  const temporary = temporaryPathFor(path)
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

  await syncDirectory(dir)
}

/**
 * Moves a file that could not be parsed out of the way (to `<file>.corrupt-<time>-<random>`) before
 * it is rewritten, so whatever it held can still be recovered by hand. The random part keeps a
 * second bad file set aside within the same second from replacing the first. Returns the new path.
 */
export async function keepBadFile(path: string): Promise<string> {
  const stamp = new Date().toISOString().replaceAll(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const kept = `${path}.corrupt-${stamp}-${randomBytes(3).toString('hex')}`
  await fs.rename(path, kept)
  return kept
}

/** Creates `dir` (and its parents) if missing; the directory itself gets exactly `mode`, whatever the umask. */
async function makeDirectory(dir: string, mode: number): Promise<void> {
  const created = await fs.mkdir(dir, {mode, recursive: true})
  if (created !== undefined) await fs.chmod(dir, mode)
}

/**
 * Makes a rename durable across a power loss. Best effort: the rename has happened, and some file
 * systems (and Windows, which cannot open a directory) refuse a directory's fsync.
 */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  try {
    const handle = await fs.open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // The data is in place; only its durability is left to the OS.
  }
}
