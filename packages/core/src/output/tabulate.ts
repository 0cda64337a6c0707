/**
 * Python tabulate 0.8.9's "simple" table with disable_numparse=True, as az uses it: columns
 * separated by two spaces, every cell left-aligned and stripped of surrounding whitespace, each
 * header underlined with dashes as wide as its column, headers given two characters of room.
 * Widths count code points and ignore ANSI colour codes and terminal hyperlinks. Cells with line
 * breaks span several lines, as tabulate's multiline mode lays them out.
 */
import {codePointLength, pythonRstrip, pythonSplitlines, pythonStrip} from '../python/text.js'
import {pythonStr} from './python-values.js'

const MIN_PADDING = 2
// tabulate's patterns, in Python's dialect: \d is any decimal digit, '.' anything but '\n'.
const COLOUR_CODE = /\u001B\[\p{Nd}+[;\p{Nd}]*m|\u001B\[\p{Nd}*;\p{Nd}*;\p{Nd}*m|\u001B\]8;;([^\n]*?)\u001B\\/gu
const HYPERLINK = /\u001B\]8;[a-zA-Z0-9:]*;[^\u001B]+\u001B\\([^\u001B]+)\u001B\]8;;\u001B\\/gu
const ANY_COLOUR_CODE = new RegExp(COLOUR_CODE.source, 'u')
const ANY_HYPERLINK = new RegExp(HYPERLINK.source, 'u')
const LINE_BREAK = /\r|\n/
const HEADER_LINE_BREAK = /\r|\n|\r\n/

/**
 * Renders `rows` under `headers` as tabulate(rows, headers, tablefmt="simple",
 * disable_numparse=True) does, without a trailing newline. A missing cell or null prints empty;
 * other values print as Python's str() shows them (True, False, 1.5, {'a': 1}).
 */
export function tabulate(rows: readonly (readonly unknown[])[], headers: readonly string[]): string {
  const columnCount = rows.reduce((most, row) => Math.max(most, row.length), 0)
  // Rows without a single column vanish, as they do in tabulate.
  const cells = columnCount === 0 ? [] : rows.map((row) => Array.from({length: columnCount}, (_, index) => cellText(row[index])))
  const allHeaders = fitHeaders(headers, cells.length > 0 ? columnCount : headers.length)
  const texts = [...allHeaders, ...cells.flat()]
  const multiline = texts.some((text) => LINE_BREAK.test(text))
  const hasColour = hasInvisibleCodes(rows, headers)
  const width = multiline ? multilineWidth : visibleWidth

  const minWidths = allHeaders.length > 0 ? allHeaders.map((header) => width(header) + MIN_PADDING) : Array<number>(columnCount).fill(0)
  const columns = Array.from({length: columnCount}, (_, index) =>
    alignColumn(
      cells.map((row) => row[index]),
      minWidths[index],
      multiline,
      hasColour,
    ),
  )
  const lines: string[] = []

  if (allHeaders.length > 0) {
    const widths = allHeaders.map((_, index) => (columns[index] ?? ['']).reduce((most, cell) => Math.max(most, width(cell)), minWidths[index]))
    const paddedHeaders = allHeaders.map((header, index) => alignHeader(header, widths[index], multiline))
    appendRow(lines, paddedHeaders, widths, multiline)
    lines.push(ruleLine(widths))
    for (let row = 0; row < cells.length; row++)
      appendRow(
        lines,
        columns.map((column) => column[row]),
        widths,
        multiline,
      )
    return lines.join('\n')
  }

  if (cells.length === 0) return ''
  // Without headers, tabulate rules off the table above and below.
  const widths = columns.map((column) => column.reduce((most, cell) => Math.max(most, width(cell)), 0))
  lines.push(ruleLine(widths))
  for (let row = 0; row < cells.length; row++)
    appendRow(
      lines,
      columns.map((column) => column[row]),
      widths,
      multiline,
    )
  lines.push(ruleLine(widths))
  return lines.join('\n')
}

/**
 * Whether tabulate takes the table for one with colour codes or hyperlinks: it looks once, in all
 * headers and cells joined by tabs (a missing cell written 'None'), so a code may even span cells.
 */
function hasInvisibleCodes(rows: readonly (readonly unknown[])[], headers: readonly string[]): boolean {
  const paddedHeaders = [...Array<string>(Math.max(0, (rows[0]?.length ?? 0) - headers.length)).fill(''), ...headers]
  const cellText = (cell: unknown) => (cell === null || cell === undefined ? 'None' : pythonStr(cell))
  const plainText = [paddedHeaders, ...rows].map((row) => row.map(cellText).join('\t')).join('\t')
  return ANY_COLOUR_CODE.test(plainText) || ANY_HYPERLINK.test(plainText)
}

/** How many columns `text` takes on a terminal, as tabulate counts: code points, without colour codes. */
function visibleWidth(text: string): number {
  return codePointLength(text.replace(HYPERLINK, '$1').replace(COLOUR_CODE, ''))
}

/** tabulate adds empty headers on the left for extra columns, and drops headers beyond the data. */
function fitHeaders(headers: readonly string[], columnCount: number): string[] {
  if (headers.length === 0) return []
  if (headers.length < columnCount) return [...Array<string>(columnCount - headers.length).fill(''), ...headers]
  return headers.slice(0, columnCount)
}

/** The widest line of a cell that spans lines. */
function multilineWidth(text: string): number {
  return text.split(/[\r\n]/).reduce((most, line) => Math.max(most, visibleWidth(line)), 0)
}

function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : pythonStr(value)
}

function padRight(text: string, width: number): string {
  // Colour codes take no room on screen, so the padding ignores them.
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)))
}

function alignColumn(cells: string[], minWidth: number, multiline: boolean, hasColour: boolean): string[] {
  const stripped = cells.map(pythonStrip)
  const width = stripped.reduce((most, cell) => Math.max(most, multiline ? multilineWidth(cell) : visibleWidth(cell)), minWidth)
  if (!multiline) return stripped.map((cell) => padRight(cell, width))
  if (!hasColour)
    return stripped.map((cell) =>
      pythonSplitlines(cell)
        .map((line) => padRight(line, width))
        .join('\n'),
    )
  // With colour codes, tabulate pads each line to a length worked out from the cell's \r/\n-separated
  // parts; where that split and splitlines() disagree, lines get odd padding or are dropped, as here.
  return stripped.map((cell) => {
    const lengths = cell.split(/[\r\n]/).map((part) => width - (visibleWidth(part) - codePointLength(part)))
    return pythonSplitlines(cell)
      .slice(0, lengths.length)
      .map((line, index) => line + ' '.repeat(Math.max(0, lengths[index] - codePointLength(line))))
      .join('\n')
  })
}

function alignHeader(header: string, width: number, multiline: boolean): string {
  if (!multiline) return padRight(header, width)
  return header
    .split(HEADER_LINE_BREAK)
    .map((line) => padRight(line, width))
    .join('\n')
}

function ruleLine(widths: number[]): string {
  return pythonRstrip(widths.map((width) => '-'.repeat(width)).join('  '))
}

function appendRow(lines: string[], cells: string[], widths: number[], multiline: boolean): void {
  if (!multiline) {
    lines.push(pythonRstrip(cells.join('  ')))
    return
  }

  // A row as tall as its tallest cell; shorter cells are filled with blank lines.
  const cellLines = cells.map((cell) => pythonSplitlines(cell))
  const height = cellLines.reduce((most, cell) => Math.max(most, cell.length), 0)
  for (let line = 0; line < height; line++) {
    lines.push(pythonRstrip(cellLines.map((cell, index) => cell[line] ?? ' '.repeat(widths[index])).join('  ')))
  }
}
