/**
 * The emulator's notion of "now". Tests move it forward to expire device codes, authorization codes
 * and access tokens without sleeping; it never runs backwards.
 */
export class Clock {
  #offsetMs = 0

  /** Milliseconds since the epoch, including every `advance`. */
  nowMs(): number {
    return Date.now() + this.#offsetMs
  }

  /** Whole seconds since the epoch, the unit of JWT claims. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000)
  }

  /** Moves the emulator's time forward by `seconds`. */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError('the clock only moves forward')
    this.#offsetMs += seconds * 1000
  }

  /** How far the emulator's time is ahead of the machine's, in seconds. */
  get offsetSeconds(): number {
    return this.#offsetMs / 1000
  }
}
