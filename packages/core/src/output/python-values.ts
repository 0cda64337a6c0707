/**
 * str() and repr() of the JSON-like values azx prints, as Python shows them (dicts a query built
 * as OrderedDict, as in Python 3.11); the string-level rules are in python/text.ts.
 */
import {floatRepr, stringRepr} from '../python/text.js'
import {orderedEntries, queryKeyOrder} from './key-order.js'
import {dictEntries, isDict, isInt, jsonValue, listItems} from './values.js'
import type {Dict} from './values.js'

/** str() of a Python int or float held in a JavaScript number. */
export function numberText(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString()
  return isInt(value) ? String(value) : floatRepr(value)
}

/** str() of a JSON-like value: strings as they are, containers as repr() shows them. */
export function pythonStr(value: unknown): string {
  const plain = jsonValue(value)
  return typeof plain === 'string' ? plain : pythonRepr(plain)
}

/** repr() of a JSON-like value (dicts the query built show as OrderedDict, as in Python 3.11). */
export function pythonRepr(value: unknown): string {
  const plain = jsonValue(value)
  if (plain === null || plain === undefined) return 'None'
  if (typeof plain === 'boolean') return plain ? 'True' : 'False'
  if (typeof plain === 'number' || typeof plain === 'bigint') return numberText(plain)
  if (typeof plain === 'string') return stringRepr(plain)
  if (Array.isArray(plain)) return `[${listItems(plain).map(pythonRepr).join(', ')}]`
  if (isDict(plain)) return dictRepr(plain)
  return stringRepr(String(plain))
}

function dictRepr(dict: Dict): string {
  if (queryKeyOrder(dict)) {
    const pairs = orderedEntries(dict).map(([key, item]) => `(${stringRepr(key)}, ${pythonRepr(item)})`)
    return pairs.length === 0 ? 'OrderedDict()' : `OrderedDict([${pairs.join(', ')}])`
  }

  return `{${dictEntries(dict)
    .map(([key, item]) => `${stringRepr(key)}: ${pythonRepr(item)}`)
    .join(', ')}}`
}
