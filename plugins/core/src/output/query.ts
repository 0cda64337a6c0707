/**
 * `--query`: JMESPath through the `jmespath` package, loaded only when a query is given.
 *
 * az (knack) compiles the expression while parsing arguments, so a syntax error is a usage error
 * (exit 2); an error while searching (an unknown function, a wrong argument count) is a command
 * error (exit 1). Where the JavaScript library accepts syntax Python's rejects, this rejects it too.
 */
import {createRequire} from 'node:module'

import {CommandError, UsageError} from '../errors/index.js'
import {QUERY_REFERENCE} from '../errors/suggest.js'
import {rememberKeyOrder} from './key-order.js'
import {stringRepr} from './python-text.js'
import {markSharedObjectsReal} from './shared-objects.js'
import {isDict} from './values.js'

export interface CompiledQuery {
  readonly expression: string
  /** The query's result for `data`; dicts the query builds keep their key order for table and tsv. */
  search(data: unknown): unknown
}

interface JmesPath {
  compile(expression: string): unknown
  search(data: unknown, expression: string): unknown
}

interface AstNode {
  type?: string
  name?: string
  children?: (AstNode | null | undefined)[]
  value?: unknown
}

let library: JmesPath | undefined

/**
 * Compiles a JMESPath expression as az's `--query` does.
 *
 * @throws UsageError `argument --query: invalid jmespath_type value: '<expression>'` for bad syntax
 * (exit code 2); the expression is quoted as Python's repr() quotes it.
 */
export function compileQuery(expression: string): CompiledQuery {
  const jmespath = loadJmesPath()
  let ast: AstNode
  try {
    ast = jmespath.compile(expression) as AstNode
  } catch {
    throw invalidQuery(expression)
  }

  if (hasMissingOperand(ast) || hasUnclosedRawString(expression)) throw invalidQuery(expression)
  const multiselectKeys = collectMultiselectKeys(ast)
  return {
    expression,
    search(data: unknown): unknown {
      let result: unknown
      try {
        result = jmespath.search(data, expression)
      } catch (error) {
        throw new CommandError(`Invalid jmespath query supplied for \`--query\`: ${pythonMessage(error)}`, {
          cause: error,
          recommendations: [QUERY_REFERENCE],
        })
      }

      describeResult(data, result, multiselectKeys)
      return result
    },
  }
}

function loadJmesPath(): JmesPath {
  // CommonJS, and only needed with --query: required here rather than imported at start-up.
  library ??= createRequire(import.meta.url)('jmespath') as JmesPath
  return library
}

/** argparse's message, which shows the value as Python's repr() does ("'abc" gets double quotes). */
function invalidQuery(expression: string): UsageError {
  return new UsageError(`argument --query: invalid jmespath_type value: ${stringRepr(expression)}`, {recommendations: [QUERY_REFERENCE]})
}

/** `foo.` parses in JavaScript (with a missing operand) but is an error in Python. */
function hasMissingOperand(node: AstNode | null | undefined): boolean {
  if (node === null || node === undefined) return true
  // A slice's children are its numbers, null where left out (`[1:]`).
  if (typeof node !== 'object' || node.type === 'Slice') return false
  return (node.children ?? []).some((child) => hasMissingOperand(child))
}

/** `'abc` without its closing quote is an error in Python; JavaScript reads to the end. */
function hasUnclosedRawString(expression: string): boolean {
  let closing: string | undefined
  for (let index = 0; index < expression.length; index++) {
    const char = expression[index]
    if (closing === undefined) {
      if (char === "'" || char === '"' || char === '`') closing = char
    } else if (char === '\\') {
      index++
    } else if (char === closing) {
      closing = undefined
    }
  }

  return closing === "'"
}

/** The key lists of every multiselect hash (`{a: x, b: y}`) in the expression, duplicates folded. */
function collectMultiselectKeys(node: AstNode | null | undefined, found: string[][] = []): string[][] {
  if (node === null || typeof node !== 'object') return found
  if (node.type === 'MultiSelectHash') found.push([...new Set((node.children ?? []).map((pair) => pair?.name ?? ''))])
  for (const child of node.children ?? []) collectMultiselectKeys(child, found)
  if (node.type === 'KeyValuePair') collectMultiselectKeys(node.value as AstNode, found)
  return found
}

/**
 * Tells the formatters what Python would know about `result`: the key order of the dicts the
 * query built (new objects with exactly the keys of one of the expression's multiselect hashes),
 * and whether objects it repeats are repeated in Python too, which needs data that shared no
 * objects and a result without query-built dicts (PyYAML copies such a result before writing it).
 */
function describeResult(input: unknown, result: unknown, multiselectKeys: string[][]): void {
  if (typeof result !== 'object' || result === null) return
  const original = new Set<object>()
  let inputIsTree = true
  walk(input, (container, seenBefore) => {
    if (seenBefore) inputIsTree = false
    original.add(container)
    return !seenBefore
  })
  let built = false
  walk(result, (container, seenBefore) => {
    if (seenBefore || original.has(container)) return false
    const order = isDict(container) ? multiselectOrder(container, multiselectKeys) : undefined
    if (order) {
      rememberKeyOrder(container, order)
      built = true
    }

    return true
  })
  if (inputIsTree && !built) markSharedObjectsReal(result)
}

function multiselectOrder(dict: object, multiselectKeys: string[][]): string[] | undefined {
  const keys = Object.keys(dict)
  return multiselectKeys.find((candidate) => candidate.length === keys.length && candidate.every((key) => Object.hasOwn(dict, key)))
}

/** Visits every list and dict below `value`; `visit` returns whether to look inside. */
function walk(value: unknown, visit: (container: object, seenBefore: boolean) => boolean): void {
  const seen = new Set<object>()
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const current = pending.pop()
    if (typeof current !== 'object' || current === null) continue
    const seenBefore = seen.has(current)
    seen.add(current)
    if (!visit(current, seenBefore)) continue
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push(child)
  }
}

/** The JavaScript library's runtime errors, in Python jmespath's words where they map one to one. */
function pythonMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const arity = /^ArgumentError: (\S+)\(\) takes (at least)? ?(\d+) arguments? but received (\d+)$/.exec(message)
  if (arity) {
    const [, name, atLeast, expected, received] = arity
    const noun = expected === '1' ? 'argument' : 'arguments'
    return `Expected ${atLeast ? 'at least ' : ''}${expected} ${noun} for function ${name}(), received ${received}`
  }

  return message
}
