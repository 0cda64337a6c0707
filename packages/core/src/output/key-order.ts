/**
 * The key order of dicts that `--query` built. knack runs JMESPath with OrderedDict, so a
 * multiselect hash (`{Name: name, Id: id}`) keeps the order the user typed, and tsv and table
 * follow it, while dicts the query merely selected stay plain dicts. JavaScript objects cannot say
 * which is which (and put integer-like keys first), so the query records the order here.
 */
import {dictEntries} from './values.js'
import type {Dict} from './values.js'

const orders = new WeakMap<object, readonly string[]>()

/** Records that `dict` was built by a query, with its keys in this order. */
export function rememberKeyOrder(dict: object, keys: readonly string[]): void {
  orders.set(dict, keys)
}

/** The key order a query gave `dict`, or undefined for a dict the query did not build. */
export function queryKeyOrder(dict: object): readonly string[] | undefined {
  return orders.get(dict)
}

/** A dict's entries in the order Python iterates it: the query's order, else insertion order. */
export function orderedEntries(dict: Dict): [string, unknown][] {
  const entries = dictEntries(dict)
  const order = orders.get(dict)
  if (!order) return entries
  const byKey = new Map(entries)
  return order.filter((key) => byKey.has(key)).map((key) => [key, byKey.get(key)])
}
