/**
 * JSON text exactly as Python's `json.dumps(value)` writes it with its defaults, which is how az
 * writes azureProfile.json: `", "` between items, `": "` after keys, no indentation, no trailing
 * newline, and every character outside printable ASCII escaped as `\uXXXX` (ensure_ascii).
 */

/** Python's json.dumps(value) for JSON-compatible values; undefined members are left out, as JSON.stringify does. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'boolean': {
      return value ? 'true' : 'false'
    }

    case 'number': {
      // Python writes non-finite floats as NaN/Infinity; JSON has no such values, and az never stores them.
      return Number.isFinite(value) ? String(value) : 'null'
    }

    case 'string': {
      return asciiOnly(JSON.stringify(value))
    }

    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => pythonJsonDumps(item)).join(', ')}]`
      const members = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .map(([key, member]) => `${asciiOnly(JSON.stringify(key))}: ${pythonJsonDumps(member)}`)
      return `{${members.join(', ')}}`
    }

    default: {
      throw new TypeError(`Object of type ${typeof value} is not JSON serializable`)
    }
  }
}

/**
 * Escapes what JSON.stringify leaves as is but Python's ensure_ascii does not: DEL and every
 * non-ASCII UTF-16 unit (so astral characters become surrogate pairs, as in Python).
 */
function asciiOnly(json: string): string {
  return json.replaceAll(/[\u007F-\uFFFF]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
