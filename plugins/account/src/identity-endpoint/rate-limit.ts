/**
 * `--rate-limit`: requests per minute each client address may make, as a token bucket that holds a
 * minute's worth: a burst of that many at once is answered (a test suite starting its processes
 * together), a client that keeps asking faster gets 429 with Retry-After. SDKs keep the tokens
 * they get, so a well-behaved client asks a few times an hour.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, {level: number; at: number}>()
  private readonly perSecond: number

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perSecond = perMinute / 60
  }

  /** Takes one request from `client`'s bucket: 0 when it may go ahead, else the seconds to wait. */
  take(client: string): number {
    const now = this.now()
    const bucket = this.refilled(client, now)
    if (bucket.level >= 1) {
      bucket.level -= 1
      return 0
    }

    return Math.max(1, Math.ceil((1 - bucket.level) / this.perSecond))
  }

  private refilled(client: string, now: number): {level: number; at: number} {
    let bucket = this.buckets.get(client)
    if (bucket) {
      bucket.level = Math.min(this.perMinute, bucket.level + ((now - bucket.at) / 1000) * this.perSecond)
      bucket.at = now
      return bucket
    }

    // Full buckets say nothing: they go, so that clients that came once do not accumulate.
    if (this.buckets.size >= 1000) this.forgetFull(now)
    bucket = {at: now, level: this.perMinute}
    this.buckets.set(client, bucket)
    return bucket
  }

  private forgetFull(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.level + ((now - bucket.at) / 1000) * this.perSecond >= this.perMinute) this.buckets.delete(client)
    }
  }
}
