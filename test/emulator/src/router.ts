/**
 * The route table's types and matching. Paths match case-insensitively because MSAL lower-cases
 * authority URLs; handlers return a `Reply` instead of writing to the response, which keeps them
 * small and lets the server log and shape every answer in one place.
 */
import type {IncomingHttpHeaders} from 'node:http'
import type {EmulatorContext} from './context.js'

export interface Reply {
  status: number
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
}

export interface RouteRequest {
  method: string
  url: URL
  /** The capture groups of the route's pattern, decoded. */
  params: string[]
  headers: IncomingHttpHeaders
  /** The raw body (urlencoded or JSON); empty for GET. */
  body: string
  /** The body parsed as a form (empty unless urlencoded). */
  form: URLSearchParams
  /** The Host header. */
  host: string
  /** The caller's `client-request-id`, or a new one. */
  correlationId: string
}

/** How a route's errors look when a fault replaces its answer. */
export type ErrorStyle = 'aad' | 'arm' | 'managedIdentity' | 'html'

export interface Route {
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Anchored, case-insensitive pattern of the path. */
  pattern: RegExp
  errorStyle: ErrorStyle
  handle(request: RouteRequest, context: EmulatorContext): Reply | Promise<Reply>
}

type RouteMatch = {route: Route; params: string[]} | {methodNotAllowed: string; allowed: string[]} | undefined

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowed: string[] = []
  let name = ''
  for (const route of routes) {
    const match = route.pattern.exec(path)
    if (!match) continue
    if (route.method === method) return {route, params: match.slice(1).map((param) => safeDecode(param))}
    allowed.push(route.method)
    name ||= route.name
  }

  return allowed.length > 0 ? {methodNotAllowed: name, allowed} : undefined
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** A JSON reply. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {status, body, headers: {'content-type': 'application/json; charset=utf-8', ...headers}}
}

/** An HTML page. */
export function html(status: number, page: string, headers: Record<string, string> = {}): Reply {
  return {status, body: page, headers: {'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers}}
}

/** A redirect. */
export function redirect(location: string): Reply {
  return {status: 302, headers: {location, 'cache-control': 'no-store'}}
}
