/**
 * Evaluates a JMESPath tree as Python jmespath's TreeInterpreter does under knack, which passes
 * Options(dict_cls=OrderedDict): a multiselect hash builds an OrderedDict (recorded with
 * rememberKeyOrder, so the formatters know it), and every value keeps its identity, so a result
 * that repeats part of the data repeats the same object, as in Python.
 */
import {rememberKeyOrder} from '../key-order.js'
import {orderedRecord} from '../../python/ordered-record.js'
import {isDict} from '../values.js'
import type {Node} from './ast.js'
import {callFunction} from './functions.js'
import {PythonError} from './errors.js'
import {ExpressionReference, isFalse, isNumber, pythonEquals, pythonOrder} from './python.js'

/** The value of `node` for `value`. */
export function evaluate(node: Node, value: unknown): unknown {
  switch (node.type) {
    case 'field':
      return isDict(value) && !(value instanceof ExpressionReference) && Object.hasOwn(value, node.name) ? value[node.name] : null
    case 'current':
    case 'identity':
      return value
    case 'literal':
      return node.value
    case 'subexpression':
    case 'index_expression':
      return node.children.reduce((result: unknown, child) => evaluate(child, result), value)
    case 'index':
      return index(value, node.index)
    case 'slice':
      return Array.isArray(value) ? slice(value, node.start, node.stop, node.step) : null
    case 'projection': {
      const base = evaluate(node.left, value)
      return Array.isArray(base) ? project(base, node.right) : null
    }

    case 'value_projection': {
      const base = evaluate(node.left, value)
      return isDict(base) && !(base instanceof ExpressionReference) ? project(Object.values(base), node.right) : null
    }

    case 'filter_projection': {
      const base = evaluate(node.left, value)
      if (!Array.isArray(base)) return null
      const collected: unknown[] = []
      for (const item of base) {
        if (isFalse(evaluate(node.condition, item))) continue
        const result = evaluate(node.right, item)
        if (result !== null && result !== undefined) collected.push(result)
      }

      return collected
    }

    case 'flatten': {
      const base = evaluate(node.child, value)
      return Array.isArray(base) ? base.flatMap((item) => (Array.isArray(item) ? item : [item])) : null
    }

    case 'pipe':
      return evaluate(node.right, evaluate(node.left, value))
    case 'or': {
      const left = evaluate(node.left, value)
      return isFalse(left) ? evaluate(node.right, value) : left
    }

    case 'and': {
      const left = evaluate(node.left, value)
      return isFalse(left) ? left : evaluate(node.right, value)
    }

    case 'not': {
      const operand = evaluate(node.child, value)
      // jmespath's special case: !0 is false, as 0 is a true value.
      if (isNumber(operand) && Number(operand) === 0) return false
      return isFalse(operand)
    }

    case 'comparator':
      return compare(node, value)
    case 'multi_select_list':
      return value === null || value === undefined ? null : node.children.map((child) => evaluate(child, value))
    case 'multi_select_dict':
      return value === null || value === undefined ? null : multiSelectDict(node.pairs, value)
    case 'function':
      return callFunction(
        node.name,
        node.args.map((arg) => evaluate(arg, value)),
      )
    case 'expref':
      return new ExpressionReference((item) => evaluate(node.child, item))
  }
}

/** A projection: `right` applied to each item, without the results that are None. */
function project(items: unknown[], right: Node): unknown[] {
  const collected: unknown[] = []
  for (const item of items) {
    const result = evaluate(right, item)
    if (result !== null && result !== undefined) collected.push(result)
  }

  return collected
}

function index(value: unknown, at: number): unknown {
  if (!Array.isArray(value)) return null
  const position = at < 0 ? value.length + at : at
  return position >= 0 && position < value.length ? value[position] : null
}

/** Python's list[start:stop:step]. */
function slice(list: unknown[], start: number | null, stop: number | null, step: number | null): unknown[] {
  const by = step ?? 1
  if (by === 0) throw new PythonError('slice step cannot be zero')
  const length = list.length
  const clamp = (bound: number | null, fallback: number, low: number, high: number): number => {
    if (bound === null) return fallback
    const position = bound < 0 ? bound + length : bound
    return Math.min(Math.max(position, low), high)
  }

  const result: unknown[] = []
  if (by > 0) {
    for (let at = clamp(start, 0, 0, length), end = clamp(stop, length, 0, length); at < end; at += by) result.push(list[at])
  } else {
    for (let at = clamp(start, length - 1, -1, length - 1), end = clamp(stop, -1, -1, length - 1); at > end; at += by) result.push(list[at])
  }

  return result
}

function compare(node: Extract<Node, {type: 'comparator'}>, value: unknown): unknown {
  const left = evaluate(node.left, value)
  const right = evaluate(node.right, value)
  if (node.operator === 'eq' || node.operator === 'ne') return equals(left, right) === (node.operator === 'eq')
  // Orderings are for numbers and strings; anything else gives None.
  const comparable = (item: unknown): item is number | bigint | string => isNumber(item) || typeof item === 'string'
  if (!comparable(left) || !comparable(right)) return null
  return pythonOrder(left, right, ORDERINGS[node.operator])
}

const ORDERINGS = {gt: '>', gte: '>=', lt: '<', lte: '<='} as const

/** jmespath's ==: Python's, except that 0 and 1 never equal a bool. */
function equals(left: unknown, right: unknown): boolean {
  const zeroOrOne = (item: unknown) => isNumber(item) && (Number(item) === 0 || Number(item) === 1)
  if ((zeroOrOne(left) && typeof right === 'boolean') || (zeroOrOne(right) && typeof left === 'boolean')) return false
  return pythonEquals(left, right)
}

function multiSelectDict(pairs: [string, Node][], value: unknown): Record<string, unknown> {
  const collected = orderedRecord<unknown>()
  for (const [key, child] of pairs) collected[key] = evaluate(child, value)
  rememberKeyOrder(collected, Object.keys(collected))
  return collected
}
