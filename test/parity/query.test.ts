/**
 * `--query` parity: random JMESPath expressions over random command results, searched by azx
 * (query.ts, azx's own JMESPath) and by Python's jmespath as knack runs it (OrderedDict for
 * the dicts a query builds), compared: which expressions are refused, the search errors' messages,
 * the results with their types and key order, and the result printed in every format.
 * See parity.ts for the seed and counts.
 *
 * Deliberate differences, allowed here (and nowhere else):
 * - the text of a syntax error: az prints argparse's "invalid jmespath_type value" line, which azx
 *   rebuilds (query.test.ts in the unit tests); only whether an expression is refused is compared;
 * - where Python raises an exception jmespath does not catch (ordering a number against a string,
 *   contains() of a non-string in a string, a slice step of 0), az fails with a traceback; azx
 *   reports a query error (exit code 1) with Python's message;
 * - a float with an integral value (avg([1, 3]) is 2.0, and so is the literal `2.0`): JavaScript has
 *   no such number, so azx holds 2 and prints it as an int, as it prints a float 2.0 read from JSON
 *   (values.ts). originals.py notes where jmespath made one (a literal, abs, avg, sum, to_number),
 *   and such inputs are not compared;
 * - an expression reference (`&a`) as a value: az fails to print it, or prints the Python object's
 *   memory address; azx reports a query error. In type errors Python shows the same address,
 *   which the comparison leaves out;
 * - merge() with a later argument that is not an object: Python jmespath checks only the first
 *   argument and hands the others to dict.update (az fails, or merges a list of pairs); azx
 *   refuses it with the type error the first argument would get.
 */
import {describe, it} from '@jest/globals'
import {isDeepStrictEqual} from 'node:util'

import {CommandError, UsageError} from '@azx/core/errors'
import {compileQuery, renderOutput} from '@azx/core/output'
import type {OutputFormat} from '@azx/core/output'

import {queryKeyOrder} from '../../packages/core/src/output/key-order.js'
import {randomDocument} from './documents.js'
import type {Answer} from './originals.js'
import {CHECK_TIMEOUT_MS, expectParity, parityCount, randomFor, usePython} from './parity.js'
import {isPythonInt, pythonJson} from './python-value.js'
import {guidedQuery, keysOf, mutateText, printQuery, randomQuery, smallerQueries} from './queries.js'
import type {Query} from './queries.js'
import type {Random} from './random.js'
import {smallerValues} from './shrink.js'
import {agreedValue} from './unicode.js'

interface Search {
  data: unknown
  query: Query
  /** The expression's text when it was mutated away from the tree. */
  text?: string
  format: OutputFormat
}

const COUNT = parityCount(1200)
const FORMATS: OutputFormat[] = ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv']
const QUERY_ERROR = 'Invalid jmespath query supplied for `--query`: '

const pythonSide = usePython()

function randomSearch(random: Random): Search {
  const data = agreedValue(randomDocument(random), pythonSide.disagreements)
  const query = random.chance(0.5) ? guidedQuery(random, data) : randomQuery(random, keysOf(data))
  const text = random.chance(0.05) ? mutateText(random, printQuery(query)) : undefined
  return {data, format: random.pick(FORMATS), query, text}
}

function expression({query, text}: Search): string {
  return text ?? printQuery(query)
}

/** What azx does with the query: refuses it, fails searching, or gives a result. */
function azxSearch(search: Search): {error: Answer} | {result: unknown} {
  let compiled
  try {
    compiled = compileQuery(expression(search))
  } catch (error) {
    if (error instanceof UsageError) return {error: {error: 'usage'}}
    throw error
  }

  try {
    return {result: compiled.search(search.data)}
  } catch (error) {
    if (!(error instanceof CommandError && error.message.startsWith(QUERY_ERROR))) throw error
    return {error: {error: 'query', message: error.message.slice(QUERY_ERROR.length)}}
  }
}

/** A result as originals.py describes Python's: types and key order made explicit. */
function typed(value: unknown): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (typeof value === 'bigint') return {int: value.toString()}
  if (typeof value === 'number') return isPythonInt(value) ? {int: String(value)} : {float: value}
  if (Array.isArray(value)) return {list: value.map(typed)}
  if (typeof value === 'object') {
    const order = queryKeyOrder(value)
    const entries = (order ?? Object.keys(value)).map((key) => [key, typed((value as Record<string, unknown>)[key])])
    return order ? {ordered: entries} : {dict: entries}
  }

  return {other: String(value)}
}

/** Python's typed result with its floats read as numbers, so that they compare by value. */
function pythonTyped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pythonTyped)
  if (typeof value !== 'object' || value === null) return value
  const [[kind, inner]] = Object.entries(value)
  if (kind === 'float') return {float: Number((inner as string).replace(/^(-?)inf$/, '$1Infinity').replace('nan', 'NaN'))}
  return {[kind]: pythonTyped(inner)}
}

/**
 * Python's answer as azx should give it, with the deliberate differences above applied, or
 * undefined for an input where they leave nothing to compare.
 */
function expectedAnswer(python: Answer): Answer | undefined {
  if (python.quirks !== undefined) return undefined
  if (python.error === 'usage') return {error: 'usage'}
  if (python.error === 'crash' || python.error === 'query') {
    const message = String(python.message)
    if (python.error === 'crash' && message.includes('_Expression')) return undefined
    return {error: 'query', message: python.error === 'crash' ? message.replace(/^\w+: /, '') : message.replaceAll(/ at 0x[0-9a-f]+>/g, '>')}
  }

  if (python.error !== undefined) return python
  const {result, ...answer} = python as Answer & {result?: unknown}
  if (result === null || (typeof answer.ok === 'string' && answer.ok.includes('_Expression object at'))) return undefined
  return answer
}

function* smallerSearches(search: Search): Generator<Search> {
  if (search.text === undefined) for (const query of smallerQueries(search.query)) yield {...search, query}
  for (const data of smallerValues(search.data)) yield {...search, data}
}

function show(search: Search): string {
  return `--query ${JSON.stringify(expression(search))} -o ${search.format} over ${pythonJson(search.data)}`
}

describe('--query', () => {
  it(
    `searches as Python's jmespath searches, for ${COUNT} random expressions`,
    async () => {
      const random = randomFor('query search')
      await expectParity(pythonSide.originals, {
        agree(azx, python) {
          const expected = python.error === undefined && python.quirks === undefined ? {ok: pythonTyped(python.ok)} : expectedAnswer(python)
          return expected === undefined || isDeepStrictEqual(azx, expected)
        },
        azx(search) {
          const outcome = azxSearch(search)
          return 'error' in outcome ? outcome.error : {ok: typed(outcome.result)}
        },
        inputs: Array.from({length: COUNT}, () => randomSearch(random.fork())),
        job: (search) => ({data: search.data, expression: expression(search), kind: 'search'}),
        name: '--query (the search result)',
        show,
        smaller: smallerSearches,
      })
    },
    CHECK_TIMEOUT_MS,
  )

  it(
    `prints a query's result as az prints it, for ${COUNT} random expressions`,
    async () => {
      const random = randomFor('query output')
      await expectParity(pythonSide.originals, {
        agree(azx, python) {
          const expected = expectedAnswer(python)
          return expected === undefined || isDeepStrictEqual(azx, expected)
        },
        azx(search) {
          const outcome = azxSearch(search)
          if ('error' in outcome) return outcome.error
          try {
            return {ok: renderOutput(outcome.result, {color: true, format: search.format, queryActive: true})}
          } catch (error) {
            if (error instanceof CommandError) return {error: 'command', message: error.message}
            throw error
          }
        },
        inputs: Array.from({length: COUNT}, () => randomSearch(random.fork())),
        job: (search) => ({data: search.data, format: search.format, kind: 'render', query: expression(search)}),
        name: '--query (the printed result)',
        show,
        smaller: smallerSearches,
      })
    },
    CHECK_TIMEOUT_MS,
  )
})
