/** tabulate(rows, headers): the tables tabulate.test.ts lays out, whose texts expected.json holds (see golden.ts). */
import type {GoldenCase} from './golden.js'

const HIGHLIGHT = '\u001B[96m'
const RESET = '\u001B[0m'
const selectorRows = [
  ['[1] *', 'Dev Sub', '11111111-1111-1111-1111-111111111111', 'Contoso'],
  ['[2]', 'Prod Süb ✓', '22222222-2222-2222-2222-222222222222', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'],
]
const selectorHeaders = ['No', 'Subscription name', 'Subscription ID', 'Tenant']

function table(name: string, rows: unknown[][], headers: string[]): GoldenCase {
  return {headers, kind: 'tabulate', name, rows}
}

export const tabulateCases: GoldenCase[] = [
  table("the subscription selector's table: two spaces between columns, headers underlined, no trailing newline", selectorRows, selectorHeaders),
  table('colour codes take no width', [selectorRows[0].map((cell) => `${HIGHLIGHT}${cell}${RESET}`), selectorRows[1]], selectorHeaders),
  table('terminal hyperlinks take the width of their text', [['\u001B]8;;https://example.com\u001B\\link text\u001B]8;;\u001B\\', 'x']], ['A', 'B']),
  // A line separator splits the cell into three lines, where tabulate's colour-code path sees two.
  table('an escape character that starts no colour code is text, also in cells that span lines', [['a\u2028\n\u001B', 'x']], ['A', 'B']),
  table('tabulate looks for colour codes once in all cells joined by tabs, so a code may span cells', [['\u001B]8;;', '\u001B\\ y\nz']], ['A', 'B']),
  table(
    'values print as Python shows them; cells are stripped; null is empty',
    [[true, 1, 2.5, null, {a: 1}, [1, 'x'], '  pad  ']],
    ['b', 'i', 'f', 'n', 'd', 'l', 's'],
  ),
  table(
    'numbers in text stay left-aligned',
    [
      ['1', '10.5'],
      ['100', '2'],
    ],
    ['A', 'B'],
  ),
  table(
    'cells with line breaks span lines',
    [
      ['one\ntwo', 'x'],
      ['', 'y\nz\nw'],
    ],
    ['A', 'B'],
  ),
  table('characters beyond the BMP count once', [['😀😀', 'x']], ['E', 'F']),
  table('rows wider than the headers get empty headers on the left', [['a', 'b', 'c'], ['d']], ['X', 'Y']),
  table('headers beyond the data are dropped', [['a', 'b']], ['X', 'Y', 'Z']),
  table('headers without rows', [], ['Name', 'Id']),
  table(
    'rows without headers are ruled above and below',
    [
      ['a', 'bb'],
      ['ccc', null],
    ],
    [],
  ),
  table('nothing at all', [], []),
]
