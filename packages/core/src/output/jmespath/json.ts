/**
 * Python's json module as jmespath uses it: json.loads for literals and quoted identifiers
 * (NaN and Infinity allowed, integers of any size, control characters refused, objects keeping
 * their keys in order), and json.dumps(separators=(',', ':')) with its ASCII escapes for to_string().
 */
import {orderedRecord} from '../../python/ordered-record.js'
import {floatRepr} from '../../python/text.js'
import {isDict, isInt} from '../values.js'

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y
const ESCAPES: Record<string, string> = {'"': '"', '/': '/', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'}
const CONSTANTS: [string, unknown][] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]

/** json.loads(text); throws SyntaxError where Python raises JSONDecodeError. */
export function parseJsonLiteral(text: string): unknown {
  const reader = {position: skipWhitespace(text, 0), text}
  const value = readValue(reader)
  if (skipWhitespace(text, reader.position) !== text.length) throw new SyntaxError('Extra data')
  return value
}

/** json.loads of a quoted string. */
export function parseJsonString(text: string): string {
  const value = parseJsonLiteral(text)
  if (typeof value !== 'string') throw new SyntaxError('Expecting a string')
  return value
}

interface Reader {
  text: string
  position: number
}

function readValue(reader: Reader): unknown {
  const {text} = reader
  const char = text[reader.position]
  if (char === '"') return readString(reader)
  if (char === '{') return readObject(reader)
  if (char === '[') return readArray(reader)
  for (const [word, value] of CONSTANTS) {
    if (text.startsWith(word, reader.position)) {
      reader.position += word.length
      return value
    }
  }

  NUMBER.lastIndex = reader.position
  const number = NUMBER.exec(text)
  if (!number) throw new SyntaxError('Expecting value')
  reader.position += number[0].length
  if (number[1] === undefined && number[2] === undefined) {
    const value = BigInt(number[0])
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
  }

  return Number(number[0])
}

function readString(reader: Reader): string {
  const {text} = reader
  let value = ''
  let position = reader.position + 1
  for (;;) {
    const char = text[position]
    if (char === undefined) throw new SyntaxError('Unterminated string')
    if (char === '"') break
    if (char < ' ') throw new SyntaxError('Invalid control character')
    if (char !== '\\') {
      value += char
      position++
      continue
    }

    const escape = text[position + 1]
    if (escape === 'u') {
      const hex = text.slice(position + 2, position + 6)
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxError('Invalid \\uXXXX escape')
      value += String.fromCharCode(Number.parseInt(hex, 16))
      position += 6
    } else if (escape !== undefined && ESCAPES[escape] !== undefined) {
      value += ESCAPES[escape]
      position += 2
    } else {
      throw new SyntaxError('Invalid \\escape')
    }
  }

  reader.position = position + 1
  return value
}

function readArray(reader: Reader): unknown[] {
  const items: unknown[] = []
  reader.position = skipWhitespace(reader.text, reader.position + 1)
  if (reader.text[reader.position] === ']') {
    reader.position++
    return items
  }

  for (;;) {
    items.push(readValue(reader))
    reader.position = skipWhitespace(reader.text, reader.position)
    const char = reader.text[reader.position++]
    if (char === ']') return items
    if (char !== ',') throw new SyntaxError("Expecting ',' delimiter")
    reader.position = skipWhitespace(reader.text, reader.position)
  }
}

function readObject(reader: Reader): Record<string, unknown> {
  const object = orderedRecord<unknown>()
  reader.position = skipWhitespace(reader.text, reader.position + 1)
  if (reader.text[reader.position] === '}') {
    reader.position++
    return object
  }

  for (;;) {
    if (reader.text[reader.position] !== '"') throw new SyntaxError('Expecting property name enclosed in double quotes')
    const key = readString(reader)
    reader.position = skipWhitespace(reader.text, reader.position)
    if (reader.text[reader.position++] !== ':') throw new SyntaxError("Expecting ':' delimiter")
    reader.position = skipWhitespace(reader.text, reader.position)
    object[key] = readValue(reader)
    reader.position = skipWhitespace(reader.text, reader.position)
    const char = reader.text[reader.position++]
    if (char === '}') return object
    if (char !== ',') throw new SyntaxError("Expecting ',' delimiter")
    reader.position = skipWhitespace(reader.text, reader.position)
  }
}

function skipWhitespace(text: string, from: number): number {
  let position = from
  while (WHITESPACE.has(text[position])) position++
  return position
}

/**
 * json.dumps(value, separators=(',', ':'), default=str): keys in the dict's order, everything
 * beyond printable ASCII escaped. `other` gives the text of a value JSON has no form for.
 */
export function dumpJson(value: unknown, other: (value: unknown) => string): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN'
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
    return isInt(value) ? String(value) : floatRepr(value)
  }

  if (typeof value === 'string') return asciiString(value)
  if (Array.isArray(value)) return `[${value.map((item) => dumpJson(item, other)).join(',')}]`
  if (isDict(value))
    return `{${Object.keys(value)
      .map((key) => `${asciiString(key)}:${dumpJson(value[key], other)}`)
      .join(',')}}`
  return asciiString(other(value))
}

const ASCII_ESCAPES: Record<string, string> = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}

/** A JSON string as Python writes it with ensure_ascii: UTF-16 units beyond printable ASCII as \uxxxx. */
function asciiString(text: string): string {
  let out = '"'
  for (const unit of text.split('')) {
    const code = unit.charCodeAt(0)
    out += ASCII_ESCAPES[unit] ?? (code >= 0x20 && code <= 0x7e ? unit : `\\u${code.toString(16).padStart(4, '0')}`)
  }

  return `${out}"`
}
