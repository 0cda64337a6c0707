/**
 * An exclusion: characters that Python's Unicode database (Unicode 14.0 in Debian's Python 3.11)
 * and this Node's (its ICU's, process.versions.unicode: 17.0 in Node 20.20) do not agree are
 * assigned, such as U+2FFF or the emoji U+1F6DC. Python's repr() escapes a character its database
 * calls unassigned, its regular expressions do not count it as a letter or digit, and so on; azx
 * asks Node's database, as today's az asks the one of the Python it ships with (3.12 and later,
 * Unicode 15 and later). Neither is wrong, so the generators replace these characters.
 */
import type {Originals} from './originals.js'

const UNASSIGNED = /\p{Cn}/u
// The planes Unicode has assigned characters in: 0-3 and 14 (4-13 are empty, 15 and 16 private use).
const SCRIPT_PLANES = [
  [0, 0x3_ffff],
  [0xe_0000, 0xe_ffff],
] as const
const REPLACEMENT = '\uFFFD'

/** The code points only one of the two databases has assigned. */
export async function unicodeDisagreements(originals: Originals): Promise<Set<number>> {
  const [answer] = await originals.run([{kind: 'unassigned'}])
  if (answer.error !== undefined) throw new Error(`Python could not list its unassigned code points: ${JSON.stringify(answer)}`)
  const ranges = answer.ok as [number, number][]
  const disagreements = new Set<number>()
  let range = 0
  for (const [low, high] of SCRIPT_PLANES) {
    for (let code = low; code <= high; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue
      while (range < ranges.length && ranges[range][1] < code) range++
      const pythonUnassigned = range < ranges.length && ranges[range][0] <= code
      if (UNASSIGNED.test(String.fromCodePoint(code)) !== pythonUnassigned) disagreements.add(code)
    }
  }

  return disagreements
}

/** `text` with the characters the databases disagree on replaced by U+FFFD. */
export function agreedText(text: string, disagreements: ReadonlySet<number>): string {
  let out = ''
  for (const char of text) out += disagreements.has(char.codePointAt(0)!) ? REPLACEMENT : char
  return out
}

/** A JSON-like value with every string and key passed through agreedText. */
export function agreedValue(value: unknown, disagreements: ReadonlySet<number>): unknown {
  if (typeof value === 'string') return agreedText(value, disagreements)
  if (Array.isArray(value)) return value.map((item) => agreedValue(item, disagreements))
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [agreedText(key, disagreements), agreedValue(item, disagreements)]))
  }

  return value
}
