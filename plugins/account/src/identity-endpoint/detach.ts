/**
 * `start --detach`: the endpoint runs in a server process of its own, in a new session (a closed
 * terminal does not stop it), its stderr (status lines, warnings, a crash) going to its log file.
 * The command that started it waits until the server listens, or failed to start, and hears which
 * over an IPC channel: its port and secret, or az's error, which it then reports as its own. The
 * channel is then closed and the server left running; `stop` ends it.
 */
import {spawn} from 'node:child_process'
import {closeSync, openSync, renameSync, rmdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {AzError, CommandError, ExitCode, isAzError, NotFoundError, UsageError} from '@azx/core/errors'
import type {ExitCodeValue} from '@azx/core/errors'

import {DETACHED_SERVER_FLAG, ensureRecordsDir, logFileOf} from './records.js'

/** What the server tells the command that started it. */
type ServerReport =
  | {kind: 'ready'; pid: number; port: number; secret: string; logFile: string}
  | {kind: 'failed'; exitCode: number; message: string; recommendations: string[]}

/** How long a server may take to start: signing in is not part of it, only reading the config dir and listening. */
const START_TIMEOUT_MS = 60_000

/**
 * Starts `az <commandWords> <argv> --detached-server` in the background and resolves once it
 * listens; rejects with the server's own error when it cannot start.
 */
export async function startDetached(commandWords: string[], argv: string[]): Promise<Extract<ServerReport, {kind: 'ready'}>> {
  const dir = ensureRecordsDir()
  const pendingLog = join(dir, `starting-${process.pid}-${Date.now()}.log`)
  const logFd = openSync(pendingLog, 'a', 0o600)
  let child
  try {
    child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...commandWords, ...argv, DETACHED_SERVER_FLAG], {
      detached: true,
      stdio: ['ignore', 'ignore', logFd, 'ipc'],
    })
  } finally {
    closeSync(logFd)
  }

  if (child.pid === undefined) {
    rmSync(pendingLog, {force: true})
    throw new CommandError('The background endpoint could not be started.', {recommendations: ['Run the command without --detach to see why.']})
  }

  // The server names its log by its process ID: the file gets that name before the server starts.
  const logFile = logFileOf(child.pid)
  renameSync(pendingLog, logFile)
  const server = child
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      server.kill('SIGTERM')
      settle(() =>
        reject(
          new CommandError(`The background endpoint did not start within ${START_TIMEOUT_MS / 1000} seconds and was stopped.`, {
            recommendations: [`See its log: ${logFile}`],
          }),
        ),
      )
    }, START_TIMEOUT_MS)
    const settle = (outcome: () => void) => {
      clearTimeout(timer)
      server.removeAllListeners()
      if (server.connected) server.disconnect()
      server.unref()
      outcome()
    }

    server.on('message', (report: ServerReport) =>
      settle(() => {
        if (report.kind === 'ready') {
          resolve(report)
          return
        }

        // Its error is reported here, so its log says nothing more; the directory goes too if the
        // server was to be its first.
        rmSync(logFile, {force: true})
        removeIfEmpty(dir)
        reject(toAzError(report))
      }),
    )
    // 'close', not 'exit': it comes after every message the server sent was read.
    server.on('close', (code, signal) => {
      settle(() =>
        reject(
          new CommandError(`The background endpoint stopped (${signal ?? `exit code ${code}`}) before it was ready.`, {
            recommendations: [`See its log: ${logFile}`],
          }),
        ),
      )
    })
  })
}

/** In the server: tells the command that started it that it listens, then lets it go. */
export function reportReady(report: Omit<Extract<ServerReport, {kind: 'ready'}>, 'kind'>): Promise<void> {
  return send({kind: 'ready', ...report})
}

/** In the server: tells the command that started it why it could not start. */
export function reportFailure(error: unknown): Promise<void> {
  const report: ServerReport = isAzError(error)
    ? {exitCode: error.exitCode, kind: 'failed', message: error.message, recommendations: error.recommendations}
    : {exitCode: ExitCode.CommandError, kind: 'failed', message: (error as Error).message, recommendations: []}
  return send(report)
}

function send(report: ServerReport): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) {
      resolve()
      return
    }

    process.send(report, undefined, {}, () => {
      if (process.connected) process.disconnect()
      resolve()
    })
  })
}

function toAzError(report: Extract<ServerReport, {kind: 'failed'}>): AzError {
  const options = {recommendations: report.recommendations}
  const byCode: Record<ExitCodeValue, () => AzError> = {
    [ExitCode.CommandError]: () => new CommandError(report.message, options),
    [ExitCode.NotFound]: () => new NotFoundError(report.message, options),
    [ExitCode.UsageError]: () => new UsageError(report.message, options),
  }
  return (byCode[report.exitCode as ExitCodeValue] ?? byCode[ExitCode.CommandError])()
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir)
  } catch {
    // other servers' records or logs are there
  }
}
