import {describe, expect, it} from '@jest/globals'

import {RateLimiter} from './rate-limit.js'

describe('RateLimiter', () => {
  it("lets a minute's worth through at once, then asks the client to wait until its bucket refills", () => {
    let now = 0
    const limiter = new RateLimiter(6, () => now)
    expect(Array.from({length: 6}, () => limiter.take('10.0.0.2'))).toEqual([0, 0, 0, 0, 0, 0])
    expect(limiter.take('10.0.0.2')).toBe(10)
    now += 9000
    expect(limiter.take('10.0.0.2')).toBe(1)
    now += 1000
    expect(limiter.take('10.0.0.2')).toBe(0)
    expect(limiter.take('10.0.0.2')).toBe(10)
  })

  it('counts each client address on its own', () => {
    const limiter = new RateLimiter(1, () => 0)
    expect([limiter.take('a'), limiter.take('b'), limiter.take('a'), limiter.take('b')]).toEqual([0, 0, 60, 60])
  })

  it('never holds more than a minute of requests, however long a client was away', () => {
    let now = 0
    const limiter = new RateLimiter(2, () => now)
    limiter.take('a')
    now += 3_600_000
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 30])
  })
})
