// The snapshot files' layout: JSON with each command property, each flag (or option) and each
// argument on a line of its own, so that a change to one flag is a change to one line of the file;
// and the changes between two surfaces, told line by line of that layout.

/** Maps whose values are definitions, each written on one line. */
const DEFINITION_MAPS = new Set(['flags', 'globalFlags', 'globalOptions', 'options'])

export function formatSurface(surface) {
  return `${write(surface, '', false, false)}\n`
}

/** `inline`: the value goes on one line; `valuesInline`: its values do (it is a map of definitions). */
function write(value, indent, inline, valuesInline) {
  const inner = `${indent}  `
  if (Array.isArray(value) && value.some(isObject)) {
    return `[\n${value.map((item) => `${inner}${oneLine(item)}`).join(',\n')}\n${indent}]`
  }

  if (!isObject(value) || inline || Object.keys(value).length === 0) return oneLine(value)
  const lines = Object.entries(value).map(
    ([key, item]) => `${inner}${JSON.stringify(key)}: ${write(item, inner, valuesInline, DEFINITION_MAPS.has(key))}`,
  )
  return `{\n${lines.join(',\n')}\n${indent}}`
}

/**
 * What changed from `before` to `after`, one line each: `- path: value` for what is gone, `+` for
 * what is new, and both for a changed value. A command that is gone or new is one line.
 */
export function surfaceChanges(before, after) {
  const beforeLines = new Map(lines(before, [], false))
  const afterLines = new Map(lines(after, [], false))
  const beforeCommands = Object.keys(before.commands ?? {})
  const afterCommands = Object.keys(after.commands ?? {})
  const gone = new Set(beforeCommands.filter((name) => !afterCommands.includes(name)))
  const added = new Set(afterCommands.filter((name) => !beforeCommands.includes(name)))
  const wholeCommand = (path) => path.length >= 2 && path[0] === 'commands' && (gone.has(path[1]) || added.has(path[1]))

  const changes = [
    ...[...gone].map((name) => `- commands › ${name} (the whole command)`),
    ...[...added].map((name) => `+ commands › ${name} (a new command)`),
  ]
  for (const [key, text] of beforeLines) {
    const path = JSON.parse(key)
    if (wholeCommand(path) || afterLines.get(key) === text) continue
    changes.push(`- ${path.join(' › ')}: ${text}`)
    if (afterLines.has(key)) changes.push(`+ ${path.join(' › ')}: ${afterLines.get(key)}`)
  }

  for (const [key, text] of afterLines) {
    const path = JSON.parse(key)
    if (!wholeCommand(path) && !beforeLines.has(key)) changes.push(`+ ${path.join(' › ')}: ${text}`)
  }

  return changes
}

/** The layout's lines as [JSON of the path, value on one line]. */
function lines(value, path, inline, valuesInline = false) {
  if (!isObject(value) || inline || Object.keys(value).length === 0) return [[JSON.stringify(path), oneLine(value)]]
  return Object.entries(value).flatMap(([key, item]) => lines(item, [...path, key], valuesInline, DEFINITION_MAPS.has(key)))
}

/** A value on one line, with a space after each comma and colon for reading. */
export function oneLine(value) {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`
  if (isObject(value))
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${oneLine(item)}`)
      .join(', ')}}`
  return JSON.stringify(value)
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
