/**
 * Golden cases: inputs the output tests render, and the texts the Python libraries az uses make of
 * them (knack, PyYAML, tabulate, Pygments, jmespath, Python itself), kept in expected.json.
 *
 * Nobody writes those texts by hand: `node scripts/output-goldens.mjs` asks the libraries (through
 * test/parity/originals.py, under Debian's /usr/bin/python3) and rewrites expected.json, and
 * `--check` fails when a text there is not what the libraries give. The tests compare azx with it.
 */
import {readFileSync} from 'node:fs'

import type {OutputFormat, TableTransformer} from '../formats.js'

export type GoldenCase =
  /** What `az <command> [--query …] -o <format>` prints for a command that returned `data`. */
  | {kind: 'render'; name: string; format: OutputFormat; data: unknown; query?: string; tableTransformer?: TableTransformer}
  /** tabulate(rows, headers, tablefmt='simple', disable_numparse=True) */
  | {kind: 'tabulate'; name: string; rows: unknown[][]; headers: string[]}
  /** A JMESPath search's result as compact JSON, or its error message. */
  | {kind: 'search'; name: string; expression: string; data: unknown}
  /** A Python text operation: repr() of a str or of a float, str.strip(), str.rstrip(), str.splitlines(), sorted(). */
  | {kind: 'python'; name: string; op: PythonOp; value: unknown}

export type PythonOp = 'float-repr' | 'repr' | 'strip' | 'rstrip' | 'splitlines' | 'splitlines-keepends' | 'sorted'

/** The libraries' answer: a text (kept as its lines), another value, or an error and its message. */
export type GoldenAnswer = {lines: string[]} | {value: unknown} | {error: string; message?: string}

/** The golden groups, each a test file's cases, by name: the keys of expected.json. */
export type GoldenGroups = Record<string, GoldenCase[]>

const EXPECTED = new URL('expected.json', import.meta.url)
let expected: Record<string, Record<string, GoldenAnswer>> | undefined

/** The libraries' answer for a case, from expected.json. */
export function goldenAnswer(group: string, name: string): GoldenAnswer {
  expected ??= JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Record<string, GoldenAnswer>>
  const answer = expected[group]?.[name]
  if (answer === undefined) throw new Error(`expected.json has no golden for ${group} › ${name}: run node scripts/output-goldens.mjs`)
  return answer
}

/** The libraries' text for a case that prints one. */
export function goldenText(group: string, name: string): string {
  const answer = goldenAnswer(group, name)
  if (!('lines' in answer)) throw new Error(`the golden for ${group} › ${name} is not a text: ${JSON.stringify(answer)}`)
  return answer.lines.join('\n')
}

/** The cases' names, for it.each. */
export function caseNames(cases: readonly GoldenCase[]): string[] {
  const names = cases.map(({name}) => name)
  const repeated = names.find((name, index) => names.indexOf(name) !== index)
  if (repeated !== undefined) throw new Error(`two golden cases are named '${repeated}'`)
  return names
}

/** The case of that name. */
export function goldenCase<K extends GoldenCase['kind']>(cases: readonly GoldenCase[], name: string, kind: K): Extract<GoldenCase, {kind: K}> {
  const found = cases.find((candidate) => candidate.name === name)
  if (!found || found.kind !== kind) throw new Error(`no ${kind} golden case named '${name}'`)
  return found as Extract<GoldenCase, {kind: K}>
}

/** A maker of render cases in one format: `yaml('a list', [1, 2], {query: '[0]'})`. */
export function renderCase(
  format: OutputFormat,
): (name: string, data: unknown, options?: {query?: string; tableTransformer?: TableTransformer}) => GoldenCase {
  return (name, data, options = {}) => ({data, format, kind: 'render', name, ...options})
}

/** A search case, named by its expression and data. */
export function searchCase(expression: string, data: unknown): GoldenCase {
  return {data, expression, kind: 'search', name: `${expression} over ${JSON.stringify(data) ?? 'nothing'}`}
}
