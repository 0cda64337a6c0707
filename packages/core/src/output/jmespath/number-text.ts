/**
 * Python's int(text) and float(text), as jmespath's to_number() calls them: surrounding
 * whitespace (Python's) ignored, any script's decimal digits, `_` between digits, `inf` and `nan`.
 */
import {PYTHON_WHITESPACE} from '../../python/text.js'

const SPACE = new RegExp(`[${PYTHON_WHITESPACE}]`)
const DECIMAL = /\p{Nd}/u
const INT = /^[+-]?[0-9]+(?:_[0-9]+)*$/
const FLOAT = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)$/i

/** int(text) in base 10, or undefined where Python raises ValueError. */
export function pythonInt(text: string): bigint | undefined {
  const ascii = asciiNumber(text)
  return ascii !== undefined && INT.test(ascii) ? BigInt(ascii.replaceAll('_', '')) : undefined
}

/** float(text), or undefined where Python raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  const ascii = asciiNumber(text)
  // Underscores only between digits.
  if (ascii === undefined || /(?:^|[^0-9])_|_(?:[^0-9]|$)/.test(ascii)) return undefined
  const number = ascii.replaceAll('_', '')
  if (!FLOAT.test(number)) return undefined
  const word = number.replace(/^[+-]/, '').toLowerCase()
  const negative = number.startsWith('-')
  if (word === 'nan') return Number.NaN
  if (word.startsWith('inf')) return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  return Number(number)
}

/**
 * The text as Python hands it to its number parser: whitespace turned into spaces and trimmed,
 * decimal digits of any script turned into ASCII ones; undefined if anything else is not ASCII.
 */
function asciiNumber(text: string): string | undefined {
  let ascii = ''
  for (const char of text) {
    if (SPACE.test(char)) ascii += ' '
    else if (DECIMAL.test(char)) ascii += String(decimalValue(char))
    else if (char.codePointAt(0)! > 0x7f) return undefined
    else ascii += char
  }

  return ascii.trim()
}

/** A decimal digit's value: Unicode gives each script its digits 0 to 9 as a run of code points. */
function decimalValue(char: string): number {
  let code = char.codePointAt(0)!
  let value = 0
  while (DECIMAL.test(String.fromCodePoint(code - 1))) {
    code--
    value++
  }

  return value % 10
}
