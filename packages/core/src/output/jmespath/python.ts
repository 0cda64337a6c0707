/**
 * How Python's jmespath sees JSON-like values: Python's type names (an int is not a float, a bool
 * is not a number, a dict a query built is an OrderedDict), Python's `==` (1 == 1.0, and True == 1
 * inside lists), its ordering of numbers and strings, and jmespath's idea of true and false.
 */
import {queryKeyOrder} from '../key-order.js'
import {compareCodePoints, isDict, isInt, jsonValue} from '../values.js'
import {PythonError} from './errors.js'

/** What `&expression` evaluates to: an expression a function applies to values it chooses. */
export class ExpressionReference {
  constructor(readonly apply: (value: unknown) => unknown) {}
}

/** Python's type(value).__name__. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'bigint') return 'int'
  if (typeof value === 'number') return isInt(value) ? 'int' : 'float'
  if (typeof value === 'string') return 'str'
  if (Array.isArray(value)) return 'list'
  if (value instanceof ExpressionReference) return '_Expression'
  return queryKeyOrder(value as object) ? 'OrderedDict' : 'dict'
}

const JMESPATH_TYPES: Record<string, string> = {
  NoneType: 'null',
  OrderedDict: 'object',
  _Expression: 'expref',
  bool: 'boolean',
  dict: 'object',
  float: 'number',
  int: 'number',
  list: 'array',
  str: 'string',
}

/** jmespath's name for a Python type name. */
export function jmespathType(pythonTypeName: string): string {
  return JMESPATH_TYPES[pythonTypeName] ?? 'unknown'
}

/** A number that is not a bool (jmespath's _is_actual_number). */
export function isNumber(value: unknown): value is number | bigint {
  return typeof value === 'number' || typeof value === 'bigint'
}

/** jmespath's false values: '', [], {}, None and False (0 is true). */
export function isFalse(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  return isDict(value) && !(value instanceof ExpressionReference) && Object.keys(value).length === 0
}

/** Python's `a == b` for JSON-like values: numbers by value, bools as 1 and 0, containers item by item. */
export function pythonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true
  const left = typeof a === 'boolean' ? Number(a) : a
  const right = typeof b === 'boolean' ? Number(b) : b
  if (isNumber(left) && isNumber(right)) return numbersEqual(left, right)
  if (Array.isArray(left) && Array.isArray(right))
    return left.length === right.length && left.every((item, index) => pythonEquals(item, right[index]))
  if (isDict(left) && isDict(right) && !(left instanceof ExpressionReference) && !(right instanceof ExpressionReference)) {
    const keys = Object.keys(left)
    if (keys.length !== Object.keys(right).length || !keys.every((key) => Object.hasOwn(right, key) && pythonEquals(left[key], right[key])))
      return false
    // Two OrderedDicts are equal only with their keys in the same order.
    const [leftOrder, rightOrder] = [queryKeyOrder(left), queryKeyOrder(right)]
    return !leftOrder || !rightOrder || leftOrder.every((key, index) => key === rightOrder[index])
  }

  return false
}

function numbersEqual(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === typeof b) return a === b
  const [big, small] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a as number]
  return Number.isInteger(small) && BigInt(small) === big
}

/**
 * Python's `a < b`, `a <= b`, `a > b` or `a >= b` for the numbers and strings jmespath compares
 * (strings by code point); a number and a string cannot be ordered: Python raises TypeError.
 */
export function pythonOrder(a: number | bigint | string, b: number | bigint | string, operator: '<' | '<=' | '>' | '>='): boolean {
  let sign: number
  if (typeof a === 'string' && typeof b === 'string') sign = compareCodePoints(a, b)
  else if (isNumber(a) && isNumber(b)) return operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b
  else throw new PythonError(`'${operator}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`)
  return operator === '<' ? sign < 0 : operator === '<=' ? sign <= 0 : operator === '>' ? sign > 0 : sign >= 0
}

/**
 * The value as Python's jmespath would have it: what JSON.stringify would make of objects with
 * toJSON() (a Date becomes its text), without undefined properties, with undefined list items as
 * None. The same objects come back where nothing changes, so shared parts stay shared.
 */
export function pythonView(value: unknown): unknown {
  const plain = jsonValue(value)
  if (Array.isArray(plain)) {
    let copy: unknown[] | undefined
    plain.forEach((item, index) => {
      const viewed = item === undefined || typeof item === 'function' ? null : pythonView(item)
      if (viewed !== item) (copy ??= [...plain])[index] = viewed
    })
    return copy ?? plain
  }

  if (isDict(plain)) {
    let changed = false
    const entries: [string, unknown][] = []
    for (const key of Object.keys(plain)) {
      const item = plain[key]
      if (item === undefined || typeof item === 'function') {
        changed = true
        continue
      }

      const viewed = pythonView(item)
      changed ||= viewed !== item
      entries.push([key, viewed])
    }

    return changed ? Object.fromEntries(entries) : plain
  }

  return plain
}
