import {constants, promises as fs} from 'node:fs'
import type {Stats} from 'node:fs'

import {isSystemError, systemErrorReason} from '../errors/system-errors.js'
import {parseOwner} from './lock-owner.js'
import type {LockOwner} from './lock-owner.js'

/**
 * What is at a lock's path while someone else has it:
 * - `absent`: nothing (released meanwhile);
 * - `held`: a lock file, with its owner and its content (up to 4 KiB, more than any lock holds);
 * - `unreadable`: a file this process may not read (another user's), so its owner is unknown;
 * - `foreign`: something no lock-taker makes (a directory, a symbolic link, a pipe…), which only
 *   a person can remove.
 * `version` names the file's inode, size and time, so a lock is only removed if it is still the one
 * that was judged abandoned.
 */
export type LockState =
  | {kind: 'absent'}
  | {kind: 'foreign'; what: string}
  | {kind: 'held'; owner: LockOwner; raw: string; version: string; writtenMs: number}
  | {kind: 'unreadable'; reason: string; version: string; writtenMs: number}

/**
 * Looks at a lock's path without following a link, without blocking on a pipe, and without
 * reading more than a lock holds.
 */
export async function inspectLock(lockPath: string): Promise<LockState> {
  let handle: fs.FileHandle
  try {
    handle = await fs.open(lockPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    return inspectUnopened(lockPath, error)
  }

  try {
    const stat = await handle.stat()
    if (!stat.isFile()) return {kind: 'foreign', what: kindOf(stat)}
    const {buffer, bytesRead} = await handle.read({buffer: Buffer.alloc(4096), position: 0})
    const raw = buffer.subarray(0, bytesRead).toString('utf8')
    return {kind: 'held', owner: parseOwner(raw), raw, version: versionOf(stat), writtenMs: stat.mtimeMs}
  } finally {
    await handle.close()
  }
}

/** What a lock that could not be opened is: gone, a symbolic link (O_NOFOLLOW), or a file we may not read. */
async function inspectUnopened(lockPath: string, error: unknown): Promise<LockState> {
  const stat = await fs.lstat(lockPath).catch(() => undefined)
  if (stat === undefined) return {kind: 'absent'}
  if (stat.isSymbolicLink()) {
    const destination = await fs.readlink(lockPath).catch(() => '?')
    return {kind: 'foreign', what: `a symbolic link (to '${destination}')`}
  }

  if (!stat.isFile()) return {kind: 'foreign', what: kindOf(stat)}
  const reason = isSystemError(error) ? systemErrorReason(error) : String(error)
  return {kind: 'unreadable', reason, version: versionOf(stat), writtenMs: stat.mtimeMs}
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory'
  if (stat.isFIFO()) return 'a named pipe'
  if (stat.isSocket()) return 'a socket'
  if (stat.isSymbolicLink()) return 'a symbolic link'
  return 'a device'
}

function versionOf(stat: Stats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`
}
