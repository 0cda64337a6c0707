import {randomBytes} from 'node:crypto'
import {promises as fs} from 'node:fs'
import {hostname} from 'node:os'
import {dirname} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {CommandError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {isAlive, ownStartTime, startTimeOf} from './process-identity.js'
import {removeAbandonedTempFiles, temporaryPathFor} from './temp-files.js'

export interface LockOptions {
  /** How long to wait for another process to release the lock before failing, in ms. */
  timeoutMs?: number
  /** A lock older than this is taken to be abandoned even if its owner looks alive, in ms. */
  staleMs?: number
}

const DEFAULT_TIMEOUT_MS = 15_000
const DEFAULT_STALE_MS = 30_000
/**
 * Breaking a lock takes milliseconds: a breaker older than this is stuck even if its owner lives
 * (one whose owner is dead is removed at once).
 */
const BREAKER_STALE_MS = 10_000
/** A lock file without its owner (one not written by publish(), e.g. by an older azx) is taken over after this. */
const UNWRITTEN_STALE_MS = 1000
/** link() errors of file systems without hard links: then the lock is created with O_EXCL. */
const LINK_UNSUPPORTED = new Set(['ENOSYS', 'ENOTSUP', 'EOPNOTSUPP', 'EPERM'])

interface LockOwner {
  host: string
  pid: number
  /** The owner's start time (process-identity.ts), empty where unknown or in an older lock. */
  startTime: string
}

interface SeenLock {
  mtimeMs: number
  owner: LockOwner | undefined
  raw: string
}

/**
 * Runs `fn` while holding the cross-process lock of `path` (the file `<path>.lock`, created with
 * O_EXCL and naming its owner: PID, host, time, start time, a random tag). Every read-modify-write
 * of a shared file goes through here. Holding the lock, it first sweeps what killed processes left:
 * temporary files beside `path` and a lock breaker.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`
  const owner = ownerText()
  await acquire(lockPath, owner, options)
  try {
    await Promise.all([removeAbandonedTempFiles(path), removeAbandonedBreaker(lockPath)])
    return await fn()
  } finally {
    await removeIfUnchanged(lockPath, owner)
  }
}

async function acquire(lockPath: string, owner: string, options: LockOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const deadline = Date.now() + timeoutMs
  const draft = await writeDraft(lockPath, owner)
  try {
    let delay = 5
    for (;;) {
      if (await publish(draft, lockPath, owner)) return
      if (await breakIfAbandoned(lockPath, staleMs)) continue
      if (Date.now() >= deadline) {
        throw new CommandError(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the lock '${lockPath}', held by another az process.`, {
          recommendations: [`If no other az process is running, delete '${lockPath}' and run the command again.`],
        })
      }

      await sleep(delay + Math.random() * delay)
      delay = Math.min(delay * 2, 50)
    }
  } finally {
    await fs.rm(draft, {force: true})
  }
}

/**
 * Writes a lock's content to a temporary file beside it (named as temp-files.ts names them, so the
 * sweep removes those of killed processes); publish() then links it into place, so that a lock file
 * never exists without its owner in it. Creates the directory (0700) if needed.
 */
async function writeDraft(path: string, text: string): Promise<string> {
  const draft = temporaryPathFor(path)
  for (;;) {
    try {
      await fs.writeFile(draft, text, {flag: 'wx', mode: 0o600})
      return draft
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      const created = await fs.mkdir(dirname(path), {mode: 0o700, recursive: true})
      if (created !== undefined) await fs.chmod(dirname(path), 0o700)
    }
  }
}

/**
 * Creates `path` as a hard link to the draft unless it exists (link() never replaces a file); false
 * when it exists. Where hard links are not supported, creates it with O_EXCL instead.
 */
async function publish(draft: string, path: string, text: string): Promise<boolean> {
  // A lock's age counts from when it is taken, not from when its draft was written.
  const now = new Date()
  await fs.utimes(draft, now, now)
  try {
    await fs.link(draft, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (!LINK_UNSUPPORTED.has(code ?? '')) throw error
  }

  try {
    await fs.writeFile(path, text, {flag: 'wx', mode: 0o600})
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/**
 * Removes the lock if its owner is gone (see isAbandoned). Two waiters may find the same abandoned
 * lock; a second lock (`<lock>.break`) makes sure only one of them removes it, and only if it still
 * holds the content that was judged abandoned. A breaker left by a killed process is itself
 * removed as soon as its owner is seen to be dead.
 */
async function breakIfAbandoned(lockPath: string, staleMs: number): Promise<boolean> {
  const seen = await readLock(lockPath)
  if (seen === undefined) return true // released meanwhile: try again at once
  if (!isAbandoned(seen, staleMs, UNWRITTEN_STALE_MS)) return false

  const breaker = `${lockPath}.break`
  const ours = ownerText()
  const draft = await writeDraft(breaker, ours)
  const breaking = await publish(draft, breaker, ours).finally(() => fs.rm(draft, {force: true}))
  if (!breaking) {
    const other = await readLock(breaker)
    if (other === undefined) return true
    if (!isAbandoned(other, BREAKER_STALE_MS, UNWRITTEN_STALE_MS)) return false
    await removeIfUnchanged(breaker, other.raw)
    return true
  }

  try {
    const again = await readLock(lockPath)
    if (again?.raw === seen.raw) {
      await fs.rm(lockPath, {force: true})
      log().debug('store', `Removed the abandoned lock '${lockPath}' (owner ${describeOwner(seen.owner)})`)
    }

    return true
  } finally {
    await removeIfUnchanged(breaker, ours)
  }
}

/** A breaker (see breakIfAbandoned) whose owner was killed is removed by the next holder of the lock, so none lingers. */
async function removeAbandonedBreaker(lockPath: string): Promise<void> {
  const breaker = `${lockPath}.break`
  const seen = await readLock(breaker).catch(() => undefined)
  if (seen && isAbandoned(seen, BREAKER_STALE_MS, UNWRITTEN_STALE_MS)) await removeIfUnchanged(breaker, seen.raw).catch(() => undefined)
}

/**
 * True when nobody can be holding the lock any more: it is older than `staleMs`; or its owner, on
 * this host, is dead, or is a new process that reuses the PID (another start time); or it never got
 * its owner written and is older than `unwrittenMs`.
 */
function isAbandoned(seen: SeenLock, staleMs: number, unwrittenMs: number): boolean {
  const age = Date.now() - seen.mtimeMs
  if (age > staleMs) return true
  const {owner} = seen
  if (owner === undefined) return age > unwrittenMs
  if (owner.host !== hostname()) return false
  if (!isAlive(owner.pid)) return true
  if (owner.startTime === '') return false
  const current = startTimeOf(owner.pid)
  return current !== undefined && current !== owner.startTime
}

/**
 * Unlinks `path` if it still holds `text`. A lock is released this way so that a process whose
 * lock was broken (it was paused past the stale age) never removes the lock another has taken since.
 */
async function removeIfUnchanged(path: string, text: string): Promise<void> {
  const current = await fs.readFile(path, 'utf8').catch(() => undefined)
  if (current === text) {
    await fs.rm(path, {force: true})
  } else if (current !== undefined) {
    log().debug('store', `Left '${path}' in place: it is no longer ours`)
  }
}

function ownerText(): string {
  return `${process.pid}\n${hostname()}\n${Date.now()}\n${ownStartTime()}\n${randomBytes(6).toString('hex')}\n`
}

async function readLock(path: string): Promise<SeenLock | undefined> {
  try {
    const [raw, stat] = await Promise.all([fs.readFile(path, 'utf8'), fs.stat(path)])
    return {mtimeMs: stat.mtimeMs, owner: parseOwner(raw), raw}
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * The owner named in a lock file, or undefined while it is being written (every line ends with a
 * newline, so a half-read file never passes for a whole one). Older azx versions wrote PID, host and
 * time only.
 */
function parseOwner(raw: string): LockOwner | undefined {
  if (!raw.endsWith('\n')) return undefined
  const [pid, host, since, startTime, tag] = raw.split('\n')
  if (!pid || !host || !since || !Number.isInteger(Number(pid))) return undefined
  return {host, pid: Number(pid), startTime: tag ? startTime : ''}
}

function describeOwner(owner: LockOwner | undefined): string {
  return owner ? `PID ${owner.pid} on ${owner.host}` : 'unknown'
}
