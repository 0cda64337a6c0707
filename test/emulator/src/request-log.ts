/**
 * Every request the emulator answered (or dropped), in order, so a test can assert what a client
 * did on the wire, e.g. that a cached token cost zero requests. Bodies are never kept: they carry
 * passwords, secrets and tokens.
 */

export interface RequestLogEntry {
  /** ISO time the request arrived (machine clock). */
  time: string
  method: string
  /** The path without the query string, as the client sent it (for a CONNECT: the `host:port` target). */
  path: string
  /** The query string without `?`; empty when none. */
  query: string
  /** The route that handled it (`token`, `subscriptions`, …; `proxy-connect` for a tunnel opened by the proxy, `not-found` when none). */
  route: string
  /** The Host header, e.g. `localhost:8443`, or `login.microsoftonline.com` through the proxy. */
  host: string
  /** `grant_type` of a token request. */
  grantType?: string
  /** The HTTP status sent; 0 when the connection was dropped. */
  status: number
  /** The injected fault that shaped the answer, if any. */
  fault?: 'latency' | 'status' | 'drop'
  durationMs: number
}

/** Fields a test can filter on; strings match case-insensitively, a RegExp is tested against the field. */
export type RequestLogFilter = {
  [K in 'method' | 'path' | 'route' | 'host' | 'grantType']?: string | RegExp
} & {status?: number}

export class RequestLog {
  readonly #entries: RequestLogEntry[] = []

  /** The entries that match `filter`, oldest first (a copy). */
  entries(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.#entries.filter((entry) => matches(entry, filter)).map((entry) => ({...entry}))
  }

  count(filter: RequestLogFilter = {}): number {
    return this.#entries.filter((entry) => matches(entry, filter)).length
  }

  clear(): void {
    this.#entries.length = 0
  }

  /** @internal Called by the server once a request is answered. */
  record(entry: RequestLogEntry): void {
    this.#entries.push(entry)
  }
}

function matches(entry: RequestLogEntry, filter: RequestLogFilter): boolean {
  for (const [key, expected] of Object.entries(filter)) {
    if (expected === undefined) continue
    const actual = entry[key as keyof RequestLogEntry]
    if (expected instanceof RegExp) {
      if (actual === undefined || !expected.test(String(actual))) return false
    } else if (typeof expected === 'number') {
      if (actual !== expected) return false
    } else if (actual === undefined || String(actual).toLowerCase() !== String(expected).toLowerCase()) {
      return false
    }
  }

  return true
}
