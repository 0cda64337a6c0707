/**
 * tabulate(rows, headers): Python tabulate's "simple" table with disable_numparse=True.
 * Expected texts come from knack 0.8.9 (az 2.45), PyYAML 6.0, tabulate 0.8.9, pygments 2.14 and jmespath 1.0.1.
 */
import {describe, expect, it} from '@jest/globals'

import {tabulate} from './tabulate.js'

const HIGHLIGHT = '\u001B[96m'
const RESET = '\u001B[0m'
const selectorRows = [
  ['[1] *', 'Dev Sub', '11111111-1111-1111-1111-111111111111', 'Contoso'],
  ['[2]', 'Prod Süb ✓', '22222222-2222-2222-2222-222222222222', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'],
]
const selectorHeaders = ['No', 'Subscription name', 'Subscription ID', 'Tenant']

describe('tabulate', () => {
  it("the subscription selector's table: two spaces between columns, headers underlined, no trailing newline", () => {
    expect(tabulate(selectorRows, selectorHeaders)).toBe(
      'No     Subscription name    Subscription ID                       Tenant\n' +
      '-----  -------------------  ------------------------------------  ------------------------------------\n' +
      '[1] *  Dev Sub              11111111-1111-1111-1111-111111111111  Contoso\n' +
      '[2]    Prod Süb ✓           22222222-2222-2222-2222-222222222222  aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
    )
  })

  it('colour codes take no width', () => {
    const [first, second] = selectorRows
    expect(tabulate([first.map((cell) => `${HIGHLIGHT}${cell}${RESET}`), second], selectorHeaders)).toBe(
      'No     Subscription name    Subscription ID                       Tenant\n' +
      '-----  -------------------  ------------------------------------  ------------------------------------\n' +
      '\u001B[96m[1] *\u001B[0m  \u001B[96mDev Sub\u001B[0m              \u001B[96m11111111-1111-1111-1111-111111111111\u001B[0m  \u001B[96mContoso\u001B[0m\n' +
      '[2]    Prod Süb ✓           22222222-2222-2222-2222-222222222222  aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
    )
  })

  it('terminal hyperlinks take the width of their text', () => {
    expect(tabulate([['\u001B]8;;https://example.com\u001B\\link text\u001B]8;;\u001B\\', 'x']], ['A', 'B'])).toBe(
      'A          B\n' +
      '---------  ---\n' +
      '\u001B]8;;https://example.com\u001B\\link text\u001B]8;;\u001B\\  x',
    )
  })

  it('an escape character that starts no colour code is text, also in cells that span lines', () => {
    // A line separator splits the cell into three lines here, where tabulate's colour-code path sees two.
    expect(tabulate([['a\u2028\n\u001B', 'x']], ['A', 'B'])).toBe('A    B\n' +
      '---  ---\n' +
      'a    x\n' +
      '\n' +
      '\u001B')
  })

  it('looks for colour codes once in all cells joined by tabs, as tabulate does, so a code may span cells', () => {
    expect(tabulate([['\u001B]8;;', '\u001B\\ y\nz']], ['A', 'B'])).toBe('A      B\n' +
      '-----  ----\n' +
      '\u001B]8;;  \u001B\\ y\n' +
      '       z')
  })

  it('values print as Python shows them; cells are stripped; null is empty', () => {
    expect(tabulate([[true, 1, 2.5, null, {a: 1}, [1, 'x'], '  pad  ']], ['b', 'i', 'f', 'n', 'd', 'l', 's'])).toBe(
      'b     i    f    n    d         l         s\n' +
      '----  ---  ---  ---  --------  --------  ---\n' +
      "True  1    2.5       {'a': 1}  [1, 'x']  pad",
    )
  })

  it('numbers in text stay left-aligned', () => {
    expect(tabulate([['1', '10.5'], ['100', '2']], ['A', 'B'])).toBe('A    B\n' +
      '---  ----\n' +
      '1    10.5\n' +
      '100  2')
  })

  it('cells with line breaks span lines', () => {
    expect(tabulate([['one\ntwo', 'x'], ['', 'y\nz\nw']], ['A', 'B'])).toBe(
      'A    B\n' +
      '---  ---\n' +
      'one  x\n' +
      'two\n' +
      '     y\n' +
      '     z\n' +
      '     w',
    )
  })

  it('characters beyond the BMP count once', () => {
    expect(tabulate([['😀😀', 'x']], ['E', 'F'])).toBe('E    F\n' +
      '---  ---\n' +
      '😀😀   x')
  })

  it('rows wider than the headers get empty headers on the left', () => {
    expect(tabulate([['a', 'b', 'c'], ['d']], ['X', 'Y'])).toBe('    X    Y\n' +
      '--  ---  ---\n' +
      'a   b    c\n' +
      'd')
  })

  it('headers beyond the data are dropped', () => {
    expect(tabulate([['a', 'b']], ['X', 'Y', 'Z'])).toBe('X    Y\n' +
      '---  ---\n' +
      'a    b')
  })

  it('headers without rows', () => {
    expect(tabulate([], ['Name', 'Id'])).toBe('Name    Id\n' +
      '------  ----')
  })

  it('rows without headers are ruled above and below', () => {
    expect(tabulate([['a', 'bb'], ['ccc', null]], [])).toBe('---  --\n' +
      'a    bb\n' +
      'ccc\n' +
      '---  --')
  })

  it('nothing at all', () => {
    expect(tabulate([], [])).toBe('')
  })
})
