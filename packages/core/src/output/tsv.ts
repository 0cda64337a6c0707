/**
 * `-o tsv`: knack's tab-separated output. One line per list item (or one for anything else);
 * a dict gives its values in sorted-key order (the query's order for dicts a query built), a
 * nested list its length, a nested dict an empty field, null `None`. Booleans print as Python
 * shows them (`True`) inside a row but lowercased (`true`) as a row of their own.
 */
import {orderedEntries, queryKeyOrder} from './key-order.js'
import {pythonStr} from './python-values.js'
import {isDict, jsonValue, listItems, sortedEntries} from './values.js'

/** The text `az -o tsv` prints for `data`. */
export function formatTsv(data: unknown): string {
  const plain = jsonValue(data)
  const rows = Array.isArray(plain) ? listItems(plain) : [plain]
  return rows.map((row) => `${tsvRow(row)}\n`).join('')
}

function tsvRow(row: unknown): string {
  if (isDict(row)) {
    const entries = queryKeyOrder(row) ? orderedEntries(row) : sortedEntries(row)
    return entries.map(([, value]) => tsvField(value)).join('\t')
  }

  if (Array.isArray(row)) return listItems(row).map(tsvField).join('\t')
  if (typeof row === 'boolean') return String(row)
  return tsvField(row)
}

function tsvField(value: unknown): string {
  const plain = jsonValue(value)
  if (Array.isArray(plain)) return String(plain.length)
  if (isDict(plain)) return ''
  return pythonStr(plain)
}
