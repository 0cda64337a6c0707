/**
 * `--query`: JMESPath as az runs it, which is Python jmespath 1.0.1 under knack. azx has its own
 * implementation (./jmespath) that follows that library rule by rule, its error messages and its
 * quirks included, and Python's semantics under it (ints and floats, `==`, string order), because
 * the JavaScript jmespath package answered otherwise for about a third of random queries
 * (test/parity/query.test.ts).
 *
 * az (knack) compiles the expression while parsing arguments, so a syntax error is a usage error
 * (exit 2); an error while searching (an unknown function, a wrong argument count or type) is a
 * command error (exit 1), as is a Python exception jmespath lets through, where az fails with a
 * traceback (ordering a number against a string, a slice step of 0).
 */
import {CommandError, UsageError} from '../errors/index.js'
import {QUERY_REFERENCE} from '../errors/suggest.js'
import {JmesPathError, JmesPathSyntaxError, PythonError} from './jmespath/errors.js'
import {evaluate} from './jmespath/interpreter.js'
import {parse} from './jmespath/parser.js'
import {ExpressionReference, pythonView} from './jmespath/python.js'
import {queryKeyOrder} from './key-order.js'
import {stringRepr} from '../python/text.js'
import {markSharedObjectsReal} from './shared-objects.js'

export interface CompiledQuery {
  readonly expression: string
  /** The query's result for `data`; dicts the query builds keep their key order for table and tsv. */
  search(data: unknown): unknown
}

/**
 * Compiles a JMESPath expression as az's `--query` does.
 *
 * @throws UsageError `argument --query: invalid jmespath_type value: '<expression>'` for bad syntax
 * (exit code 2); the expression is quoted as Python's repr() quotes it.
 */
export function compileQuery(expression: string): CompiledQuery {
  let tree: ReturnType<typeof parse>
  try {
    tree = parse(expression)
  } catch (error) {
    if (!(error instanceof JmesPathSyntaxError)) throw error
    throw new UsageError(`argument --query: invalid jmespath_type value: ${stringRepr(expression)}`, {recommendations: [QUERY_REFERENCE]})
  }

  return {
    expression,
    search(data: unknown): unknown {
      const input = pythonView(data)
      let result: unknown
      try {
        result = evaluate(tree, input)
        if (holdsExpressionReference(result))
          throw new PythonError('an expression reference (&…) is not a value to print; use it as a function argument')
      } catch (error) {
        if (!(error instanceof JmesPathError || error instanceof PythonError)) throw error
        throw new CommandError(`Invalid jmespath query supplied for \`--query\`: ${error.message}`, {
          cause: error,
          recommendations: [QUERY_REFERENCE],
        })
      }

      describeResult(input, result)
      return result
    },
  }
}

/**
 * Tells the YAML formatter whether the objects `result` repeats were one object in Python too:
 * they are when the data searched shared no objects (az's data never does) and the result holds no
 * dict the query built, as knack writes such a result through a JSON copy, which shares nothing.
 */
function describeResult(input: unknown, result: unknown): void {
  if (typeof result !== 'object' || result === null) return
  let inputIsTree = true
  walk(input, (_, seenBefore) => {
    if (seenBefore) inputIsTree = false
    return !seenBefore
  })
  let built = false
  walk(result, (container, seenBefore) => {
    if (queryKeyOrder(container)) built = true
    return !seenBefore
  })
  if (inputIsTree && !built) markSharedObjectsReal(result)
}

function holdsExpressionReference(result: unknown): boolean {
  let found = false
  walk(result, (container, seenBefore) => {
    if (container instanceof ExpressionReference) found = true
    return !seenBefore && !found
  })
  return found
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
    if (!visit(current, seenBefore) || current instanceof ExpressionReference) continue
    for (const child of Array.isArray(current) ? current : Object.values(current)) pending.push(child)
  }
}
