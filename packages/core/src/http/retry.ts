/**
 * When a failed attempt is worth repeating, and after how long.
 *
 * A request that may safely run twice (GET, HEAD, PUT, DELETE, OPTIONS) is retried after 408,
 * 429 and 5xx gateway/unavailable answers and after connection failures. Any other request (a
 * POST to a token endpoint) is retried only when the server asks for it with 429 or 503 plus
 * `Retry-After`, when the connection was refused (nothing was sent), or when a kept-alive socket
 * turned out to be closed. Timeouts are never retried: each would cost a whole time limit again.
 */
import type {NetworkFailure} from './errors.js'

export interface RetryOptions {
  /** Attempts after the first; default 3. */
  maxRetries?: number
  /** Most time spent waiting between attempts, in total; default 10 s. A longer `Retry-After` ends the retries. */
  maxWaitMs?: number
  /** The first backoff delay when the server names none, doubled on each retry; default 500 ms. */
  baseDelayMs?: number
  /** Whether the request may run twice; by default true for GET, HEAD, PUT, DELETE and OPTIONS. */
  idempotent?: boolean
}

type AttemptOutcome = {readonly failure: NetworkFailure} | {readonly headers: Record<string, string>; readonly status: number}

const IDEMPOTENT_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PUT'])
const RETRIED_STATUSES = new Set([408, 429, 500, 502, 503, 504])
const RETRIED_ERRORS = new Set(['EAI_AGAIN', 'ECONNABORTED', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'])

/** Counts attempts and waiting time for one request and decides on each retry. */
export class RetrySchedule {
  private readonly maxRetries: number
  private readonly maxWaitMs: number
  private readonly baseDelayMs: number
  private readonly idempotent: boolean
  private retries = 0
  private waitedMs = 0

  constructor(method: string, options: RetryOptions | false = {}) {
    const settings = options === false ? {maxRetries: 0} : options
    this.maxRetries = settings.maxRetries ?? 3
    this.maxWaitMs = settings.maxWaitMs ?? 10_000
    this.baseDelayMs = settings.baseDelayMs ?? 500
    this.idempotent = settings.idempotent ?? IDEMPOTENT_METHODS.has(method.toUpperCase())
  }

  /** Attempts made so far, including the one being judged. */
  get attempts(): number {
    return this.retries + 1
  }

  /**
   * The delay in milliseconds before the next attempt, or undefined to stop and report the outcome.
   * Calling it with a retried outcome counts the retry and the wait.
   */
  next(outcome: AttemptOutcome, now = Date.now()): number | undefined {
    if (this.retries >= this.maxRetries) return undefined
    const delay = 'failure' in outcome ? this.afterFailure(outcome.failure) : this.afterStatus(outcome.status, outcome.headers, now)
    if (delay === undefined || this.waitedMs + delay > this.maxWaitMs) return undefined
    this.retries++
    this.waitedMs += delay
    return delay
  }

  private afterStatus(status: number, headers: Record<string, string>, now: number): number | undefined {
    const asked = retryAfterMs(headers, now)
    if (this.idempotent) return RETRIED_STATUSES.has(status) ? (asked ?? this.backoff()) : undefined
    return (status === 429 || status === 503) && asked !== undefined ? asked : undefined
  }

  private afterFailure(failure: NetworkFailure): number | undefined {
    // A server may close an idle kept-alive socket just as we reuse it; a fresh socket fixes that at once.
    const staleSocket = failure.reusedSocket === true && (failure.code === 'ECONNRESET' || failure.code === 'EPIPE')
    if (staleSocket) return 0
    if (this.idempotent) return RETRIED_ERRORS.has(failure.code) ? this.backoff() : undefined
    return failure.code === 'ECONNREFUSED' ? this.backoff() : undefined
  }

  /** Exponential, with ±20 % jitter so parallel requests (one per tenant) do not retry in step. */
  private backoff(): number | undefined {
    const remaining = this.maxWaitMs - this.waitedMs
    if (remaining <= 0) return undefined
    const delay = this.baseDelayMs * 2 ** this.retries * (0.8 + Math.random() * 0.4)
    return Math.round(Math.min(delay, remaining))
  }
}

/**
 * The wait a response asks for, in milliseconds: `retry-after-ms` or `x-ms-retry-after-ms`
 * (Azure's), else `Retry-After` as seconds or as an HTTP date. Undefined when none is usable.
 */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers[name]?.trim()
    if (value && /^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value))
  }

  const value = headers['retry-after']?.trim()
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  // Every HTTP date format starts with the day's name; V8 would also read '-1' as a date.
  const date = /^[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
