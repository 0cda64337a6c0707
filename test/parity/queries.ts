/**
 * Random JMESPath expressions for `--query`, over the keys of the document they search: fields,
 * sub-expressions, indexes and slices, projections, filters with comparisons, pipes, or/and/not,
 * multiselect lists and hashes, every built-in function (with arguments of the right and of the
 * wrong type), literals and raw strings. An expression is a tree, printed to text, so shrinking can
 * try its parts; a few are mutated by a character to check that the same texts are refused.
 */
import {pythonJson} from './python-value.js'
import type {Random} from './random.js'

export type Query =
  | {kind: 'field'; name: string}
  | {kind: 'current'}
  | {kind: 'text'; text: string}
  | {kind: 'bare'; operand: Query}
  | {kind: 'sub'; left: Query; right: Query}
  | {kind: 'index'; left: Query; index: number}
  | {kind: 'slice'; left: Query; parts: (number | undefined)[]}
  | {kind: 'project'; left: Query; right?: Query; style: '[*]' | '[]' | '.*'}
  | {kind: 'filter'; left: Query; condition: Query; right?: Query}
  | {kind: 'binary'; operator: string; left: Query; right: Query; bare?: boolean}
  | {kind: 'not'; operand: Query}
  | {kind: 'list'; items: Query[]}
  | {kind: 'hash'; pairs: [string, Query][]}
  | {kind: 'call'; name: string; args: Query[]}
  | {kind: 'ref'; operand: Query}
  | {kind: 'paren'; operand: Query}

const FUNCTIONS: Record<string, number> = {
  abs: 1,
  avg: 1,
  ceil: 1,
  contains: 2,
  ends_with: 2,
  floor: 1,
  join: 2,
  keys: 1,
  length: 1,
  map: 2,
  max: 1,
  max_by: 2,
  merge: 2,
  min: 1,
  min_by: 2,
  not_null: 2,
  reverse: 1,
  sort: 1,
  sort_by: 2,
  starts_with: 2,
  sum: 1,
  to_array: 1,
  to_number: 1,
  to_string: 1,
  type: 1,
  values: 1,
}
const BY_FUNCTIONS = new Set(['map', 'max_by', 'min_by', 'sort_by'])
const COMPARATORS = ['==', '!=', '<', '<=', '>', '>=']
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
const MISSING_NAMES = ['missing', 'name', 'a', 'Name', 'a-b', '']

/** The keys found anywhere in `data`, for expressions that select something. */
export function keysOf(data: unknown, found = new Set<string>()): string[] {
  if (Array.isArray(data)) for (const item of data) keysOf(item, found)
  else if (typeof data === 'object' && data !== null) {
    for (const [key, value] of Object.entries(data)) {
      found.add(key)
      keysOf(value, found)
    }
  }

  return [...found]
}

export function randomQuery(random: Random, keys: readonly string[], depth = 3): Query {
  const field = (): Query => ({kind: 'field', name: keys.length > 0 && random.chance(0.85) ? random.pick(keys) : random.pick(MISSING_NAMES)})
  const leaf = (): Query =>
    random.weighted<() => Query>([
      [8, field],
      [2, () => ({kind: 'current'})],
      [2, () => ({kind: 'text', text: literal(random)})],
      [1, () => ({kind: 'text', text: rawString(random)})],
    ])()
  if (depth <= 0) return leaf()
  const next = (): Query => randomQuery(random, keys, depth - 1)
  const dotRight = (): Query =>
    random.chance(0.8)
      ? field()
      : random.pick<() => Query>([() => ({items: [next(), next()], kind: 'list'}), () => call(random, next), () => hash(random, keys, next)])()
  const bare = () => random.chance(0.3)
  return random.weighted<() => Query>([
    [6, leaf],
    [6, () => ({kind: 'sub', left: next(), right: dotRight()})],
    [3, () => ({index: random.between(-3, 3), kind: 'index', left: next()})],
    [2, () => ({kind: 'slice', left: next(), parts: sliceParts(random)})],
    [4, () => ({kind: 'project', left: next(), right: random.chance(0.6) ? field() : undefined, style: random.pick(['[*]', '[]', '.*'] as const)})],
    [4, () => ({condition: condition(random, keys, next), kind: 'filter', left: next(), right: random.chance(0.5) ? field() : undefined})],
    [2, () => ({bare: bare(), kind: 'binary', left: next(), operator: '|', right: next()})],
    [2, () => ({bare: bare(), kind: 'binary', left: next(), operator: random.pick(['||', '&&']), right: next()})],
    [2, () => condition(random, keys, next)],
    [1, () => ({kind: 'not', operand: next()})],
    [2, () => ({items: Array.from({length: random.between(1, 3)}, next), kind: 'list'})],
    [3, () => hash(random, keys, next)],
    [6, () => call(random, next)],
    [1, () => ({kind: 'paren', operand: next()})],
    [3, () => ({kind: 'bare', operand: bareable(random, keys, next)})],
  ])()
}

/**
 * An expression that follows the document's own shape, as a real `--query` does (`[?state ==
 * 'Enabled'].{name: name, id: id}`, `[0].user.name`), so most give a value rather than null;
 * sometimes passed to a function or used in a random expression.
 */
export function guidedQuery(random: Random, data: unknown): Query {
  let query: Query = {kind: 'current'}
  let value = data
  for (let step = random.between(1, 4); step > 0; step--) {
    if (Array.isArray(value) && value.length > 0) {
      const item: unknown = random.pick(value)
      const keys = isRecord(item) ? Object.keys(item) : []
      const choice = random.int(keys.length > 0 ? 6 : 4)
      if (choice === 0) {
        const at = random.int(value.length)
        query = {index: random.chance(0.3) ? at - value.length : at, kind: 'index', left: query}
        value = value[at]
        continue
      }

      const itemQuery = () => randomQuery(random, keysOf(item), 1)
      if (choice === 1)
        return {kind: 'project', left: query, right: random.chance(0.5) ? itemQuery() : undefined, style: random.pick(['[*]', '[]'] as const)}
      if (choice === 2) return {kind: 'slice', left: query, parts: sliceParts(random)}
      if (choice === 3) return call(random, () => (random.chance(0.7) ? query : itemQuery()))
      return {...filterOf(random, item as Record<string, unknown>, keys, choice === 4), left: query}
    }

    if (isRecord(value) && Object.keys(value).length > 0) {
      const keys = Object.keys(value)
      const key = random.pick(keys)
      if (random.chance(0.15)) return {kind: 'project', left: query, right: random.chance(0.5) ? {kind: 'field', name: key} : undefined, style: '.*'}
      if (random.chance(0.15))
        return {kind: 'sub', left: query, right: {kind: 'hash', pairs: keys.slice(0, 3).map((name) => [name, {kind: 'field', name}])}}
      query = query.kind === 'current' ? {kind: 'field', name: key} : {kind: 'sub', left: query, right: {kind: 'field', name: key}}
      value = value[key]
      continue
    }

    break
  }

  return random.chance(0.3) ? call(random, () => query) : query
}

/** A filter on one of the items' keys, against a value one of them has, selecting a key or a hash of them. */
function filterOf(random: Random, item: Record<string, unknown>, keys: string[], selectOne: boolean): Extract<Query, {kind: 'filter'}> {
  const key = random.pick(keys)
  const compared = item[key]
  const text = typeof compared === 'string' ? `'${compared.replaceAll("'", "\\'")}'` : `\`${pythonJson(compared).replaceAll('`', '\\`')}\``
  const field: Query = {kind: 'field', name: key}
  const condition: Query = random.chance(0.7) ? {kind: 'binary', left: field, operator: random.pick(COMPARATORS), right: {kind: 'text', text}} : field
  const pairs = keys.slice(0, random.between(1, 3)).map((name): [string, Query] => [random.pick([name, 'x', 'Name']), {kind: 'field', name}])
  const right: Query = selectOne ? {kind: 'field', name: random.pick(keys)} : {kind: 'hash', pairs}
  return {condition, kind: 'filter', left: {kind: 'current'}, right: random.chance(0.8) ? right : undefined}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function sliceParts(random: Random): (number | undefined)[] {
  return [maybeInt(random), maybeInt(random), random.chance(0.3) ? random.pick([-2, -1, 0, 1, 2]) : undefined]
}

/** An expression that starts with `@` where the `@` may be left out: `[0]`, `[*].a`, `[?a]`, `*.a`, `[]`. */
function bareable(random: Random, keys: readonly string[], next: () => Query): Query {
  const current: Query = {kind: 'current'}
  return random.pick<() => Query>([
    () => ({index: random.between(-2, 2), kind: 'index', left: current}),
    () => ({kind: 'slice', left: current, parts: sliceParts(random)}),
    () => ({kind: 'project', left: current, right: random.chance(0.5) ? next() : undefined, style: random.pick(['[*]', '[]'] as const)}),
    () => ({condition: condition(random, keys, next), kind: 'filter', left: current, right: random.chance(0.3) ? next() : undefined}),
    () => ({kind: 'sub', left: {kind: 'text', text: '*'}, right: next()}),
    () => ({index: random.between(-1, 1), kind: 'index', left: {index: random.between(-1, 1), kind: 'index', left: current}}),
  ])()
}

function condition(random: Random, keys: readonly string[], next: () => Query): Query {
  return random.chance(0.7) ? {bare: random.chance(0.3), kind: 'binary', left: next(), operator: random.pick(COMPARATORS), right: next()} : next()
}

function hash(random: Random, keys: readonly string[], next: () => Query): Query {
  const names = keys.length > 0 ? [...keys, 'x', 'Name', '1', '0', 'a b'] : ['x', 'Name', '1', '0']
  return {kind: 'hash', pairs: Array.from({length: random.between(1, 4)}, () => [random.pick(names), next()])}
}

function call(random: Random, next: () => Query): Query {
  const name = random.chance(0.97) ? random.pick(Object.keys(FUNCTIONS)) : 'unknown_fn'
  const arity = (FUNCTIONS[name] ?? 1) + (random.chance(0.05) ? random.pick([-1, 1]) : 0)
  const args = Array.from({length: Math.max(0, arity)}, (_, index): Query => {
    const byArgument = BY_FUNCTIONS.has(name) && (name === 'map' ? index === 0 : index === 1)
    return byArgument && random.chance(0.9) ? {kind: 'ref', operand: next()} : next()
  })
  if (name === 'join' && random.chance(0.7)) args[0] = {kind: 'text', text: random.pick(["', '", "''", "'-'"])}
  return {kind: 'call', args, name}
}

function maybeInt(random: Random): number | undefined {
  return random.chance(0.6) ? random.between(-3, 3) : undefined
}

function literal(random: Random): string {
  const value = random.pick<unknown>([0, 1, -1, 2.5, -0, 1e300, 'a', '', 'x y', true, false, null, [], {}, [1, 2], ['b', 'a'], {a: 1}, 10])
  const json = random.chance(0.15) ? random.pick(ODD_LITERALS) : pythonJson(value)
  return `\`${json.replaceAll('`', '\\`')}\``
}

/** Literal texts that are not plain JSON of a value: Python's extensions, the deprecated bare string, errors. */
const ODD_LITERALS = [
  'foo',
  '1.0',
  '-0.0',
  '"a\\u00e9"',
  '[1, "a", null]',
  ' 1 ',
  '{"1": 1, "b": 2}',
  'NaN',
  '-Infinity',
  '12345678901234567890',
  '"\\ud83d\\ude00"',
  'a\\`b',
  '"x',
  '[1,]',
  'tr ue',
  '\\"q\\"',
]

function rawString(random: Random): string {
  return `'${random.pick(['a', '', 'x y', "it\\'s", 'Name', '1', 'é', 'back\\\\slash', 'a\\nb', '\\u00e9', '`'])}'`
}

/** The expression's text; parentheses where the tree's shape needs them (and sometimes where it does not). */
export function printQuery(query: Query): string {
  switch (query.kind) {
    case 'field':
      return IDENTIFIER.test(query.name) ? query.name : JSON.stringify(query.name)
    case 'current':
      return '@'
    case 'text':
      return query.text
    case 'sub':
      return `${operand(query.left)}.${printQuery(query.right)}`
    case 'index':
      return `${operand(query.left)}[${query.index}]`
    case 'slice':
      return `${operand(query.left)}[${query.parts
        .map((part) => (part === undefined ? '' : String(part)))
        .join(':')
        .replace(/:$/, '')}]`
    case 'project':
      return `${operand(query.left)}${query.style}${query.right ? `.${printQuery(query.right)}` : ''}`
    case 'filter':
      return `${operand(query.left)}[?${printQuery(query.condition)}]${query.right ? `.${printQuery(query.right)}` : ''}`
    case 'binary':
      // Without parentheses around the operands, the parsers' precedence decides what it means.
      if (query.bare) return `${printQuery(query.left)} ${query.operator} ${printQuery(query.right)}`
      return `${operand(query.left)} ${query.operator} ${operand(query.right)}`
    case 'not':
      return `!${operand(query.operand)}`
    case 'list':
      return `[${query.items.map(printQuery).join(', ')}]`
    case 'hash':
      return `{${query.pairs.map(([key, value]) => `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${printQuery(value)}`).join(', ')}}`
    case 'call':
      return `${query.name}(${query.args.map(printQuery).join(', ')})`
    case 'ref':
      return `&${operand(query.operand)}`
    case 'paren':
      return `(${printQuery(query.operand)})`
    case 'bare':
      return printQuery(query.operand).replace(/^@/, '')
  }
}

function operand(query: Query): string {
  const simple = ['field', 'current', 'text', 'list', 'hash', 'call', 'paren', 'index', 'sub'].includes(query.kind)
  return simple ? printQuery(query) : `(${printQuery(query)})`
}

/** A character deleted, doubled or replaced: mostly a syntax error, sometimes another valid expression. */
export function mutateText(random: Random, text: string): string {
  if (text.length === 0) return random.pick(['.', '[', '@'])
  const at = random.int(text.length)
  return random.weighted<() => string>([
    [1, () => text.slice(0, at) + text.slice(at + 1)],
    [1, () => text.slice(0, at) + text[at] + text.slice(at)],
    [1, () => text.slice(0, at) + random.pick([...'.[]{}()@*?&|!<>=,:\'"`$ 0a-']) + text.slice(at + 1)],
  ])()
}

/** Smaller expressions: each part of the tree on its own, then the tree with a smaller part. */
export function* smallerQueries(query: Query): Generator<Query> {
  const parts = partsOf(query)
  yield* parts
  if (query.kind !== 'current') yield {kind: 'current'}
  for (const [index, part] of parts.entries()) {
    for (const smaller of smallerQueries(part)) yield replacePart(query, index, smaller)
  }
}

function partsOf(query: Query): Query[] {
  switch (query.kind) {
    case 'sub':
    case 'binary':
      return [query.left, query.right]
    case 'index':
    case 'slice':
      return [query.left]
    case 'project':
      return query.right ? [query.left, query.right] : [query.left]
    case 'filter':
      return query.right ? [query.left, query.condition, query.right] : [query.left, query.condition]
    case 'not':
    case 'ref':
    case 'paren':
    case 'bare':
      return [query.operand]
    case 'list':
      return query.items
    case 'hash':
      return query.pairs.map(([, value]) => value)
    case 'call':
      return query.args
    default:
      return []
  }
}

function replacePart(query: Query, index: number, part: Query): Query {
  switch (query.kind) {
    case 'sub':
    case 'binary':
      return index === 0 ? {...query, left: part} : {...query, right: part}
    case 'index':
    case 'slice':
      return {...query, left: part}
    case 'project':
      return index === 0 ? {...query, left: part} : {...query, right: part}
    case 'filter':
      return index === 0 ? {...query, left: part} : index === 1 ? {...query, condition: part} : {...query, right: part}
    case 'not':
    case 'ref':
    case 'paren':
    case 'bare':
      return {...query, operand: part}
    case 'list':
      return {...query, items: query.items.map((item, at) => (at === index ? part : item))}
    case 'hash':
      return {...query, pairs: query.pairs.map(([key, value], at) => [key, at === index ? part : value])}
    case 'call':
      return {...query, args: query.args.map((arg, at) => (at === index ? part : arg))}
    default:
      return query
  }
}
