/**
 * configparser's BasicInterpolation, which az's config reader applies to every value it reads from
 * a file: `%%` is a literal `%` and `%(key)s` is the value of another key of the same section (or
 * `[DEFAULT]`). So az stores `100%%` for a value that reads as `100%`, and refuses to store a lone `%`.
 */

/** configparser's MAX_INTERPOLATION_DEPTH. */
const MAX_DEPTH = 10

const REFERENCE = /%\(([^)]+)\)s/g

/**
 * The value as az reads it, or the raw value when it cannot be interpolated (a missing key, a loop
 * or a stray `%`), where az would fail with a traceback.
 */
export function interpolate(raw: string, section: Record<string, string>): string {
  try {
    return expand(raw, section, 1)
  } catch (error) {
    if (error instanceof InterpolationError) return raw
    throw error
  }
}

/**
 * Where `value` has a `%` that is neither `%%` nor a `%(key)s` reference (as configparser checks
 * before it stores a value), or -1 when it has none.
 */
export function strayPercentPosition(value: string): number {
  return value.replaceAll('%%', '').replaceAll(REFERENCE, '').indexOf('%')
}

class InterpolationError extends Error {}

function expand(value: string, section: Record<string, string>, depth: number): string {
  if (depth > MAX_DEPTH) throw new InterpolationError('too deep')
  let out = ''
  let rest = value
  for (let at = rest.indexOf('%'); at >= 0; at = rest.indexOf('%')) {
    out += rest.slice(0, at)
    rest = rest.slice(at)
    if (rest[1] === '%') {
      out += '%'
      rest = rest.slice(2)
      continue
    }

    const reference = /^%\(([^)]+)\)s/.exec(rest)
    if (!reference) throw new InterpolationError('stray %')
    const referenced = section[reference[1].toLowerCase()]
    if (referenced === undefined) throw new InterpolationError('missing key')
    out += referenced.includes('%') ? expand(referenced, section, depth + 1) : referenced
    rest = rest.slice(reference[0].length)
  }

  return out + rest
}
