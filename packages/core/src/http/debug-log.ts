/**
 * `--debug` lines for each request, in the shape az's SDK logging policy prints them
 * (`Request URL: '…'`, `Request headers:`, `Response status: …`). Secrets are masked before a line
 * is built: credentials headers, secret query parameters and form fields, token fields of JSON
 * bodies. Nothing here runs, not even string building, unless `--debug` is on.
 */
import {log, MASK, redact, SECRET_JSON_FIELDS, SECRET_PARAMETERS} from '../logger/index.js'
import type {ProxyConfig} from './proxy.js'

const SCOPE = 'cli.azx.http'
/** What az prints in place of a secret header. */
const HEADER_MASK = '*****'
/** Bodies longer than this are cut in the log; ARM lists can be large. */
const MAX_BODY_CHARS = 32 * 1024
// `x-identity-header` and `secret` carry the managed identity secret of App Service and Service Fabric.
const SECRET_HEADERS = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
  'secret',
  'set-cookie',
  'x-identity-header',
  'x-ms-authorization-auxiliary',
])

interface LoggedRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Record<string, string>
  readonly body?: string
  readonly proxy?: ProxyConfig
  readonly attempt: number
}

export function logRequest(request: LoggedRequest): void {
  const logger = log()
  if (!logger.debugEnabled) return
  const lines = [`Request URL: '${maskUrl(request.url)}'`, `Request method: '${request.method}'`]
  if (request.attempt > 1) lines.push(`Attempt: ${request.attempt}`)
  if (request.proxy) lines.push(`Proxy: '${request.proxy.url.origin}' (${request.proxy.variable})`)
  lines.push('Request headers:', ...headerLines(request.headers), 'Request body:')
  lines.push(request.body ? maskBody(request.body, headerValue(request.headers, 'content-type')) : 'This request has no body')
  for (const line of lines) logger.debug(SCOPE, line)
}

export function logResponse(status: number, headers: Record<string, string>, body: string, elapsedMs: number): void {
  const logger = log()
  if (!logger.debugEnabled) return
  const lines = [`Response status: ${status} (${Math.round(elapsedMs)} ms)`, 'Response headers:', ...headerLines(headers), 'Response content:']
  lines.push(body ? maskBody(body, headers['content-type']) : 'This response has no body')
  for (const line of lines) logger.debug(SCOPE, line)
}

export function logRetry(method: string, url: URL, why: string, delayMs: number, nextAttempt: number): void {
  log().debug(SCOPE, () => `Retrying ${method} ${maskUrl(url)} in ${(delayMs / 1000).toFixed(1)} s (${why}); attempt ${nextAttempt}`)
}

export function logFailure(method: string, url: URL, code: string, elapsedMs: number): void {
  log().debug(SCOPE, () => `${method} ${maskUrl(url)} got no response after ${Math.round(elapsedMs)} ms: ${code}`)
}

/** The URL with secret query parameters and any user info masked. */
export function maskUrl(url: URL): string {
  const masked = new URL(url.href)
  if (masked.password) masked.password = MASK
  for (const name of new Set(masked.searchParams.keys())) {
    if (SECRET_PARAMETERS.has(name.toLowerCase())) masked.searchParams.set(name, MASK)
  }

  return masked.href
}

/** Header lines as az prints them, with credentials masked. */
export function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `    '${name}': '${SECRET_HEADERS.has(name.toLowerCase()) ? HEADER_MASK : value}'`)
}

/** A body for the log: form fields and JSON fields that hold secrets are masked, then the whole is cut to size. */
export function maskBody(body: string, contentType = ''): string {
  const text = contentType.includes('x-www-form-urlencoded') ? maskForm(body) : maskJsonOrText(body)
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}… (${text.length - MAX_BODY_CHARS} more characters)` : text
}

function maskForm(body: string): string {
  return body
    .split('&')
    .map((pair) => {
      const [name = ''] = pair.split('=', 1)
      return SECRET_PARAMETERS.has(safeDecode(name).toLowerCase()) ? `${name}=${MASK}` : pair
    })
    .join('&')
}

function maskJsonOrText(body: string): string {
  const start = body.trimStart()[0]
  if (start === '{' || start === '[') {
    try {
      return JSON.stringify(maskJsonValue(JSON.parse(body)))
    } catch {
      // Not JSON after all: fall through to the text patterns.
    }
  }

  return redact(body)
}

function maskJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => maskJsonValue(item))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_JSON_FIELDS.has(key.toLowerCase()) && item !== null ? MASK : maskJsonValue(item)]),
  )
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value
  return undefined
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return text
  }
}
