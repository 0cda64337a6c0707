/**
 * Python's text conversions the formatters rely on, for the cases in goldens/python-text.ts;
 * expected.json holds what Python 3.11 gives (scripts/output-goldens.mjs regenerates it).
 */
import {describe, expect, it} from '@jest/globals'

import {caseNames, goldenAnswer, goldenCase} from './goldens/golden.js'
import type {PythonOp} from './goldens/golden.js'
import {pythonTextCases} from './goldens/python-text.js'
import {floatRepr, pythonRstrip, pythonSplitlines, pythonStrip, stringRepr} from '../python/text.js'
import {compareCodePoints} from './values.js'

const OPERATIONS: Record<PythonOp, (value: never) => unknown> = {
  'float-repr': floatRepr,
  repr: stringRepr,
  rstrip: pythonRstrip,
  sorted: (keys: string[]) => [...keys].sort(compareCodePoints),
  splitlines: (text: string) => pythonSplitlines(text),
  'splitlines-keepends': (text: string) => pythonSplitlines(text, true),
  strip: pythonStrip,
}

describe("Python's text conversions", () => {
  it.each(caseNames(pythonTextCases))('%s', (name) => {
    const {op, value} = goldenCase(pythonTextCases, name, 'python')
    expect({value: OPERATIONS[op](value as never)}).toEqual(goldenAnswer('python-text', name))
  })
})
