/**
 * Query results whose repeated lists and dicts are one object in Python too.
 *
 * PyYAML writes an object that appears twice as an anchor and an alias (`&id001` … `*id001`). In
 * az that happens only after `--query` repeats part of the result (`[].[tags, tags]`), because a
 * command's own data never shares objects. A JavaScript command's data may share objects where
 * Python's would not, so the query marks a result as safe to alias only when the data it searched
 * shared nothing.
 */

const results = new WeakSet<object>()

/** Records that the objects repeated in `result` were one object in Python too. */
export function markSharedObjectsReal(result: object): void {
  results.add(result)
}

/** Whether the repeated objects in `result` should be written as YAML anchors and aliases. */
export function sharedObjectsAreReal(result: unknown): boolean {
  return typeof result === 'object' && result !== null && results.has(result)
}
