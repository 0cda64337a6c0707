/**
 * Safe reads and writes of the files in the config dir, shared by every service that persists state.
 *
 * Four rules, because az users run many processes against one config dir (az issues 19402, 20273):
 * - a write never leaves a half-written file: it goes to a temporary file beside the target, is
 *   flushed, given its final mode and renamed over the target (rename is atomic on one file system),
 *   and the temporary files of writers killed mid-way are swept under the lock;
 * - a symbolic link stays one (dotfile managers): its target is written, beside the target;
 * - a read-modify-write holds a cross-process lock (`<file>.lockfile`, the lock the MSAL extensions
 *   and so the Python az take: file-lock.ts), waits a bounded time for it, breaks a lock whose owner
 *   has died, and releases only a lock that is still its own;
 * - a file that does not parse is never silently replaced: {@link keepBadFile} moves it aside first.
 * A write the file system refuses is a CommandError that names the file and why (write-errors.ts).
 */
import type {WriteOptions} from './atomic-file.js'
import type {LockOptions} from './file-lock.js'

export type {WriteOptions} from './atomic-file.js'
export type {LockOptions} from './file-lock.js'
export {ProcessTurn} from './process-turn.js'
export {readTextFile} from './read-text-file.js'

// The writers load on first use: a command that only reads (a cached token) then never loads
// node:crypto, node:fs/promises and the lock's machinery.

/** See atomic-file.ts. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options?: WriteOptions): Promise<void> {
  return (await import('./atomic-file.js')).writeFileAtomic(path, data, options)
}

/** See atomic-file.ts. */
export async function keepBadFile(path: string): Promise<string> {
  return (await import('./atomic-file.js')).keepBadFile(path)
}

/** See file-lock.ts. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options?: LockOptions): Promise<T> {
  return (await import('./file-lock.js')).withFileLock(path, fn, options)
}
