/**
 * Shrinking: from a failing input, the smallest one found that still fails, so a report shows
 * the cause rather than a page of random data. Candidates are tried in batches (one Python round
 * trip each), most reduced first; the first that still fails is kept, until none does.
 */

export interface ShrinkOptions {
  /** Candidates tried per round (one round trip). */
  batch?: number
  rounds?: number
}

export async function shrink<T>(
  failing: T,
  candidates: (input: T) => Iterable<T>,
  stillFails: (inputs: T[]) => Promise<boolean[]>,
  {batch = 200, rounds = 60}: ShrinkOptions = {},
): Promise<T> {
  let current = failing
  for (let round = 0; round < rounds; round++) {
    const tried = take(candidates(current), batch)
    if (tried.length === 0) break
    const failures = await stillFails(tried)
    const index = failures.indexOf(true)
    if (index < 0) break
    current = tried[index]
  }

  return current
}

/** Smaller JSON-like values than `value`: parts removed, containers replaced by their items, shorter strings, plainer numbers. */
export function* smallerValues(value: unknown): Generator<unknown> {
  if (typeof value === 'string') {
    yield* smallerStrings(value)
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    yield* smallerNumbers(value)
  } else if (Array.isArray(value)) {
    if (value.length > 0) yield []
    for (let index = 0; index < value.length; index++) yield [...value.slice(0, index), ...value.slice(index + 1)]
    yield* value
    for (let index = 0; index < value.length; index++) {
      for (const item of smallerValues(value[index])) yield [...value.slice(0, index), item, ...value.slice(index + 1)]
    }
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
    if (entries.length > 0) yield {}
    for (let index = 0; index < entries.length; index++) yield Object.fromEntries([...entries.slice(0, index), ...entries.slice(index + 1)])
    for (const [, item] of entries) yield item
    for (let index = 0; index < entries.length; index++) {
      const [key, item] = entries[index]
      for (const smaller of smallerStrings(key)) {
        if (!Object.hasOwn(value, smaller)) yield Object.fromEntries(entries.map((entry, at) => (at === index ? [smaller, item] : entry)))
      }

      for (const smaller of smallerValues(item)) yield Object.fromEntries(entries.map((entry, at) => (at === index ? [key, smaller] : entry)))
    }
  } else if (value !== null) {
    yield null
  }
}

/** Shorter strings: empty, halves, then without one code point (or one chunk, for long strings), then plainer characters. */
export function* smallerStrings(text: string): Generator<string> {
  const chars = [...text]
  if (chars.length === 0) return
  yield ''
  if (chars.length > 1) {
    yield chars.slice(0, Math.ceil(chars.length / 2)).join('')
    yield chars.slice(Math.ceil(chars.length / 2)).join('')
  }

  const chunk = Math.max(1, Math.floor(chars.length / 16))
  for (let start = 0; start < chars.length; start += chunk) yield [...chars.slice(0, start), ...chars.slice(start + chunk)].join('')
  for (let index = 0; index < chars.length; index++) {
    if (chars[index] !== 'a') yield [...chars.slice(0, index), 'a', ...chars.slice(index + 1)].join('')
  }
}

function* smallerNumbers(value: number | bigint): Generator<number | bigint> {
  if (typeof value === 'bigint') {
    if (value !== 0n) yield 0n
    return
  }

  if (!Object.is(value, 0)) yield 0
  if (Number.isFinite(value) && Math.trunc(value) !== value) yield Math.trunc(value)
  if (Number.isFinite(value) && Math.abs(value) > 1.5) yield Math.sign(value) * 1.5
}

function take<T>(items: Iterable<T>, count: number): T[] {
  const taken: T[] = []
  for (const item of items) {
    if (taken.length >= count) break
    taken.push(item)
  }

  return taken
}
