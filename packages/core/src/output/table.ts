/**
 * `-o table`: knack's automatic table. Each dict is a row; `id`, `type`, `etag` and values that
 * are null, lists or dicts are left out; headers get a capital first letter. Keys are sorted
 * unless a query or the command's own table view chose the order. A list of lists gets columns
 * Column1..N and anything else a single Result column.
 */
import {CommandError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {orderedEntries} from './key-order.js'
import {tabulate} from './tabulate.js'
import {isDict, jsonValue, listItems, sortedEntries} from './values.js'

const SKIPPED_KEYS = new Set(['id', 'type', 'etag'])

/** az's message when a table cannot be built (printed as an error, exit code 1). */
export const TABLE_UNAVAILABLE = 'Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.'

export interface TableOptions {
  queryActive: boolean
  tableTransformer?: (result: unknown) => unknown
}

/** The text `az -o table` prints for `data`; an empty list prints an empty line. */
export function formatTable(data: unknown, options: TableOptions): string {
  try {
    const result = options.tableTransformer && !options.queryActive ? options.tableTransformer(data) : data
    const plain = jsonValue(result)
    const items = Array.isArray(plain) ? listItems(plain) : [plain]
    const sortKeys = !options.queryActive && !options.tableTransformer
    const rows = items.map((item) => tableRow(item, sortKeys))
    return `${rows.length > 0 ? tabulateRecords(rows) : ''}\n`
  } catch (error) {
    log().debug('cli.knack.output', () => (error instanceof Error ? (error.stack ?? error.message) : String(error)))
    throw new CommandError(TABLE_UNAVAILABLE, {cause: error})
  }
}

function tableRow(item: unknown, sortKeys: boolean): Map<string, unknown> {
  const row = new Map<string, unknown>()
  const plain = jsonValue(item)
  if (isDict(plain)) {
    for (const [key, value] of sortKeys ? sortedEntries(plain) : orderedEntries(plain)) {
      if (SKIPPED_KEYS.has(key) || value === null || Array.isArray(value) || isDict(value)) continue
      row.set(capitalizeFirst(key), value)
    }
  } else if (Array.isArray(plain)) {
    listItems(plain).forEach((value, index) => row.set(`Column${index + 1}`, value))
  } else {
    row.set('Result', plain)
  }

  return row
}

/** tabulate(rows, headers="keys"): every key any row has, in order of first appearance. */
function tabulateRecords(rows: Map<string, unknown>[]): string {
  const headers = [...new Set(rows.flatMap((row) => [...row.keys()]))]
  return tabulate(
    rows.map((row) => headers.map((header) => row.get(header) ?? null)),
    headers,
  )
}

function capitalizeFirst(text: string): string {
  const first = text.codePointAt(0)
  if (first === undefined) return text
  const char = String.fromCodePoint(first)
  return char.toUpperCase() + text.slice(char.length)
}
