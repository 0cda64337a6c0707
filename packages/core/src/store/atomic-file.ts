import {randomBytes} from 'node:crypto'
import {promises as fs} from 'node:fs'
import {dirname} from 'node:path'

import {linkTarget} from './link-target.js'
import {temporaryPathFor} from './temp-files.js'
import {cannotWrite, writeStep} from './write-errors.js'

export interface WriteOptions {
  /** The file's mode, applied whatever the umask. Secret-bearing files use the default 0600. */
  mode?: number
  /** The mode of the directory when it has to be created (the config dir is 0700), whatever the umask. */
  dirMode?: number
  /**
   * Sets the file's modification time this far ahead of the clock, in ms. The MSAL extensions (the
   * Python az's msal-extensions 1.0.0, token_cache.py, and @azure/msal-node-extensions) read a cache
   * file again only when its mtime is later than the time they noted just after their last read
   * (unlocked): a write that lands while they read would be missed, and dropped by their next save
   * under the lock. A time ahead makes them read it again; it only costs them reads.
   */
  modifiedAheadMs?: number
}

/**
 * Replaces `path` with `data` so that a reader, or a crash at any moment, sees either the old or the
 * new content and never a mix: the data goes to a temporary file beside it, is flushed and given its
 * final mode, then renamed over the target, and the rename is flushed too (the directory's fsync).
 * A writer killed before the rename leaves its temporary file; removeAbandonedTempFiles sweeps it.
 *
 * When `path` is a symbolic link, its target is replaced, with the temporary file beside the
 * target, and the link stays (see linkTarget). The directory is created when `path` is not a link;
 * a link into a directory that does not exist is an error, as it is for the Python az.
 * A refusal of the file system is a CommandError naming `path` and why (write-errors.ts).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600
  const target = await writeStep(path, 'create-file', () => linkTarget(path))
  const dir = dirname(target)
  if (target === path) await writeStep(path, 'create-directory', () => makeDirectory(dir, options.dirMode ?? 0o700))
  const temporary = temporaryPathFor(target)
  const handle = await writeStep(path, 'create-file', () => fs.open(temporary, 'wx', mode), dir)
  try {
    await handle.writeFile(data)
    // open() applies the umask; chmod makes the mode exact before the file becomes visible.
    await handle.chmod(mode)
    if (options.modifiedAheadMs !== undefined) await handle.utimes(new Date(), new Date(Date.now() + options.modifiedAheadMs))
    await handle.sync()
  } catch (error) {
    await handle.close()
    await fs.rm(temporary, {force: true})
    throw cannotWrite(path, 'write', error, dir)
  }

  await handle.close()
  try {
    await fs.rename(temporary, target)
  } catch (error) {
    await fs.rm(temporary, {force: true})
    throw cannotWrite(path, 'replace', error, dir)
  }

  await syncDirectory(dir)
}

/**
 * Moves a file that could not be parsed out of the way (to `<file>.corrupt-<time>-<random>`) before
 * it is rewritten, so whatever it held can still be recovered by hand. The random part keeps a
 * second bad file set aside within the same second from replacing the first. A symbolic link stays:
 * its target is moved, and the next write creates the target anew. Returns the new path.
 */
export async function keepBadFile(path: string): Promise<string> {
  const target = await linkTarget(path)
  const stamp = new Date()
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  const kept = `${target}.corrupt-${stamp}-${randomBytes(3).toString('hex')}`
  await writeStep(path, 'replace', () => fs.rename(target, kept), dirname(target))
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
