import {promises as fs} from 'node:fs'
import {hostname} from 'node:os'
import {dirname} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {CommandError} from '../errors/index.js'

export interface LockOptions {
  /** How long to wait for another process to release the lock before failing, in ms. */
  timeoutMs?: number
  /** A lock older than this is taken to be abandoned even if its owner looks alive (PID reuse), in ms. */
  staleMs?: number
}

const DEFAULT_TIMEOUT_MS = 15_000
const DEFAULT_STALE_MS = 30_000

interface LockOwner {
  host: string
  pid: number
  since: number
}

/**
 * Runs `fn` while holding the cross-process lock of `path` (the file `<path>.lock`, created with
 * O_EXCL and holding the owner's PID). Every read-modify-write of a shared file goes through here.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`
  await acquire(lockPath, options)
  try {
    return await fn()
  } finally {
    await fs.rm(lockPath, {force: true})
  }
}

async function acquire(lockPath: string, options: LockOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS
  const deadline = Date.now() + timeoutMs
  const owner = `${process.pid}\n${hostname()}\n${Date.now()}\n`
  let delay = 5
  for (;;) {
    try {
      await fs.writeFile(lockPath, owner, {flag: 'wx', mode: 0o600})
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') {
        await fs.mkdir(dirname(lockPath), {mode: 0o700, recursive: true})
        continue
      }

      if (code !== 'EEXIST') throw error
    }

    if (await breakIfAbandoned(lockPath, staleMs)) continue
    if (Date.now() >= deadline) {
      throw new CommandError(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the lock '${lockPath}', held by another az process.`, {
        recommendations: [`If no other az process is running, delete '${lockPath}' and run the command again.`],
      })
    }

    await sleep(delay + Math.random() * delay)
    delay = Math.min(delay * 2, 50)
  }
}

/**
 * Removes the lock if its owner is gone: a dead PID on this host, or a lock older than `staleMs`.
 * Two waiters may find the same abandoned lock; a second lock (`<lock>.break`) makes sure only one
 * of them removes it, and only if it still holds the content that was judged abandoned.
 */
async function breakIfAbandoned(lockPath: string, staleMs: number): Promise<boolean> {
  const seen = await readOwner(lockPath)
  if (seen === undefined) return true // released meanwhile: try again at once
  if (!isAbandoned(seen.owner, seen.mtimeMs, staleMs)) return false

  const breaker = `${lockPath}.break`
  try {
    await fs.writeFile(breaker, String(process.pid), {flag: 'wx', mode: 0o600})
  } catch {
    // Someone else is breaking it; a breaker left by a killed process is itself abandoned after a while.
    const stat = await fs.stat(breaker).catch(() => undefined)
    if (stat && Date.now() - stat.mtimeMs > 5000) await fs.rm(breaker, {force: true})
    return false
  }

  try {
    const again = await readOwner(lockPath)
    if (again && again.raw === seen.raw) await fs.rm(lockPath, {force: true})
    return true
  } finally {
    await fs.rm(breaker, {force: true})
  }
}

async function readOwner(lockPath: string): Promise<{mtimeMs: number; owner: LockOwner | undefined; raw: string} | undefined> {
  try {
    const [raw, stat] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)])
    const [pid, host, since] = raw.split('\n')
    const owner = pid && host && since ? {host, pid: Number(pid), since: Number(since)} : undefined
    return {mtimeMs: stat.mtimeMs, owner, raw}
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function isAbandoned(owner: LockOwner | undefined, mtimeMs: number, staleMs: number): boolean {
  if (Date.now() - mtimeMs > staleMs) return true
  // A lock file still being written has no owner yet: give its writer a moment.
  if (owner === undefined) return Date.now() - mtimeMs > 1000
  if (owner.host !== hostname()) return false
  return !isAlive(owner.pid)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
