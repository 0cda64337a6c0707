import {describe, expect, it} from '@jest/globals'

import {retryAfterMs, RetrySchedule} from './retry.js'

const NOW = Date.parse('2026-01-01T00:00:00Z')

describe('Retry-After', () => {
  it('reads seconds, HTTP dates and the Azure millisecond headers', () => {
    expect(retryAfterMs({'retry-after': '2'}, NOW)).toBe(2000)
    expect(retryAfterMs({'retry-after': '0.5'}, NOW)).toBe(500)
    expect(retryAfterMs({'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT'}, NOW)).toBe(3000)
    expect(retryAfterMs({'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT'}, NOW)).toBe(0)
    expect(retryAfterMs({'retry-after': '5', 'x-ms-retry-after-ms': '250'}, NOW)).toBe(250)
    expect(retryAfterMs({'retry-after-ms': '40'}, NOW)).toBe(40)
  })

  it('ignores what it cannot read', () => {
    expect(retryAfterMs({}, NOW)).toBeUndefined()
    expect(retryAfterMs({'retry-after': 'soon'}, NOW)).toBeUndefined()
    expect(retryAfterMs({'retry-after': '-1'}, NOW)).toBeUndefined()
  })
})

const status = (code: number, headers: Record<string, string> = {}) => ({headers, status: code})
const failure = (code: string, reusedSocket = false) => ({failure: {code, reusedSocket}})

describe('when a GET is retried', () => {
  it('retries 408, 429 and 5xx gateway answers with growing delays, at most 3 times', () => {
    const schedule = new RetrySchedule('GET', {baseDelayMs: 100})
    const delays = [schedule.next(status(503)), schedule.next(status(502)), schedule.next(status(500)), schedule.next(status(500))]
    expect(delays[0]).toBeGreaterThanOrEqual(80)
    expect(delays[0]).toBeLessThanOrEqual(120)
    expect(delays[1]).toBeGreaterThanOrEqual(160)
    expect(delays[2]).toBeGreaterThanOrEqual(320)
    expect(delays[3]).toBeUndefined()
    expect(schedule.attempts).toBe(4)
  })

  it('does not retry answers that repeating cannot change', () => {
    for (const code of [200, 400, 401, 403, 404, 409, 501]) expect(new RetrySchedule('GET').next(status(code))).toBeUndefined()
  })

  it('waits what Retry-After asks, and stops when that would pass the total limit', () => {
    expect(new RetrySchedule('GET').next(status(429, {'retry-after': '3'}))).toBe(3000)
    expect(new RetrySchedule('GET').next(status(429, {'retry-after': '11'}))).toBeUndefined()
    const schedule = new RetrySchedule('GET', {maxWaitMs: 5000})
    expect(schedule.next(status(429, {'retry-after': '4'}))).toBe(4000)
    expect(schedule.next(status(429, {'retry-after': '2'}))).toBeUndefined()
  })

  it('retries refused and reset connections but never timeouts or certificate errors', () => {
    expect(new RetrySchedule('GET', {baseDelayMs: 10}).next(failure('ECONNREFUSED'))).toBeGreaterThan(0)
    expect(new RetrySchedule('GET', {baseDelayMs: 10}).next(failure('ECONNRESET'))).toBeGreaterThan(0)
    expect(new RetrySchedule('GET').next(failure('ETIMEDOUT'))).toBeUndefined()
    expect(new RetrySchedule('GET').next(failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toBeUndefined()
    expect(new RetrySchedule('GET').next(failure('ENOTFOUND'))).toBeUndefined()
  })
})

describe('when a POST (a token request) is retried', () => {
  it('retries 429 and 503 only when the server names a wait', () => {
    expect(new RetrySchedule('POST').next(status(429, {'retry-after': '1'}))).toBe(1000)
    expect(new RetrySchedule('POST').next(status(503, {'retry-after': '1'}))).toBe(1000)
    expect(new RetrySchedule('POST').next(status(429))).toBeUndefined()
    expect(new RetrySchedule('POST').next(status(500, {'retry-after': '1'}))).toBeUndefined()
    expect(new RetrySchedule('POST').next(status(502))).toBeUndefined()
  })

  it('retries a refused connection (nothing was sent) and a reset kept-alive socket (at once)', () => {
    expect(new RetrySchedule('POST', {baseDelayMs: 10}).next(failure('ECONNREFUSED'))).toBeGreaterThan(0)
    expect(new RetrySchedule('POST').next(failure('ECONNRESET', true))).toBe(0)
    expect(new RetrySchedule('POST').next(failure('ECONNRESET', false))).toBeUndefined()
    expect(new RetrySchedule('POST').next(failure('ETIMEDOUT'))).toBeUndefined()
  })

  it('can be told the request is idempotent, or to make one attempt only', () => {
    expect(new RetrySchedule('POST', {baseDelayMs: 10, idempotent: true}).next(status(500))).toBeGreaterThan(0)
    expect(new RetrySchedule('GET', false).next(status(503, {'retry-after': '0'}))).toBeUndefined()
  })
})
