/**
 * The request pipeline every connection goes through (direct TLS, tunnelled through the proxy, or
 * plain HTTP through the proxy): route, read the body, apply a fault, answer, log.
 */
import {randomUUID} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {createServer, type Server} from 'node:https'
import type {Socket} from 'node:net'
import {AADSTS, aadError} from './aad-errors.js'
import {armError} from './arm-authentication.js'
import type {EmulatorContext} from './context.js'
import type {FaultRule} from './faults.js'
import {CONTROL_PREFIX, ROUTES} from './routes/index.js'
import {html, json, matchRoute, type ErrorStyle, type Reply, type RouteRequest} from './router.js'
import {errorPage} from './sign-in-pages.js'

const MAX_BODY_BYTES = 1024 * 1024

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void

/** Connections and timers to cut when the emulator closes. */
export class Lifetime {
  readonly sockets = new Set<Socket>()
  readonly #timers = new Set<{timer: NodeJS.Timeout; resolve: () => void}>()
  closed = false

  track(socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
  }

  /** Waits `ms`, or less if the emulator closes first. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {timer: setTimeout(() => finish(), ms), resolve: () => finish()}
      const finish = () => {
        clearTimeout(entry.timer)
        this.#timers.delete(entry)
        resolve()
      }
      this.#timers.add(entry)
    })
  }

  close(): void {
    this.closed = true
    for (const entry of this.#timers) entry.resolve()
    for (const socket of this.sockets) socket.destroy()
  }
}

export function createRequestHandler(context: EmulatorContext, lifetime: Lifetime): RequestHandler {
  return (request, response) => {
    handle(context, lifetime, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, json(500, {error: {code: 'InternalServerError', message: String((error as Error)?.message ?? error)}}))
      else response.destroy()
    })
  }
}

/** The emulator's HTTPS server; `handler` also serves connections the proxy hands over. */
export function createHttpsServer(key: string, cert: string, handler: RequestHandler, lifetime: Lifetime): Server {
  const server = createServer({key, cert}, handler)
  server.on('connection', (socket: Socket) => lifetime.track(socket))
  // A client that gives up on the TLS handshake (az's version check through the proxy) is not an error.
  server.on('tlsClientError', (_error, socket) => socket.destroy())
  return server
}

async function handle(context: EmulatorContext, lifetime: Lifetime, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = Date.now()
  const method = (request.method ?? 'GET').toUpperCase()
  const host = request.headers.host ?? context.hostPort
  // Through the plain-HTTP proxy the request line carries an absolute URL; otherwise a path.
  const url = new URL(request.url ?? '/', `https://${host}`)
  const path = url.pathname
  const match = matchRoute(ROUTES, method, path)
  const routeName = match === undefined ? 'not-found' : 'route' in match ? match.route.name : match.methodNotAllowed
  const style: ErrorStyle = match && 'route' in match ? match.route.errorStyle : 'arm'
  const isControl = path.toLowerCase().startsWith(CONTROL_PREFIX)

  const body = await readBody(request)
  if (body === undefined) {
    send(response, json(413, {error: {code: 'RequestEntityTooLarge', message: 'The request body is too large.'}}))
    return
  }

  const isForm = (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')
  const form = new URLSearchParams(isForm ? body : '')
  const grantType = routeName === 'token' ? (form.get('grant_type') ?? undefined) : undefined
  const correlationId = headerValue(request.headers['client-request-id']) ?? randomUUID()
  const log = (status: number, fault?: 'latency' | 'status' | 'drop') => {
    if (isControl) return
    context.requestLog.record({
      time: new Date(started).toISOString(),
      method,
      path,
      query: url.search.replace(/^\?/, ''),
      route: routeName,
      host,
      ...(grantType ? {grantType} : {}),
      status,
      ...(fault ? {fault} : {}),
      durationMs: Date.now() - started,
    })
  }

  const fault = isControl ? undefined : context.faults.take({route: routeName, path, method, host, grantType})
  if (fault?.latencyMs) await lifetime.delay(fault.latencyMs)
  if (lifetime.closed) return
  if (fault?.drop) {
    log(0, 'drop')
    request.socket.destroy()
    return
  }

  const routeRequest: RouteRequest = {method, url, params: [], headers: request.headers, body, form, host, correlationId}
  let reply: Reply
  if (fault?.status) {
    reply = faultReply(context, routeRequest, fault, style)
  } else if (match === undefined) {
    reply = armError(404, 'NotFound', `The requested path '${path}' was not found on the emulator.`)
  } else if (!('route' in match)) {
    reply = armError(405, 'MethodNotAllowed', `The method '${method}' is not allowed on '${path}'.`, {allow: match.allowed.join(', ')})
  } else {
    reply = await match.route.handle({...routeRequest, params: match.params}, context)
  }

  reply.headers = {'x-ms-request-id': randomUUID(), 'client-request-id': correlationId, ...reply.headers}
  log(reply.status, fault?.status ? 'status' : fault?.latencyMs ? 'latency' : undefined)
  send(response, reply)
}

function faultReply(context: EmulatorContext, request: RouteRequest, fault: FaultRule, style: ErrorStyle): Reply {
  const status = fault.status as number
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : {'retry-after': String(fault.retryAfterSeconds)}
  const throttled = status === 429
  let reply: Reply
  if (style === 'aad' && fault.aadsts) {
    const {code, error, message, suberror} = fault.aadsts
    reply = aadError(context, request, {
      status,
      code,
      error: error ?? 'invalid_grant',
      message: message ?? `Injected fault: AADSTS${code}.`,
      ...(suberror ? {suberror} : {}),
    })
  } else if (style === 'aad') {
    reply = aadError(context, request, {
      ...AADSTS.transientError(),
      status,
      error: throttled || status === 503 ? 'temporarily_unavailable' : 'server_error',
    })
  } else if (style === 'managedIdentity') {
    reply = json(status, {error: throttled ? 'too_many_requests' : 'server_error', error_description: `Injected fault: HTTP ${status}.`})
  } else if (style === 'html') {
    reply = html(status, errorPage({code: 90033, message: 'A transient error has occurred. Please try again.', correlationId: request.correlationId}))
  } else {
    const code = throttled ? 'TooManyRequests' : status === 503 ? 'ServiceUnavailable' : status === 504 ? 'GatewayTimeout' : 'InternalServerError'
    reply = armError(
      status,
      code,
      throttled ? 'The request is being throttled. Retry after the time in the Retry-After header.' : `Injected fault: HTTP ${status}.`,
    )
  }

  reply.headers = {...reply.headers, ...headers}
  return reply
}

function send(response: ServerResponse, reply: Reply): void {
  const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
  response.writeHead(reply.status, {...reply.headers, 'content-length': String(Buffer.byteLength(body))})
  response.end(body)
}

/** The body as text; undefined when it exceeds the limit. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value || undefined
}
