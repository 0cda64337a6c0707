/**
 * The identity endpoint from start to stop: the checks that refuse to start it (a bad or exposed
 * `--bind`, no one signed in, an unusable secret file), the listener, the status lines, and a clean
 * stop on Ctrl-C, SIGTERM or SIGHUP: no new requests, the ones under way answered, the record of a
 * detached server removed, exit code 0.
 */
import {log} from '@azx/core'
import {UsageError} from '@azx/core/errors'

import {AllowList} from './allow-list.js'
import {checkBindAddress, isLoopback, localHost, reachableAddresses, urlHost} from './bind-address.js'
import {reportFailure, reportReady} from './detach.js'
import {TOKEN_PATH} from './protocol.js'
import {RateLimiter} from './rate-limit.js'
import {logFileOf, removeRecord, writeRecord} from './records.js'
import {formatLogLine} from './request-log.js'
import {newSecret, secretFromFile} from './secret.js'
import {listen} from './server.js'
import {accountTokenSource} from './token-source.js'
import type {ServedIdentity} from './token-source.js'

interface EndpointSettings {
  subscription?: string
  tenant?: string
  bind: string
  port: number
  allowNonLoopback: boolean
  allowResources: string[]
  secretFile?: string
  /** Requests per minute per client address. */
  rateLimit: number
  /** No status line per request (`--quiet`); those of starting and stopping stay. */
  quiet: boolean
}

interface OpenEndpoint {
  readonly identity: ServedIdentity
  readonly port: number
  readonly secret: string
  /** IDENTITY_ENDPOINT for programs on this machine. */
  readonly localEndpoint: string
}

/** How the endpoint runs: in the foreground, told to `announce` itself, or as a detached server. */
type RunMode = {detached: false; announce: (endpoint: OpenEndpoint) => void} | {detached: true}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Runs the endpoint until a stop signal; rejects, before listening, when it must not start. */
export async function runIdentityEndpoint(settings: EndpointSettings, mode: RunMode): Promise<void> {
  const stopped = stopSignal()
  let endpoint
  try {
    endpoint = await open(settings)
  } catch (error) {
    stopped.dispose()
    if (mode.detached) await reportFailure(error)
    throw error
  }

  const {listening, open: details} = endpoint
  if (mode.detached) {
    writeRecord({
      ...details.identity,
      allowedResources: settings.allowResources,
      bind: settings.bind,
      endpoint: details.localEndpoint,
      logFile: logFileOf(process.pid),
      pid: process.pid,
      port: details.port,
      startedAt: new Date().toISOString(),
    })
    await reportReady({logFile: logFileOf(process.pid), pid: process.pid, port: details.port, secret: details.secret})
  } else {
    mode.announce(details)
  }

  const {identity} = details
  const subscription = settings.tenant === undefined ? `subscription '${identity.subscriptionName}', ` : ''
  status(
    `Serving tokens of ${identity.user} (${subscription}tenant ${identity.tenant}) for ` +
      `${new AllowList(settings.allowResources).describe()} at ${details.localEndpoint}` +
      (mode.detached ? '.' : '. Press Ctrl-C to stop.'),
  )
  try {
    const signal = await stopped.signal
    status(`${signal}: stopping; requests under way are answered first.`)
    await listening.close()
    status('Stopped.')
  } finally {
    if (mode.detached) removeRecord(process.pid)
  }
}

async function open(settings: EndpointSettings) {
  checkBindAddress(settings.bind, settings.allowNonLoopback)
  if (settings.allowResources.some((resource) => resource.trim() === '')) {
    throw new UsageError('usage error: --allow-resource needs a resource ID, e.g. https://management.azure.com/')
  }

  // Refuses when no one is signed in, as get-access-token does.
  const source = await accountTokenSource({subscription: settings.subscription, tenant: settings.tenant})
  const secret = settings.secretFile === undefined ? newSecret() : secretFromFile(settings.secretFile)
  const listening = await listen({
    allowList: new AllowList(settings.allowResources),
    bind: settings.bind,
    onRequest: settings.quiet ? () => {} : (entry) => status(formatLogLine(entry)),
    port: settings.port,
    rateLimiter: new RateLimiter(settings.rateLimit),
    secret,
    tokens: source.token,
  })
  if (!isLoopback(settings.bind)) warnExposure(settings, listening.port, source.identity)
  const localEndpoint = `http://${urlHost(localHost(settings.bind))}:${listening.port}${TOKEN_PATH}`
  return {listening, open: {identity: source.identity, localEndpoint, port: listening.port, secret} satisfies OpenEndpoint}
}

/** What a non-loopback bind exposes, said once the port is known. */
function warnExposure(settings: EndpointSettings, port: number, identity: ServedIdentity): void {
  const addresses = reachableAddresses(settings.bind).map((address) => `${urlHost(address)}:${port}`)
  const resources = new AllowList(settings.allowResources).describe()
  log().warning(
    `The endpoint listens on ${settings.bind}:${port}, reachable beyond this machine at ${addresses.join(', ') || 'its network addresses'}. ` +
      `Anyone there who has its IDENTITY_HEADER secret gets tokens of ${identity.user} for ${resources}.`,
  )
}

/** A status line on stderr, which is a detached server's log file. */
function status(line: string): void {
  process.stderr.write(`${line}\n`)
}

/**
 * The first stop signal. Listening from the start means a Ctrl-C while the endpoint starts also
 * ends it cleanly, after it has listened, rather than killing the process mid-way.
 */
function stopSignal(): {signal: Promise<NodeJS.Signals>; dispose(): void} {
  let handler: (signal: NodeJS.Signals) => void = () => {}
  const dispose = () => {
    for (const name of STOP_SIGNALS) process.removeListener(name, handler)
  }

  const signal = new Promise<NodeJS.Signals>((resolve) => {
    handler = (received) => {
      dispose()
      // A second Ctrl-C while requests finish ends the process at once, as Node would.
      process.once('SIGINT', () => process.exit(130))
      resolve(received)
    }
  })
  for (const name of STOP_SIGNALS) process.on(name, handler)
  return {dispose, signal}
}
