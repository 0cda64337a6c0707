// Building blocks of a surface object (azx's and the Python az's have the same layout).

/**
 * Writes each global flag's definition once: `commands` are [name, entry] pairs whose `key` lists
 * [flag, definition, isGlobal] triples. A global flag's definition is the one most commands give
 * it; a command with that definition says "global" instead, one that changes it lists it in full.
 */
export function referenceGlobals(commands, key) {
  const counts = new Map()
  for (const [, entry] of commands) {
    for (const [flag, definition, isGlobal] of entry[key]) {
      const id = JSON.stringify([flag, definition])
      if (isGlobal) counts.set(id, (counts.get(id) ?? 0) + 1)
    }
  }

  const globals = {}
  const byCount = [...counts].sort(([idA, countA], [idB, countB]) => countB - countA || compare(idA, idB))
  for (const [id] of byCount) {
    const [flag, definition] = JSON.parse(id)
    globals[flag] ??= definition
  }

  const referenced = commands.map(([name, entry]) => {
    const flags = entry[key].map(([flag, definition, isGlobal]) => {
      const global = isGlobal && JSON.stringify(definition) === JSON.stringify(globals[flag])
      return [flag, global ? 'global' : definition]
    })
    return [name, {...entry, [key]: sortedObject(flags)}]
  })
  return {commands: sortedObject(referenced), globals: sortedObject(Object.entries(globals))}
}

/** A flag's definition in full: "global" stands for the surface's global definition of that name. */
export function resolveGlobal(definition, globals, flag) {
  return definition === 'global' ? globals[flag] : definition
}

export function nonEmpty(list) {
  return list && list.length > 0 ? list : undefined
}

export function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined))
}

/** Entries sorted by key in code-point order, so that the files do not depend on the locale. */
export function sortedObject(entries) {
  return Object.fromEntries([...entries].sort(([a], [b]) => compare(a, b)))
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0
}
