/**
 * Python's text conversions the formatters rely on.
 * Expected values come from Python 3.11.
 */
import {describe, expect, it} from '@jest/globals'

import {compareCodePoints} from './values.js'
import {floatRepr, pythonRstrip, pythonSplitlines, pythonStrip, stringRepr} from './python-text.js'

describe('floatRepr', () => {
  it.each([
  [0.1, '0.1'],
  [1.5, '1.5'],
  [-2.5, '-2.5'],
  [0.00001, '1e-05'],
  [0.0001, '0.0001'],
  [10000000000000000, '1e+16'],
  [1000000000000000.5, '1000000000000000.5'],
  [123456789012345.6, '123456789012345.6'],
  [1.5e+300, '1.5e+300'],
  [-1e-300, '-1e-300'],
  [5e-324, '5e-324'],
  [1.7976931348623157e+308, '1.7976931348623157e+308'],
  [0.30000000000000004, '0.30000000000000004'],
  [2.5e-7, '2.5e-07'],
  [1e+22, '1e+22'],
  [100.25, '100.25'],
] as [number, string][])('%p', (value, expected) => {
    expect(floatRepr(value)).toBe(expected)
  })

  it('negative zero, NaN and infinities', () => {
    expect([floatRepr(-0), floatRepr(Number.NaN), floatRepr(Number.POSITIVE_INFINITY), floatRepr(Number.NEGATIVE_INFINITY)]).toEqual(['-0.0', 'nan', 'inf', '-inf'])
  })
})

describe('stringRepr', () => {
  it.each([
  ['plain', "'plain'"],
  ["it's", '"it\'s"'],
  ['say "hi"', '\'say "hi"\''],
  ['both \' and "', '\'both \\\' and "\''],
  ['tab\tnew\nline\rcr', "'tab\\tnew\\nline\\rcr'"],
  ['\u0000\u0007\u001B\u007F', "'\\x00\\x07\\x1b\\x7f'"],
  ['\u00A0nbsp', "'\\xa0nbsp'"],
  ['\u200Bzero width', "'\\u200bzero width'"],
  ['\u2028ls', "'\\u2028ls'"],
  ['\uFEFFbom', "'\\ufeffbom'"],
  ['back\\slash', "'back\\\\slash'"],
  ['\u0085nel', "'\\x85nel'"],
  ['퟿', "'\\ud7ff'"],
] as [string, string][])('%p', (value, expected) => {
    expect(stringRepr(value)).toBe(expected)
  })
})

describe('strip, rstrip and splitlines', () => {
  it.each([
  ['  a  ', 'a', '  a'],
  [
    '\t\n\u000B\u000C\r\u001C\u001D\u001E\u001F\u0085\u00A0\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000x\u3000',
    'x',
    '\t\n\u000B\u000C\r\u001C\u001D\u001E\u001F\u0085\u00A0\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000x',
  ],
  ['\u200Bx\u200B', '\u200Bx\u200B', '\u200Bx\u200B'],
  ['\uFEFFx\uFEFF', '\uFEFFx\uFEFF', '\uFEFFx\uFEFF'],
] as [string, string, string][])('%p', (value, stripped, rstripped) => {
    expect(pythonStrip(value)).toBe(stripped)
    expect(pythonRstrip(value)).toBe(rstripped)
  })

  it.each([
  ['a\nb', ['a', 'b'], ['a\n', 'b']],
  ['a\r\nb\rc', ['a', 'b', 'c'], ['a\r\n', 'b\r', 'c']],
  [
    'a\u000Bb\u000Cc\u001Cd\u001De\u001Ef\u0085g\u2028h\u2029i',
    ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
    ['a\u000B', 'b\u000C', 'c\u001C', 'd\u001D', 'e\u001E', 'f\u0085', 'g\u2028', 'h\u2029', 'i'],
  ],
  ['a\n', ['a'], ['a\n']],
  ['\n', [''], ['\n']],
  ['', [], []],
  ['a\n\nb', ['a', '', 'b'], ['a\n', '\n', 'b']],
] as [string, string[], string[]][])('%p', (value, lines, withEnds) => {
    expect(pythonSplitlines(value)).toEqual(lines)
    expect(pythonSplitlines(value, true)).toEqual(withEnds)
  })
})

describe('compareCodePoints', () => {
  it('sorts as Python sorts strings', () => {
    const keys = ['😀', '～', '\uE000', 'é', 'b', 'a_b', 'aB', 'a', '_', 'Z', 'B', '']
    expect(keys.sort(compareCodePoints)).toEqual(['', 'B', 'Z', '_', 'a', 'aB', 'a_b', 'b', 'é', '\uE000', '～', '😀'])
  })
})
