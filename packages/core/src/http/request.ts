/**
 * One HTTP request, on node:http/node:https rather than global fetch: fetch's first use costs
 * 40–55 ms per process (undici's start-up) and ignores proxies in Node 20. node:https itself is
 * loaded on the first request, so a command that makes none (a cached token) pays nothing.
 */
import type {ClientRequest, IncomingMessage, RequestOptions} from 'node:http'

import {CommandError} from '../errors/index.js'
import {agentFor} from './agents.js'
import {logFailure, logRequest, logResponse, logRetry} from './debug-log.js'
import {HttpNetworkError} from './errors.js'
import type {NetworkFailure} from './errors.js'
import {proxyFor} from './proxy.js'
import type {ProxyConfig} from './proxy.js'
import {RetrySchedule} from './retry.js'
import type {RetryOptions} from './retry.js'
import {trustFromEnvironment} from './trust.js'

/** The time one attempt may take, from connecting to the last byte of the response. */
export const DEFAULT_TIMEOUT_MS = 30_000

export interface HttpRequest {
  readonly method: string
  readonly url: string | URL
  readonly headers?: Record<string, string>
  readonly body?: string
  /** Connect plus response, per attempt; default {@link DEFAULT_TIMEOUT_MS}. Timeouts are not retried. */
  readonly timeoutMs?: number
  /**
   * How long connecting may take, per attempt, when less than `timeoutMs`: for endpoints that
   * answer at once when they exist at all (a managed identity endpoint on this machine or link).
   */
  readonly connectTimeoutMs?: number
  /** How failed attempts are retried (see retry.ts); `false` for a single attempt. */
  readonly retry?: RetryOptions | false
}

export interface HttpResponse {
  readonly status: number
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Record<string, string>
  readonly body: string
}

/**
 * Sends a request and returns the response, whatever its status; 429 and 5xx answers are retried
 * first as retry.ts decides. Proxies come from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, trust from
 * `REQUESTS_CA_BUNDLE` and `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION`.
 *
 * @throws HttpNetworkError (a CommandError) when no response came: refused, reset, timed out, TLS
 *   or proxy failures, after any retries.
 * @throws CommandError when the proxy or CA bundle settings are unusable.
 */
export async function request(input: HttpRequest): Promise<HttpResponse> {
  const url = parseUrl(input.url)
  const method = input.method.toUpperCase()
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const proxy = proxyFor(url)
  const trust = await trustFromEnvironment()
  const agent = await agentFor(url, proxy, trust)
  const firstHopTls = proxy && url.protocol === 'http:' ? proxy.url.protocol === 'https:' : url.protocol === 'https:'
  const transport = firstHopTls ? await import('node:https') : await import('node:http')
  const headers = {...input.headers}
  if (input.body !== undefined) headers['content-length'] = String(Buffer.byteLength(input.body))
  const options: RequestOptions = {...routeOptions(url, proxy, headers), agent, method, timeout: timeoutMs}
  const schedule = new RetrySchedule(method, input.retry)

  for (;;) {
    logRequest({attempt: schedule.attempts, body: input.body, headers, method, proxy, url})
    const started = performance.now()
    let delay: number | undefined
    try {
      const response = await send(transport.request, options, input.body, {connectTimeoutMs: input.connectTimeoutMs, timeoutMs})
      logResponse(response.status, response.headers, response.body, performance.now() - started)
      delay = schedule.next(response)
      if (delay === undefined) return response
      logRetry(method, url, `status ${response.status}`, delay, schedule.attempts)
    } catch (error) {
      const failure = networkFailure(error)
      if (!failure) throw error
      logFailure(method, url, failure.code, performance.now() - started)
      delay = schedule.next({failure})
      if (delay === undefined) throw new HttpNetworkError({...failure, attempts: schedule.attempts, cause: error, method, proxy, url})
      logRetry(method, url, failure.code, delay, schedule.attempts)
    }

    await sleep(delay)
  }
}

function parseUrl(value: string | URL): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new CommandError('A request was made to a URL that is not valid.')
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CommandError(`Only http and https URLs can be requested, not ${url.protocol}`)
  return url
}

/** Host, port, path and headers of the first hop: the server itself, a tunnel, or a forwarding proxy. */
function routeOptions(url: URL, proxy: ProxyConfig | undefined, headers: Record<string, string>): RequestOptions {
  const hostname = url.hostname.replace(/^\[(.*)]$/, '$1')
  const port = url.port || (url.protocol === 'https:' ? 443 : 80)
  // https goes through a CONNECT tunnel made by the agent; only plain http is forwarded by the proxy.
  if (!proxy || url.protocol === 'https:') return {headers, hostname, path: `${url.pathname}${url.search}`, port}
  const forwarded: Record<string, string> = {host: url.host, ...headers}
  if (proxy.authorization) forwarded['proxy-authorization'] = proxy.authorization
  return {
    headers: forwarded,
    hostname: proxy.url.hostname.replace(/^\[(.*)]$/, '$1'),
    path: url.href,
    port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
  }
}

type Send = (options: RequestOptions) => ClientRequest

/** One attempt. Rejects with Node's error (with its `code`) when no complete response arrived. */
function send(
  open: Send,
  options: RequestOptions,
  body: string | undefined,
  limits: {connectTimeoutMs?: number; timeoutMs: number},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = open(options)
    const fail = (error: Error): void => {
      clearTimeout(timer)
      clearTimeout(connectTimer)
      reject(Object.assign(error, {reusedSocket: req.reusedSocket}))
    }

    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error(`No response within ${limits.timeoutMs} ms`), {code: 'ETIMEDOUT', timeoutMs: limits.timeoutMs}))
    }, limits.timeoutMs)
    let connectTimer: NodeJS.Timeout | undefined
    if (limits.connectTimeoutMs !== undefined && limits.connectTimeoutMs < limits.timeoutMs) {
      const connectTimeoutMs = limits.connectTimeoutMs
      req.once('socket', (socket) => {
        if (!socket.connecting) return
        connectTimer = setTimeout(() => {
          req.destroy(
            Object.assign(new Error(`No connection within ${connectTimeoutMs} ms`), {
              code: 'ETIMEDOUT',
              connecting: true,
              timeoutMs: connectTimeoutMs,
            }),
          )
        }, connectTimeoutMs)
        socket.once('connect', () => clearTimeout(connectTimer))
      })
    }

    req.once('error', fail)
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.once('error', fail)
      res.once('close', () => {
        if (!res.complete) fail(Object.assign(new Error('The connection closed before the response was complete'), {code: 'ECONNRESET'}))
      })
      res.once('end', () => {
        clearTimeout(timer)
        decodeBody(Buffer.concat(chunks), res.headers['content-encoding']).then(
          (text) => resolve({body: text, headers: flattenHeaders(res.headers), status: res.statusCode ?? 0}),
          reject,
        )
      })
    })
    req.end(body)
  })
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  }

  return flat
}

/** We ask for no compression, but a proxy may compress anyway; node:zlib loads only then. */
async function decodeBody(raw: Buffer, encoding: string | undefined): Promise<string> {
  const name = encoding?.trim().toLowerCase()
  if (!name || name === 'identity') return raw.toString('utf8')
  const zlib = await import('node:zlib')
  if (name === 'gzip' || name === 'x-gzip') return zlib.gunzipSync(raw).toString('utf8')
  if (name === 'deflate') return zlib.inflateSync(raw).toString('utf8')
  if (name === 'br') return zlib.brotliDecompressSync(raw).toString('utf8')
  return raw.toString('utf8')
}

/** The failure of an attempt that got no response, or undefined for errors that are not network errors. */
function networkFailure(error: unknown): NetworkFailure | undefined {
  // Duck-typed: Node's errors come from another realm than ours under jest's VM modules.
  if (typeof error !== 'object' || error === null) return undefined
  const details = error as {code?: unknown; connecting?: boolean; message?: string; reusedSocket?: boolean; status?: number; timeoutMs?: number}
  if (typeof details.code !== 'string') return undefined
  return {
    code: details.code,
    connecting: details.connecting,
    detail: details.message,
    proxyStatus: details.code === 'ERR_PROXY_TUNNEL' ? details.status : undefined,
    reusedSocket: details.reusedSocket,
    timeoutMs: details.timeoutMs,
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms)
  })
}
