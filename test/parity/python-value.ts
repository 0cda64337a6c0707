/**
 * The Python value az would hold for a JavaScript value, written as JSON text that Python's
 * json.loads reads back exactly, types included.
 *
 * JavaScript has one number type, so the mapping is a rule, the one azx's formatters state: a safe
 * integer is a Python int, a bigint an int of any size, any other number a float, -0 included
 * (Python's ints have no -0, so -0 can only have come from a float such as JSON's -0.0). Objects
 * become what JSON.stringify makes of them: toJSON() is called, and properties that are undefined
 * or functions are left out (list items become null), as az's data never holds them.
 */

/** JSON text for Python's json.loads (which reads NaN and Infinity too). */
export function pythonJson(value: unknown): string {
  return encode(value) ?? 'null'
}

/** Whether Python holds `value` as an int (rather than a float). */
export function isPythonInt(value: number): boolean {
  return Number.isSafeInteger(value) && !Object.is(value, -0)
}

/** The value as JSON.stringify sees it, before it is written. */
export function jsonView(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as {toJSON?: unknown}).toJSON === 'function') {
    return (value as {toJSON(): unknown}).toJSON()
  }

  return value
}

function encode(value: unknown): string | undefined {
  const plain = jsonView(value)
  switch (typeof plain) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined
    case 'boolean':
      return plain ? 'true' : 'false'
    case 'bigint':
      return plain.toString()
    case 'number':
      return numberJson(plain)
    case 'string':
      // JSON.stringify escapes lone surrogates, which json.loads reads back as they were.
      return JSON.stringify(plain)
  }

  if (plain === null || typeof plain !== 'object') return 'null'
  if (Array.isArray(plain)) return `[${plain.map((item) => encode(item) ?? 'null').join(',')}]`
  const entries: string[] = []
  for (const key of Object.keys(plain)) {
    const text = encode((plain as Record<string, unknown>)[key])
    if (text !== undefined) entries.push(`${JSON.stringify(key)}:${text}`)
  }

  return `{${entries.join(',')}}`
}

function numberJson(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return 'Infinity'
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity'
  if (isPythonInt(value)) return String(value)
  if (Object.is(value, -0)) return '-0.0'
  // The shortest text that reads back as the same double; a '.0' makes json.loads read a float.
  const text = String(value)
  return /[.e]/.test(text) ? text : `${text}.0`
}
