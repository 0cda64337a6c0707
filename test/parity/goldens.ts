/**
 * The golden texts of the output tests (packages/core/src/output/goldens), made by the Python
 * libraries: what scripts/output-goldens.mjs writes to expected.json, and what goldens.test.ts
 * holds expected.json to.
 */
import {GOLDEN_GROUPS} from '../../packages/core/src/output/goldens/index.js'
import type {GoldenAnswer, GoldenCase} from '../../packages/core/src/output/goldens/golden.js'
import type {Answer, Job, Originals} from './originals.js'

export type Goldens = Record<string, Record<string, GoldenAnswer>>

/** Every golden case's answer from the libraries, by group and name. */
export async function libraryGoldens(originals: Originals): Promise<Goldens> {
  const goldens: Goldens = {}
  for (const [group, cases] of Object.entries(GOLDEN_GROUPS)) {
    const names = cases.map(({name}) => name)
    const repeated = names.find((name, index) => names.indexOf(name) !== index)
    if (repeated !== undefined) throw new Error(`Two cases of the group '${group}' are named '${repeated}': names are the keys of expected.json.`)
    const answers = await originals.run(cases.map(goldenJob))
    goldens[group] = Object.fromEntries(cases.map((golden, index) => [golden.name, storedAnswer(golden, answers[index])]))
  }

  return goldens
}

/** The job that asks originals.py for a case's answer. */
function goldenJob(golden: GoldenCase): Job {
  switch (golden.kind) {
    case 'render': {
      // A command's table view is a Python function in az: the libraries see what it returned.
      const transformed = golden.tableTransformer !== undefined && golden.query === undefined
      const data = transformed ? golden.tableTransformer!(golden.data) : golden.data
      return {data, format: golden.format, kind: 'render', query: golden.query, transformer: golden.tableTransformer !== undefined}
    }

    case 'tabulate':
      return {headers: golden.headers, kind: 'tabulate', rows: golden.rows}
    case 'search':
      return {data: golden.data, expression: golden.expression, json: true, kind: 'search'}
    case 'python':
      return {kind: 'python', op: golden.op, value: golden.value}
  }
}

/** The answer as expected.json keeps it: texts as lines, so that a change shows as a diff of lines. */
function storedAnswer(golden: GoldenCase, answer: Answer): GoldenAnswer {
  if (answer.error !== undefined) return answer.message === undefined ? {error: answer.error} : {error: answer.error, message: String(answer.message)}
  if (golden.kind === 'render' || golden.kind === 'tabulate') return {lines: String(answer.ok).split('\n')}
  return {value: answer.ok}
}
