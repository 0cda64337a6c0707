/**
 * Python's string semantics, for files and output that must match what the Python az reads and
 * prints: len() in code points, str.strip/lstrip/rstrip/splitlines with Python's idea of
 * whitespace and line boundaries, and repr() of a float and of a str.
 */

/** The characters str.isspace() accepts (Python's `\s`), as the body of a regular expression's character class. */
export const PYTHON_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const LEADING_WHITESPACE = new RegExp(`^[${PYTHON_WHITESPACE}]+`)
const TRAILING_WHITESPACE = new RegExp(`[${PYTHON_WHITESPACE}]+$`)
const LINE_BOUNDARY = /\r\n|[\n\r\v\f\u001C\u001D\u001E\u0085\u2028\u2029]/g
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u

/** len() of a Python string: code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = 0
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index)
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) index++
    }

    length++
  }

  return length
}

/** str.strip() */
export function pythonStrip(text: string): string {
  return pythonRstrip(pythonLstrip(text))
}

/** str.lstrip() */
export function pythonLstrip(text: string): string {
  return text.replace(LEADING_WHITESPACE, '')
}

/** str.rstrip() */
export function pythonRstrip(text: string): string {
  return text.replace(TRAILING_WHITESPACE, '')
}

/** str.splitlines(keepends) */
export function pythonSplitlines(text: string, keepends = false): string[] {
  const lines: string[] = []
  let start = 0
  for (const match of text.matchAll(LINE_BOUNDARY)) {
    const end = match.index + match[0].length
    lines.push(text.slice(start, keepends ? end : match.index))
    start = end
  }

  if (start < text.length) lines.push(text.slice(start))
  return lines
}

/** repr() of a float: the shortest text that reads back the same, in Python's notation. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan'
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf'
  const sign = value < 0 || Object.is(value, -0) ? '-' : ''
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  // Where the decimal point falls in `digits`; Python switches to exponent notation outside -4 < point <= 16.
  const point = Number(exponent) + 1
  if (point > -4 && point <= 16) {
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
    if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
  }

  const power = point - 1
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : ''
  return `${sign}${digits[0]}${fraction}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`
}

/** repr() of a str: single quotes unless only double quotes avoid escaping, non-printables escaped. */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let body = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (char === quote || char === '\\') body += `\\${char}`
    else if (char === '\t') body += '\\t'
    else if (char === '\n') body += '\\n'
    else if (char === '\r') body += '\\r'
    else if (code < 0x20 || code === 0x7f) body += `\\x${hex(code, 2)}`
    else if (code < 0x7f || !NOT_PRINTABLE.test(char)) body += char
    else if (code <= 0xff) body += `\\x${hex(code, 2)}`
    else if (code <= 0xffff) body += `\\u${hex(code, 4)}`
    else body += `\\U${hex(code, 8)}`
  }

  return `${quote}${body}${quote}`
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0')
}
