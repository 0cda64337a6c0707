import {randomBytes} from 'node:crypto'
import {hostname} from 'node:os'

import {isAlive, ownStartTime, startedAtMs, startTimeOf} from './process-identity.js'

/**
 * Who holds a lock, as its file says:
 * - `azx`: azx's five lines, PID, host, time, start time (empty where there is no /proc) and a
 *   random tag;
 * - `msal`: an MSAL extension's: `<pid> <argv[0]>` (Python) or `<pid>` (Node), written just after
 *   the file was created, so briefly empty;
 * - `unknown`: empty, or anything else.
 */
export type LockOwner = {host: string; kind: 'azx'; pid: number; startTime: string} | {kind: 'msal'; pid: number; program: string} | {kind: 'unknown'}

/** The lines azx writes into a lock it takes; the tag makes each lock's content unique. */
export function ownerText(): string {
  return `${process.pid}\n${hostname()}\n${Date.now()}\n${ownStartTime()}\n${randomBytes(6).toString('hex')}\n`
}

/** The owner a lock file names (see LockOwner). */
export function parseOwner(raw: string): LockOwner {
  // azx's lines each end with a newline: a lock is published whole (file-lock.ts), so never half-read.
  const lines = raw.split('\n')
  if (raw.endsWith('\n') && lines.length === 6) {
    const [pid, host, since, startTime, tag] = lines
    if (/^\d+$/.test(pid) && host && /^\d+$/.test(since) && tag) return {host, kind: 'azx', pid: Number(pid), startTime}
  }

  const msal = /^(\d+)(?: ([^]*))?$/.exec(raw)
  return msal ? {kind: 'msal', pid: Number(msal[1]), program: msal[2] ?? ''} : {kind: 'unknown'}
}

/** How long a lock may stay without an owner that can be checked before it counts as abandoned. */
const UNWRITTEN_STALE_MS = 1000
/** /proc's start times are from a boot time in whole seconds: a start this much after the lock still tells. */
const START_TIME_SLACK_MS = 2000

/**
 * True when nobody can be holding a lock written at `writtenMs` any more: it is older than
 * `staleMs`; or its owner, on this host, is dead, or is a new process that reuses the PID (another
 * start time, or for an MSAL extension's lock, which names no host, a process that started after
 * the lock was written); or it names no owner and is older than {@link UNWRITTEN_STALE_MS}.
 */
export function isAbandoned(owner: LockOwner, writtenMs: number, staleMs: number): boolean {
  const age = Date.now() - writtenMs
  if (age > staleMs) return true
  switch (owner.kind) {
    case 'azx': {
      if (owner.host !== hostname()) return false
      if (!isAlive(owner.pid)) return true
      if (owner.startTime === '') return false
      const current = startTimeOf(owner.pid)
      return current !== undefined && current !== owner.startTime
    }

    case 'msal': {
      if (!isAlive(owner.pid)) return true
      const started = startedAtMs(owner.pid)
      return started !== undefined && started > writtenMs + START_TIME_SLACK_MS
    }

    case 'unknown': {
      return age > UNWRITTEN_STALE_MS
    }
  }
}

/** The owner, for messages: `another az process (PID 1234)`, `process 1234 (/usr/bin/az)`. */
export function describeOwner(owner: LockOwner): string {
  switch (owner.kind) {
    case 'azx': {
      return `another az process (PID ${owner.pid}${owner.host === hostname() ? '' : ` on ${owner.host}`})`
    }

    case 'msal': {
      return owner.program ? `process ${owner.pid} (${owner.program})` : `process ${owner.pid}`
    }

    case 'unknown': {
      return 'a process that did not write its name'
    }
  }
}
