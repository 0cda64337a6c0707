/**
 * `-o json`: Python's json.dumps(indent=2, sort_keys=True, ensure_ascii=False,
 * separators=(',', ': ')) plus a newline, as knack prints it.
 */
import {floatRepr} from '../python/text.js'
import {isDict, isInt, jsonValue, listItems, sortedEntries} from './values.js'

// Python escapes only these; everything else, \u007f and non-ASCII included, is written as it is.
const ESCAPED = /["\\\u0000-\u001F]/g
const ESCAPES: Record<string, string> = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}

/** The text `az -o json` prints for `data`, with its trailing newline. */
export function formatJson(data: unknown): string {
  return `${encode(data, '')}\n`
}

/** A JSON string literal as Python's json module writes it with ensure_ascii=False. */
export function jsonString(text: string): string {
  return `"${text.replace(ESCAPED, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`
}

function encode(value: unknown, indent: string): string {
  const plain = jsonValue(value)
  if (plain === null || plain === undefined) return 'null'
  if (typeof plain === 'boolean') return plain ? 'true' : 'false'
  if (typeof plain === 'bigint') return plain.toString()
  if (typeof plain === 'number') return numberJson(plain)
  if (typeof plain === 'string') return jsonString(plain)
  const inner = `${indent}  `
  if (Array.isArray(plain)) {
    const items = listItems(plain)
    if (items.length === 0) return '[]'
    return `[\n${items.map((item) => inner + encode(item, inner)).join(',\n')}\n${indent}]`
  }

  if (isDict(plain)) {
    const entries = sortedEntries(plain)
    if (entries.length === 0) return '{}'
    return `{\n${entries.map(([key, item]) => `${inner}${jsonString(key)}: ${encode(item, inner)}`).join(',\n')}\n${indent}}`
  }

  return jsonString(String(plain))
}

function numberJson(value: number): string {
  if (isInt(value)) return String(value)
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  return floatRepr(value)
}
