/**
 * JMESPath's built-in functions as Python jmespath 1.0.1 runs them: its signatures and its type
 * checks, in its order, with its error messages word for word (az prints them), and Python's
 * arithmetic, number parsing and sorting behind each function.
 */
import {pythonStr} from '../python-values.js'
import {orderedRecord} from '../../python/ordered-record.js'
import {isDict, isInt} from '../values.js'
import {JmesPathError, PythonError} from './errors.js'
import {dumpJson} from './json.js'
import {ExpressionReference, isNumber, jmespathType, pythonEquals, pythonOrder, typeName} from './python.js'
import {pythonFloat, pythonInt} from './number-text.js'

interface Signature {
  /** Each argument's allowed types, as jmespath names them ('array-number' is a list of numbers); [] allows any. */
  types: string[][]
  /** The last argument may repeat. */
  variadic?: boolean
  /** The function, given arguments that passed the type checks. */
  run: (args: unknown[]) => unknown
}

type Num = number | bigint
type Dict = Record<string, unknown>

/** Python's names for each jmespath type. */
const PYTHON_TYPES: Record<string, string[]> = {
  array: ['list', '_Projection'],
  boolean: ['bool'],
  expref: ['_Expression'],
  null: ['NoneType'],
  number: ['float', 'int', 'long'],
  object: ['dict', 'OrderedDict'],
  string: ['unicode', 'str'],
}

const FUNCTIONS: Record<string, Signature> = {
  abs: {types: [['number']], run: ([value]) => (typeof value === 'bigint' ? (value < 0n ? -value : value) : Math.abs(value as number))},
  avg: {types: [['array-number']], run: ([list]) => average(list as Num[])},
  ceil: {types: [['number']], run: ([value]) => toInt(value as Num, Math.ceil)},
  contains: {types: [['array', 'string'], []], run: ([subject, search]) => contains(subject as string | unknown[], search)},
  ends_with: {types: [['string'], ['string']], run: ([text, suffix]) => (text as string).endsWith(suffix as string)},
  floor: {types: [['number']], run: ([value]) => toInt(value as Num, Math.floor)},
  join: {types: [['string'], ['array-string']], run: ([separator, list]) => (list as string[]).join(separator as string)},
  keys: {types: [['object']], run: ([dict]) => Object.keys(dict as Dict)},
  length: {types: [['string', 'array', 'object']], run: ([value]) => lengthOf(value as string | unknown[] | Dict)},
  map: {
    types: [['expref'], ['array']],
    run: ([reference, list]) => (list as unknown[]).map((item) => (reference as ExpressionReference).apply(item)),
  },
  max: {types: [['array-number', 'array-string']], run: ([list]) => extreme(list as (Num | string)[], '>')},
  max_by: {types: [['array'], ['expref']], run: ([list, reference]) => extremeBy(list as unknown[], reference as ExpressionReference, '>', 'max_by')},
  merge: {types: [['object']], variadic: true, run: (dicts) => merge(dicts)},
  min: {types: [['array-number', 'array-string']], run: ([list]) => extreme(list as (Num | string)[], '<')},
  min_by: {types: [['array'], ['expref']], run: ([list, reference]) => extremeBy(list as unknown[], reference as ExpressionReference, '<', 'min_by')},
  not_null: {types: [[]], variadic: true, run: (values) => values.find((value) => value !== null && value !== undefined) ?? null},
  reverse: {
    types: [['array', 'string']],
    run: ([value]) => (typeof value === 'string' ? [...value].reverse().join('') : [...(value as unknown[])].reverse()),
  },
  sort: {types: [['array-string', 'array-number']], run: ([list]) => sortByKeys(list as (Num | string)[], list as (Num | string)[])},
  sort_by: {types: [['array'], ['expref']], run: ([list, reference]) => sortBy(list as unknown[], reference as ExpressionReference)},
  starts_with: {types: [['string'], ['string']], run: ([text, prefix]) => (text as string).startsWith(prefix as string)},
  sum: {types: [['array-number']], run: ([list]) => pythonSum(list as Num[])},
  to_array: {types: [[]], run: ([value]) => (Array.isArray(value) ? value : [value])},
  to_number: {types: [[]], run: ([value]) => toNumber(value)},
  to_string: {types: [[]], run: ([value]) => (typeof value === 'string' ? value : dumpJson(value, pythonText))},
  // Python's type() has no answer for an expression reference: None.
  type: {types: [[]], run: ([value]) => (value instanceof ExpressionReference ? null : jmespathType(typeName(value)))},
  values: {types: [['object']], run: ([dict]) => Object.values(dict as Dict)},
}

/** Calls a built-in function as jmespath's Functions.call_function does: arity first, then types. */
export function callFunction(name: string, args: unknown[]): unknown {
  const signature = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined
  if (!signature) throw new JmesPathError(`Unknown function: ${name}()`)
  const expected = signature.types.length
  if (signature.variadic ? args.length < expected : args.length !== expected) {
    const noun = expected === 1 ? 'argument' : 'arguments'
    throw new JmesPathError(`Expected ${signature.variadic ? 'at least ' : ''}${expected} ${noun} for function ${name}(), received ${args.length}`)
  }

  signature.types.forEach((types, index) => {
    if (types.length > 0) checkType(args[index], types, name)
  })
  return signature.run(args)
}

function checkType(value: unknown, types: string[], name: string): void {
  const allowed = types.flatMap((type) => PYTHON_TYPES[type.split('-')[0]])
  const subtypes = types.filter((type) => type.includes('-')).map((type) => PYTHON_TYPES[type.split('-')[1]])
  const actual = typeName(value)
  if (!allowed.includes(actual)) throw typeError(name, value, jmespathType(actual), types)
  if (subtypes.length === 0) return
  const list = value as unknown[]
  let required = subtypes[0]
  if (subtypes.length > 1) {
    // Several kinds of list are allowed: the first item says which one this is.
    if (list.length === 0) return
    const first = typeName(list[0])
    const found = subtypes.find((names) => names.includes(first))
    if (!found) throw typeError(name, list[0], first, types)
    required = found
  }

  for (const item of list) {
    if (!required.includes(typeName(item))) throw typeError(name, item, typeName(item), types)
  }
}

function typeError(name: string, value: unknown, actual: string, expected: string[]): JmesPathError {
  const types = `[${expected.map((type) => `'${type}'`).join(', ')}]`
  return new JmesPathError(`In function ${name}(), invalid type for value: ${pythonText(value)}, expected one of: ${types}, received: "${actual}"`)
}

/** str() of a value; an expression reference shows as Python's object would, without its address. */
function pythonText(value: unknown): string {
  return value instanceof ExpressionReference ? '<jmespath.visitor._Expression object>' : pythonStr(value)
}

function contains(subject: string | unknown[], search: unknown): boolean {
  if (typeof subject === 'string') {
    // Python names the type as its C structure does: an OrderedDict is collections.OrderedDict.
    const type = typeName(search) === 'OrderedDict' ? 'collections.OrderedDict' : typeName(search)
    if (typeof search !== 'string') throw new PythonError(`'in <string>' requires string as left operand, not ${type}`)
    return subject.includes(search)
  }

  return subject.some((item) => item === search || pythonEquals(item, search))
}

/** len(): code points of a string, items of a list, keys of a dict. */
function lengthOf(value: string | unknown[] | Dict): number {
  if (typeof value === 'string') return [...value].length
  return Array.isArray(value) ? value.length : Object.keys(value).length
}

/** sum(list) / float(len(list)), None for an empty list. */
function average(list: Num[]): number | null {
  return list.length > 0 ? toFloat(pythonSum(list)) / list.length : null
}

/**
 * Python 3.11's sum(): exact integer arithmetic until the first float, floating-point after it.
 * An integer beyond JavaScript's safe range stays exact as a bigint.
 */
function pythonSum(list: Num[]): Num {
  let exact = 0n
  let float: number | undefined
  for (const item of list) {
    if (float === undefined && isInt(item)) exact += BigInt(item)
    else float = (float ?? Number(exact)) + Number(item)
  }

  return float ?? intValue(exact)
}

/** Python's float(int): an OverflowError for an int beyond the largest float. */
function toFloat(value: Num): number {
  const float = Number(value)
  if (!Number.isFinite(float) && typeof value === 'bigint') throw new PythonError('int too large to convert to float')
  return float
}

/** math.ceil / math.floor: an int, exact however large; no int for infinities and NaN. */
function toInt(value: Num, round: (value: number) => number): Num {
  if (typeof value === 'bigint' || isInt(value)) return value
  if (Number.isNaN(value)) throw new PythonError('cannot convert float NaN to integer')
  if (!Number.isFinite(value)) throw new PythonError('cannot convert float infinity to integer')
  // + 0 turns -0 into the int 0.
  return intValue(BigInt(round(value) + 0))
}

/** An int as azx holds it: a number while it is safe, a bigint beyond. */
function intValue(value: bigint): Num {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
}

/** Python's max() or min() of numbers or of strings: the first of the greatest (or least). */
function extreme(list: (Num | string)[], operator: '<' | '>'): unknown {
  if (list.length === 0) return null
  let best = list[0]
  for (const item of list.slice(1)) if (pythonOrder(item, best, operator)) best = item
  return best
}

/** max_by / min_by: keys must be numbers or strings, and are compared as they come. */
function extremeBy(list: unknown[], reference: ExpressionReference, operator: '<' | '>', name: string): unknown {
  if (list.length === 0) return null
  const key = keyFunction(reference, ['number', 'string'], name)
  let best = list[0]
  let bestKey = key(best)
  for (const item of list.slice(1)) {
    const itemKey = key(item)
    if (pythonOrder(itemKey, bestKey, operator)) {
      best = item
      bestKey = itemKey
    }
  }

  return best
}

function sortBy(list: unknown[], reference: ExpressionReference): unknown[] {
  if (list.length === 0) return list
  // The first item's key decides whether the keys are numbers or strings.
  const required = jmespathType(typeName(reference.apply(list[0])))
  if (required !== 'number' && required !== 'string') throw typeError('sort_by', list[0], required, ['string', 'number'])
  const key = keyFunction(reference, [required], 'sort_by')
  return sortByKeys(list, list.map(key))
}

function keyFunction(reference: ExpressionReference, allowed: string[], name: string): (item: unknown) => Num | string {
  return (item) => {
    const result = reference.apply(item)
    const type = jmespathType(typeName(result))
    if (!allowed.includes(type)) throw typeError(name, result, type, allowed)
    return result as Num | string
  }
}

/** Python's sorted(): stable, by the keys' own order (items with equal keys keep theirs). */
function sortByKeys<T>(list: T[], keys: (Num | string)[]): T[] {
  const order = list.map((_, index) => index)
  order.sort((a, b) => (pythonOrder(keys[a], keys[b], '<') ? -1 : pythonOrder(keys[b], keys[a], '<') ? 1 : 0))
  return order.map((index) => list[index])
}

/**
 * merge(): later objects' keys win, each key keeps the place it first had. Python jmespath checks
 * only the first argument's type (the rest go to dict.update, where a non-object makes az fail or,
 * for a list of pairs, merges the pairs); azx checks every one.
 */
function merge(dicts: unknown[]): Dict {
  const merged = orderedRecord<unknown>()
  for (const dict of dicts) {
    if (!isDict(dict) || dict instanceof ExpressionReference) throw typeError('merge', dict, jmespathType(typeName(dict)), ['object'])
    for (const key of Object.keys(dict)) merged[key] = dict[key]
  }

  return merged
}

/** to_number(): numbers as they are, strings as Python's int() or else float() reads them, anything else None. */
function toNumber(value: unknown): unknown {
  if (isNumber(value)) return value
  if (typeof value !== 'string') return null
  const int = pythonInt(value)
  if (int !== undefined) return intValue(int)
  return pythonFloat(value) ?? null
}
