/**
 * The cross-process lock every read-modify-write of a shared file holds: `<file>.lockfile`, the lock
 * file the Microsoft Authentication Extensions take, so that azx, the Python az and any other app
 * built on those extensions exclude each other on the token cache and the service principal entries.
 *
 * The protocol, as the other side follows it:
 * - msal-extensions 1.0.0 for Python (Debian's python3-msal-extensions 1.0.0-2, which azure-cli
 *   2.45 uses; msal_extensions/cache_lock.py, CrossPlatLock) locks msal_token_cache.json around every
 *   change (token_cache.py, PersistedTokenCache.modify; reads take no lock) and
 *   service_principal_entries.json around every save (azure/cli/core/auth/persistence.py,
 *   SecretStore.save). It creates `<file>.lockfile` with O_CREAT|O_EXCL, trying every 0.25 s for 5 s
 *   and then going on without it (a warning only); opens it (append mode, truncated once locked) and
 *   takes flock(LOCK_EX|LOCK_NB) through portalocker 2.2.1, trying every 0.25 s for 5 s and then
 *   failing (LockException); writes `<pid> <argv[0]>`; on exit unlocks, closes and unlinks it.
 *   msal-extensions 1.3.1 (today's az) does the same when portalocker is installed, and otherwise
 *   only the O_EXCL creation, writing `<pid> <argv[0]>` at once and failing after 5 s.
 * - @azure/msal-node-extensions 5.6.0 (dist/lock/CrossPlatformLock.mjs) opens `<file>.lockfile`
 *   with 'wx+' (O_EXCL), writes `<pid>`, tries every 100 ms up to 500 times, and unlocks by
 *   unlinking, then closing. No flock.
 * Neither breaks a lock whose owner died: Python waits its 5 s and goes on, Node fails after 50 s.
 *
 * azx takes the same file, created exclusively, and:
 * - publishes it whole, as a hard link of a draft, so it is never seen empty, with azx's owner lines
 *   (lock-owner.ts; neither extension reads the file);
 * - holds an flock on it from before it appears until after it is gone (flock.ts), so that a Python
 *   az that stopped waiting for the file to vanish still waits for azx instead of writing with it;
 * - breaks a lock whose owner is gone (lock-owner.ts, isAbandoned): azx's by PID, host and start
 *   time, an extension's by PID, one with no owner after a second, any after 30 s;
 * - releases by unlinking the file if it is still its own, then closing it (the flock goes last).
 *   A Python az that opened the file before it was unlinked then gets the flock of a file no one
 *   else sees, and may run beside the next holder: a gap of the Python protocol itself, which only
 *   opens after its 5 s wait.
 * A lock that is never released, and anything at a lock's path that is not a lock (a directory, a
 * dangling link), ends in the same bounded wait and an error that names it and says what to do.
 *
 * azx's own files (azureProfile.json, config, clouds.config), which the Python az does not lock,
 * take the same lock file: one discipline and one name for every file. Only the files the MSAL
 * extensions lock also get the flock ({@link LockOptions.flock}): it costs a short-lived process.
 */
import {promises as fs} from 'node:fs'
import type {FileHandle} from 'node:fs/promises'
import {dirname} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {CommandError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {flockExclusive} from './flock.js'
import {linkTarget} from './link-target.js'
import {describeOwner, isAbandoned, ownerText} from './lock-owner.js'
import {inspectLock} from './lock-state.js'
import type {LockState} from './lock-state.js'
import {removeAbandonedTempFiles, temporaryPathFor} from './temp-files.js'
import {cannotWrite, writeStep} from './write-errors.js'

export interface LockOptions {
  /** How long to wait for another process to release the lock before failing, in ms. */
  timeoutMs?: number
  /** A lock older than this is taken to be abandoned even if its owner looks alive, in ms. */
  staleMs?: number
  /**
   * Also hold an flock(2) on the lock file (flock.ts), as the Python MSAL extensions expect of the
   * files they lock: the token cache and the service principal entries. Off for files only azx
   * locks, which the flock's process would only slow down.
   */
  flock?: boolean
}

/** The lock file of `path`, as the MSAL extensions name it. */
export function lockPathOf(path: string): string {
  return `${path}.lockfile`
}

const DEFAULT_TIMEOUT_MS = 15_000
const DEFAULT_STALE_MS = 30_000
/**
 * Breaking a lock takes milliseconds: a breaker older than this is stuck even if its owner lives
 * (one whose owner is dead is removed at once).
 */
const BREAKER_STALE_MS = 10_000
/** link() errors of file systems without hard links: then the lock is created with O_EXCL. */
const LINK_UNSUPPORTED = new Set(['ENOSYS', 'ENOTSUP', 'EOPNOTSUPP', 'EPERM'])

/** A lock this process holds: its file, what it wrote in it, and the open file that carries its flock. */
interface HeldLock {
  handle: FileHandle
  lockPath: string
  owner: string
}

/**
 * Runs `fn` while holding the cross-process lock of `path`. When `path` is a symbolic link, the lock
 * sits beside its target, so that two links to one file exclude each other, and beside the link
 * too, where an MSAL extension given the link's path looks for it (the target's first, always, so
 * two azx processes never wait on each other crosswise). Holding the lock, it first sweeps what
 * killed processes left: temporary files beside the file and a lock breaker.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const target = await writeStep(path, 'create-file', () => linkTarget(path))
  const files = target === path ? [path] : [target, path]
  const held: HeldLock[] = []
  try {
    // The config dir is created for its files, never a missing directory a link points into.
    for (const file of files) held.push(await acquire(path, lockPathOf(file), options, file === path))
    await Promise.all([...files.map((file) => removeAbandonedTempFiles(file)), ...held.map((lock) => removeAbandonedBreaker(lock.lockPath))])
    return await fn()
  } finally {
    for (const lock of held.reverse()) await release(lock)
  }
}

async function acquire(file: string, lockPath: string, options: LockOptions, createDirectory: boolean): Promise<HeldLock> {
  const owner = ownerText()
  const draft = await writeDraft(file, lockPath, owner, createDirectory)
  let draftHandle: FileHandle | undefined
  try {
    draftHandle = await fs.open(draft, 'r')
    // Locked before it is published: nobody else can know the draft yet, so this never waits.
    if (options.flock) await flockExclusive(draftHandle)
    const handle = await waitToPublish(file, draft, draftHandle, lockPath, owner, options)
    if (handle !== draftHandle) await draftHandle.close()
    return {handle, lockPath, owner}
  } catch (error) {
    await draftHandle?.close()
    throw error
  } finally {
    await fs.rm(draft, {force: true})
  }
}

/**
 * Publishes the lock as soon as nobody else holds it: waits (5 ms, doubling up to 50 ms, with
 * jitter) while the lock is there, breaks it if its owner is gone, and gives up at the deadline
 * whatever is in the way. Returns the open file that carries the lock's flock.
 */
async function waitToPublish(
  file: string,
  draft: string,
  draftHandle: FileHandle,
  lockPath: string,
  owner: string,
  options: LockOptions,
): Promise<FileHandle> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const deadline = Date.now() + timeoutMs
  let delay = 5
  for (;;) {
    const handle = await publish(file, draft, draftHandle, lockPath, owner)
    if (handle) return handle
    const state = await inspectLock(lockPath)
    // Only a lock that went away, or was broken, is worth trying again at once.
    const changed = state.kind === 'absent' || (await breakIfAbandoned(file, lockPath, state, staleMs))
    if (Date.now() >= deadline) throw timedOut(lockPath, state, timeoutMs)
    if (!changed) {
      await sleep(delay + Math.random() * delay)
      delay = Math.min(delay * 2, 50)
    }
  }
}

/**
 * Writes a lock's content to a temporary file beside it (named as temp-files.ts names them, so the
 * sweep removes those of killed processes); publish() then links it into place, so that a lock file
 * never exists without its owner in it. Creates the directory (0700) if it is missing and allowed.
 */
async function writeDraft(file: string, path: string, text: string, createDirectory: boolean): Promise<string> {
  const draft = temporaryPathFor(path)
  const dir = dirname(path)
  try {
    await fs.writeFile(draft, text, {flag: 'wx', mode: 0o600})
    return draft
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !createDirectory) throw cannotWrite(file, 'create-file', error, dir)
  }

  await writeStep(file, 'create-directory', () => makeDirectory(dir), dir)
  return writeDraft(file, path, text, false)
}

async function makeDirectory(dir: string): Promise<void> {
  const created = await fs.mkdir(dir, {mode: 0o700, recursive: true})
  if (created !== undefined) await fs.chmod(dir, 0o700)
}

/**
 * Creates the lock unless it exists: the open file that now carries its flock, or undefined. As a
 * hard link to the draft (link() never replaces a file), so the draft's flock comes with it; where
 * hard links are not supported, with O_EXCL, and then locked.
 */
async function publish(file: string, draft: string, draftHandle: FileHandle, lockPath: string, text: string): Promise<FileHandle | undefined> {
  // A lock's age counts from when it is taken, not from when its draft was written.
  const now = new Date()
  await draftHandle.utimes(now, now)
  const how = await putInPlace(file, draft, lockPath, text)
  if (how !== 'written') return how === 'linked' ? draftHandle : undefined
  const handle = await fs.open(lockPath, 'r')
  await flockExclusive(handle)
  return handle
}

/**
 * Puts a draft at `path` unless something is there already: `linked`, `written` (where hard links
 * are not supported: `text` with O_EXCL), or undefined.
 */
async function putInPlace(file: string, draft: string, path: string, text: string): Promise<'linked' | 'written' | undefined> {
  try {
    await fs.link(draft, path)
    return 'linked'
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    if (code === 'EEXIST') return undefined
    if (!LINK_UNSUPPORTED.has(code ?? '')) throw cannotWrite(file, 'create-file', error, dirname(path))
  }

  try {
    await fs.writeFile(path, text, {flag: 'wx', mode: 0o600})
    return 'written'
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined
    throw cannotWrite(file, 'create-file', error, dirname(path))
  }
}

/**
 * Removes the lock if its owner is gone (see isAbandoned); true if it did, or if the lock changed
 * meanwhile. Two waiters may find the same abandoned lock; a second lock (`<lock>.break`) makes sure
 * only one of them removes it, and only if it is still the version that was judged abandoned. A
 * breaker left by a killed process is itself removed as soon as its owner is seen to be dead.
 */
async function breakIfAbandoned(file: string, lockPath: string, seen: LockState, staleMs: number): Promise<boolean> {
  if (seen.kind !== 'held' && seen.kind !== 'unreadable') return false
  const abandoned = seen.kind === 'held' ? isAbandoned(seen.owner, seen.writtenMs, staleMs) : Date.now() - seen.writtenMs > staleMs
  if (!abandoned) return false

  const breaker = `${lockPath}.break`
  const ours = ownerText()
  const draft = await writeDraft(file, breaker, ours, false)
  const breaking = await putInPlace(file, draft, breaker, ours).finally(() => fs.rm(draft, {force: true}))
  if (!breaking) {
    const other = await inspectLock(breaker)
    if (other.kind === 'absent') return true
    if (other.kind !== 'held' || !isAbandoned(other.owner, other.writtenMs, BREAKER_STALE_MS)) return false
    await removeIfVersion(breaker, other.version)
    return true
  }

  try {
    if (await removeIfVersion(lockPath, seen.version)) {
      const owner = seen.kind === 'held' ? describeOwner(seen.owner) : 'an owner this process may not read'
      log().debug('store', `Removed the abandoned lock '${lockPath}' of ${owner}`)
    }

    return true
  } finally {
    await removeIfUnchanged(breaker, ours)
  }
}

/** A breaker (see breakIfAbandoned) whose owner was killed is removed by the next holder of the lock, so none lingers. */
async function removeAbandonedBreaker(lockPath: string): Promise<void> {
  const breaker = `${lockPath}.break`
  const seen = await inspectLock(breaker).catch(() => undefined)
  if (seen?.kind === 'held' && isAbandoned(seen.owner, seen.writtenMs, BREAKER_STALE_MS))
    await removeIfVersion(breaker, seen.version).catch(() => undefined)
}

/** Releases a lock: its file goes if it is still ours, then its flock with the open file. */
async function release(lock: HeldLock): Promise<void> {
  try {
    await removeIfUnchanged(lock.lockPath, lock.owner)
  } finally {
    await lock.handle.close()
  }
}

/**
 * Unlinks `path` if it still holds `text`. A lock is released this way so that a process whose
 * lock was broken (it was paused past the stale age) never removes the lock another has taken since.
 */
async function removeIfUnchanged(path: string, text: string): Promise<void> {
  const state = await inspectLock(path)
  if (state.kind === 'held' && state.raw === text) {
    await fs.rm(path, {force: true})
  } else if (state.kind !== 'absent') {
    log().debug('store', `Left '${path}' in place: it is no longer ours`)
  }
}

/** Unlinks `path` if it is still the version seen (see LockState); true if it did. */
async function removeIfVersion(path: string, version: string): Promise<boolean> {
  const now = await inspectLock(path)
  if (now.kind !== 'held' && now.kind !== 'unreadable') return false
  if (now.version !== version) return false
  await fs.rm(path, {force: true})
  return true
}

/** How long the wait was, as a person reads it: `300 ms` under a second, else seconds (`1.5 s`, `15 s`). */
function durationText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`
}

/** The error at the end of the wait: what is in the way, and what to do about it. */
function timedOut(lockPath: string, state: LockState, timeoutMs: number): CommandError {
  const waited = `Timed out after ${durationText(timeoutMs)} waiting for the lock '${lockPath}'`
  if (state.kind === 'foreign') {
    return new CommandError(`${waited}: it is ${state.what}, not a lock file.`, {
      recommendations: [`Remove '${lockPath}' (no program makes locks like it), then run the command again.`],
    })
  }

  const holder =
    state.kind === 'held'
      ? `, held by ${describeOwner(state.owner)}.`
      : state.kind === 'unreadable'
        ? `, which this process cannot read: ${state.reason}.`
        : ', held by another process.'
  return new CommandError(`${waited}${holder}`, {
    recommendations: [`If no other az process is running, delete '${lockPath}' and run the command again.`],
  })
}
