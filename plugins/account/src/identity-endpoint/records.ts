/**
 * Where endpoints started with `--detach` are recorded, so that `list` and `stop` find them:
 * `<config dir>/identity-endpoints/<pid>.json` (the directory 0700, the files 0600), written by the
 * server itself once it listens and removed by it when it stops. Its log is `<pid>.log` beside.
 *
 * A record holds where the server listens and whose tokens it serves, never its secret: the
 * environment is printed once, at start (`--secret-file` keeps a secret for reuse). A record
 * whose process is gone (killed, or the machine restarted) is stale: `list` and `stop` remove it.
 * Each file has one writer, its server, and is replaced by a rename, so no lock is needed.
 */
import {randomBytes} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {CommandError, NotFoundError} from '@azx/core/errors'
import {configDir} from '@azx/core/paths'

import type {ServedIdentity} from './token-source.js'

export interface EndpointRecord extends ServedIdentity {
  pid: number
  port: number
  bind: string
  /** IDENTITY_ENDPOINT for programs on this machine. */
  endpoint: string
  /** The resources it hands out tokens for; empty for any. */
  allowedResources: string[]
  logFile: string
  startedAt: string
}

/** Logs of servers that stopped are kept this long, for a look at what they served. */
const LOG_RETENTION_MS = 7 * 24 * 3600 * 1000

export function recordsDir(): string {
  return join(configDir(), 'identity-endpoints')
}

/** The log file of the server with process ID `pid`. */
export function logFileOf(pid: number): string {
  return join(recordsDir(), `${pid}.log`)
}

/** Creates the records' directory (0700) and returns it. */
export function ensureRecordsDir(): string {
  const dir = recordsDir()
  mkdirSync(dir, {mode: 0o700, recursive: true})
  return dir
}

export function writeRecord(record: EndpointRecord): void {
  const path = join(ensureRecordsDir(), `${record.pid}.json`)
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  writeFileSync(temporary, `${JSON.stringify(record, undefined, 2)}\n`, {mode: 0o600})
  renameSync(temporary, path)
}

export function removeRecord(pid: number): void {
  rmSync(join(recordsDir(), `${pid}.json`), {force: true})
}

/** The records of servers still running, oldest first; stale records and old logs are removed. */
export function runningEndpoints(): EndpointRecord[] {
  const dir = recordsDir()
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }

  const running: EndpointRecord[] = []
  for (const name of names.filter((entry) => /^\d+\.json$/.test(entry))) {
    const record = readRecord(join(dir, name))
    if (record && isServer(record.pid)) running.push(record)
    else rmSync(join(dir, name), {force: true})
  }

  removeOldLogs(dir, names, new Set(running.map((record) => record.pid)))
  return running.sort((a, b) => a.startedAt.localeCompare(b.startedAt))
}

function readRecord(path: string): EndpointRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as EndpointRecord
    return Number.isInteger(record.pid) && Number.isInteger(record.port) ? record : undefined
  } catch {
    return undefined
  }
}

function removeOldLogs(dir: string, names: string[], running: Set<number>): void {
  const now = Date.now()
  for (const name of names.filter((entry) => /^\d+\.log$/.test(entry))) {
    const path = join(dir, name)
    if (running.has(Number.parseInt(name, 10))) continue
    try {
      if (now - statSync(path).mtimeMs > LOG_RETENTION_MS) rmSync(path, {force: true})
    } catch {
      // removed meanwhile
    }
  }
}

/**
 * True while `pid` is a detached endpoint server. Where /proc tells a process's command line
 * (Linux), a process ID reused by another program after a crash is not taken for the server.
 */
function isServer(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    // ESRCH: gone. EPERM: another user's process, so not a server this user started.
    return false
  }

  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(DETACHED_SERVER_FLAG)
  } catch {
    return process.platform !== 'linux'
  }
}

/** The hidden flag `start --detach` gives the server it starts (see start.ts). */
export const DETACHED_SERVER_FLAG = '--detached-server'

/** How long a server may take to stop: its grace for requests under way, and some. */
const STOP_TIMEOUT_MS = 15_000

/**
 * Stops the detached servers, or the one on `port`, with SIGTERM, and waits until each has ended.
 * Resolves with those stopped.
 */
export async function stopEndpoints(port: number | undefined): Promise<EndpointRecord[]> {
  const running = runningEndpoints()
  const chosen = port === undefined ? running : running.filter((record) => record.port === port)
  if (port !== undefined && chosen.length === 0) {
    throw new NotFoundError(`No identity endpoint started with --detach listens on port ${port}.`, {
      recommendations: ['See those that run with: az account identity-endpoint list'],
    })
  }

  await Promise.all(chosen.map((record) => stopServer(record.pid)))
  return chosen
}

async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    // ended meanwhile
  }

  const deadline = Date.now() + STOP_TIMEOUT_MS
  while (isServer(pid)) {
    if (Date.now() > deadline) {
      throw new CommandError(`The identity endpoint in process ${pid} did not stop within ${STOP_TIMEOUT_MS / 1000} seconds.`, {
        recommendations: [`End it with: kill -9 ${pid}`],
      })
    }

    await new Promise((resolve) => setTimeout(resolve, 50))
  }

  removeRecord(pid)
}
