/**
 * A seeded random source (sfc32): the same seed gives the same inputs on every machine, so a
 * failure can be replayed with AZX_PARITY_SEED.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    this.a = 0x9e3779b9
    this.b = 0x243f6a88
    this.c = 0xb7e15162
    this.d = seed >>> 0
    for (let index = 0; index < 15; index++) this.next()
  }

  /** A 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 0x1_0000_0000
  }

  /** An integer in [0, below). */
  int(below: number): number {
    return Math.floor(this.float() * below)
  }

  /** An integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1)
  }

  chance(probability: number): boolean {
    return this.float() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  /** One of the choices, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0)
    let roll = this.float() * total
    for (const [weight, choice] of choices) {
      roll -= weight
      if (roll < 0) return choice
    }

    return choices[choices.length - 1][1]
  }

  /** A new source for one input, so that every input can be replayed on its own. */
  fork(): Random {
    return new Random(this.next())
  }
}
