/**
 * A command's result seen as the JSON-like data knack formats: dicts, lists, strings, numbers,
 * booleans and null. Python tells ints from floats; JavaScript does not, so a safe integer counts
 * as an int and any other number as a float, -0 included (a Python int cannot be -0: it came from
 * a float such as JSON's -0.0, which az prints as -0.0).
 */

export type Dict = Record<string, unknown>

/** A plain object (not an array, not null) is a dict. */
export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** What JSON.stringify would serialise: a Date becomes its ISO text, and so on. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as {toJSON?: unknown}).toJSON === 'function') {
    return (value as {toJSON(): unknown}).toJSON()
  }

  return value
}

/** A dict's entries in insertion order; properties set to undefined are absent, as in JSON. */
export function dictEntries(dict: Dict): [string, unknown][] {
  const entries: [string, unknown][] = []
  for (const key of Object.keys(dict)) {
    const value = jsonValue(dict[key])
    if (value !== undefined && typeof value !== 'function') entries.push([key, value])
  }

  return entries
}

/** A list's items; undefined becomes null, as in JSON. */
export function listItems(list: readonly unknown[]): unknown[] {
  return list.map((item) => {
    const value = jsonValue(item)
    return value === undefined ? null : value
  })
}

/** Python's string order: by code point (JavaScript's default sort compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let index = 0; index < length; index++) {
    const left = a.codePointAt(index)!
    const right = b.codePointAt(index)!
    if (left !== right) return left - right
    if (left > 0xffff) index++
  }

  return a.length - b.length
}

/** A dict's entries sorted by key, as Python's sort_keys and sorted(dict) order them. */
export function sortedEntries(dict: Dict): [string, unknown][] {
  return dictEntries(dict).sort(([a], [b]) => compareCodePoints(a, b))
}

/** Whether Python would hold this number as an int. */
export function isInt(value: number | bigint): boolean {
  return typeof value === 'bigint' || (Number.isSafeInteger(value) && !Object.is(value, -0))
}
