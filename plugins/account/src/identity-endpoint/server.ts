/**
 * The identity endpoint's HTTP listener. Every request goes through the same checks, in an order
 * that tells a client without the secret nothing: its client's rate, then the secret header (401),
 * then the path and method (404, 405), the query (400) and the allow-list (403); only then is a
 * token asked for. Answers are never cached by intermediaries (`Cache-Control: no-store`).
 */
import {createHash, timingSafeEqual} from 'node:crypto'
import {createServer} from 'node:http'
import type {IncomingMessage, Server, ServerResponse} from 'node:http'

import {CommandError, isAzError} from '@azx/core/errors'

import type {AllowList} from './allow-list.js'
import {errorBody, readTokenQuery, SECRET_HEADER, TOKEN_PATH, tokenBody} from './protocol.js'
import type {TokenAnswer} from './protocol.js'
import type {RateLimiter} from './rate-limit.js'
import type {RequestLogEntry} from './request-log.js'

interface ListenOptions {
  /** The address to listen on (`127.0.0.1`, `::1`, `0.0.0.0`, a bridge's address). */
  bind: string
  /** 0 for a free port. */
  port: number
  /** The value clients must send in X-IDENTITY-HEADER. */
  secret: string
  allowList: AllowList
  rateLimiter: RateLimiter
  tokens: (resource: string) => Promise<TokenAnswer>
  /** Called once for every request, after it was answered. */
  onRequest: (entry: RequestLogEntry) => void
}

interface ListeningEndpoint {
  /** The port it listens on (the one chosen, when asked for 0). */
  readonly port: number
  /** Stops accepting requests, lets the ones under way finish (at most a few seconds), resolves when all are closed. */
  close(): Promise<void>
}

/** How long requests under way may take to finish when the endpoint stops. */
const CLOSE_GRACE_MS = 5000

interface Answer {
  status: number
  body: object
  outcome: string
  resource?: string
  headers?: Record<string, string>
}

export async function listen(options: ListenOptions): Promise<ListeningEndpoint> {
  const secretDigest = digest(options.secret)
  const server = createServer({headersTimeout: 10_000, requestTimeout: 30_000}, (request, response) => {
    const started = performance.now()
    const time = new Date()
    request.resume()
    void answer(request, options, secretDigest)
      .catch((error: Error) => failure(500, `The request failed: ${error.message}`, `failed: ${error.message}`))
      .then((result) => {
        send(response, result)
        const client = clientAddress(request)
        options.onRequest({
          client,
          durationMs: performance.now() - started,
          outcome: result.outcome,
          resource: result.resource,
          status: result.status,
          time,
        })
      })
  })
  await listening(server, options)
  return {
    close: () => close(server),
    port: (server.address() as {port: number}).port,
  }
}

async function answer(request: IncomingMessage, options: ListenOptions, secretDigest: Buffer): Promise<Answer> {
  const url = new URL(request.url ?? '/', 'http://endpoint')
  const resource = url.searchParams.get('resource') ?? undefined
  const wait = options.rateLimiter.take(clientAddress(request))
  if (wait > 0) {
    return {
      ...failure(
        429,
        `Too many requests from this client: at most ${options.rateLimiter.perMinute} a minute. Retry after ${wait} seconds.`,
        'rate limited',
      ),
      headers: {'Retry-After': String(wait)},
      resource,
    }
  }

  const sent = request.headers[SECRET_HEADER]
  if (typeof sent !== 'string' || !timingSafeEqual(digest(sent), secretDigest)) {
    const outcome = sent === undefined ? 'no X-IDENTITY-HEADER' : 'wrong X-IDENTITY-HEADER'
    return {...failure(401, 'The X-IDENTITY-HEADER header is missing or wrong: send the value of IDENTITY_HEADER.', outcome), resource}
  }

  if (url.pathname !== TOKEN_PATH && url.pathname !== `${TOKEN_PATH}/`)
    return {...failure(404, `Not found: tokens are served at ${TOKEN_PATH}.`, 'unknown path'), resource}
  if (request.method !== 'GET') return {...failure(405, 'Only GET is supported.', `method ${request.method}`), headers: {Allow: 'GET'}, resource}
  const query = readTokenQuery(url.searchParams)
  if ('status' in query) return {...failure(query.status, query.message, 'bad request'), resource}
  if (!options.allowList.allows(query.resource)) {
    return {
      ...failure(
        403,
        `This endpoint does not hand out tokens for '${query.resource}'. It serves: ${options.allowList.describe()}.`,
        'resource not allowed',
      ),
      resource,
    }
  }

  try {
    const token = await options.tokens(query.resource)
    return {body: tokenBody(token, query.resource), outcome: `token valid until ${token.expiresOn.toISOString()}`, resource, status: 200}
  } catch (error) {
    // az's errors (not signed in, session expired, MFA required) are the account's state, not a
    // fault of the endpoint: 400, which SDKs do not retry. Anything else may pass: 500.
    if (isAzError(error)) return {...failure(400, [error.message, ...error.recommendations].join(' '), `no token: ${error.message}`), resource}
    const message = (error as Error).message
    return {...failure(500, `The token could not be had: ${message}`, `failed: ${message}`), resource}
  }
}

function failure(status: number, message: string, outcome: string): Answer {
  return {body: errorBody(status, message), outcome, status}
}

function send(response: ServerResponse, answer: Answer): void {
  const body = JSON.stringify(answer.body)
  response.writeHead(answer.status, {
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    'Content-Type': 'application/json; charset=utf-8',
    ...answer.headers,
  })
  response.end(body)
}

/** The client's address, IPv4-mapped IPv6 addresses as plain IPv4. */
function clientAddress(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
}

/** Fixed-length digests, so comparing a guess with the secret takes the same time whatever its length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

function listening(server: Server, options: ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options)))
    server.listen({host: options.bind, port: options.port}, () => resolve())
  })
}

function listenError(error: NodeJS.ErrnoException, {bind, port}: ListenOptions): Error {
  switch (error.code) {
    case 'EADDRINUSE': {
      return new CommandError(`Port ${port} on ${bind} is in use.`, {
        recommendations: ['Choose another with --port, or leave --port out for a free one.'],
      })
    }

    case 'EADDRNOTAVAIL': {
      return new CommandError(`${bind} is not an address of this machine.`, {
        recommendations: ['Pass --bind one of its addresses, e.g. 127.0.0.1, or 172.17.0.1 for the Docker bridge.'],
      })
    }

    case 'EACCES': {
      return new CommandError(`Listening on port ${port} of ${bind} is not permitted.`, {
        recommendations: ['Ports below 1024 need privileges: choose a higher one, or leave --port out for a free one.'],
      })
    }

    default: {
      return new CommandError(`The endpoint could not listen on ${bind}:${port}: ${error.message}`)
    }
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
    setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref()
  })
}
