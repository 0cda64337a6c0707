/**
 * `--query`: compiled and searched as az does it (knack with Python jmespath 1.0.1). The results
 * and messages for goldens/query.ts are in expected.json (scripts/output-goldens.mjs regenerates
 * it); the usage errors' texts are argparse's, as az 2.45 prints them.
 */
import {describe, expect, it} from '@jest/globals'

import {CommandError, UsageError} from '../errors/index.js'
import {caseNames, goldenAnswer, goldenCase} from './goldens/golden.js'
import type {GoldenAnswer} from './goldens/golden.js'
import {queryCases} from './goldens/query.js'
import {dumpJson} from './jmespath/json.js'
import {compileQuery} from './query.js'

const QUERY_REFERENCE = "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'"

const QUERY_ERROR = 'Invalid jmespath query supplied for `--query`: '

/**
 * What azx answers in the shape of expected.json: the result as to_string() writes it, or the error.
 * Where Python lets an exception through (az fails with a traceback), azx gives a query error with
 * Python's message: the golden's `crash` (Python's exception name, then the message).
 */
function azxAnswer(expression: string, data: unknown): GoldenAnswer {
  try {
    return {value: dumpJson(compileQuery(expression).search(data), String)}
  } catch (error) {
    if (error instanceof UsageError) return {error: 'usage'}
    if (error instanceof CommandError && error.message.startsWith(QUERY_ERROR))
      return {error: 'query', message: error.message.slice(QUERY_ERROR.length)}
    throw error
  }
}

function expectedAnswer(golden: GoldenAnswer): GoldenAnswer {
  if ('error' in golden && golden.error === 'usage') return {error: 'usage'}
  if ('error' in golden && golden.error === 'crash') return {error: 'query', message: golden.message?.replace(/^\w+: /, '')}
  return golden
}

describe('compileQuery', () => {
  it.each(caseNames(queryCases))('%s: as Python jmespath under knack', (name) => {
    const {data, expression} = goldenCase(queryCases, name, 'search')
    expect(azxAnswer(expression, data)).toEqual(expectedAnswer(goldenAnswer('query', name)))
  })

  it('keeps the expression', () => {
    expect(compileQuery('[0].name').expression).toBe('[0].name')
  })

  it.each([
    ['[invalid', "argument --query: invalid jmespath_type value: '[invalid'"],
    ['', "argument --query: invalid jmespath_type value: ''"],
    ['foo.', "argument --query: invalid jmespath_type value: 'foo.'"],
    ["'abc", 'argument --query: invalid jmespath_type value: "\'abc"'],
    ["[?name=='x'", 'argument --query: invalid jmespath_type value: "[?name==\'x\'"'],
    ['foo bar', "argument --query: invalid jmespath_type value: 'foo bar'"],
    ['a.1', "argument --query: invalid jmespath_type value: 'a.1'"],
    ['$', "argument --query: invalid jmespath_type value: '$'"],
    ['{a}', "argument --query: invalid jmespath_type value: '{a}'"],
    ['a ||', "argument --query: invalid jmespath_type value: 'a ||'"],
  ])('%p is a usage error (exit code 2)', (expression, message) => {
    expect(() => compileQuery(expression)).toThrow(expect.objectContaining({exitCode: 2, message, recommendations: [QUERY_REFERENCE]}))
  })

  it('a slice with no start or end, and a string with an escaped quote, are valid', () => {
    expect(compileQuery('[1:]').search([1, 2, 3])).toEqual([2, 3])
    expect(compileQuery("'it\\'s'").search(null)).toBe("it's")
  })

  it('the input is not changed', () => {
    const data = [{name: 'x', tags: {b: 1, a: 2}}]
    const before = JSON.stringify(data)
    compileQuery('[].{Name: name, Tags: tags}').search(data)
    expect(JSON.stringify(data)).toBe(before)
  })
})
