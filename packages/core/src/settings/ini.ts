/**
 * The INI dialect of Python's configparser, which az uses for `config` and `clouds.config`, read by
 * configparser's rules and written back as configparser writes it, so az and azx can share files:
 *
 * - `[section]` headers (the name runs to the last `]`), `key = value` or `key: value` split at the
 *   first `=` or `:`, keys lower-cased, values trimmed;
 * - whole-line comments start with `#` or `;`; there are no inline comments (`a = b ; c` keeps `; c`);
 * - a line indented deeper than its key continues the value (joined with `\n`), even after blank
 *   lines or comment lines, and trailing blank lines are dropped;
 * - `[DEFAULT]` holds fallbacks for every section (see {@link sectionView});
 * - strict, as az's configparser is: a section named twice, or a key set twice in one section, makes
 *   the whole file unreadable ({@link IniDuplicateError}). `[DEFAULT]` may appear twice, but not
 *   with the same key.
 *
 * Values are kept raw: `%` interpolation is applied when reading a setting (interpolation.ts).
 * Comments are not kept, as configparser does not keep them.
 */

import {orderedRecord} from '../python/ordered-record.js'
import {PYTHON_WHITESPACE, pythonLstrip, pythonRstrip, pythonStrip} from '../python/text.js'

/** Sections in file order, each with its keys in file order (records made by {@link emptyRecord}). */
export type IniDocument = Record<string, Record<string, string>>

/** configparser's name for the section whose keys every other section inherits. */
export const DEFAULT_SECTION = 'DEFAULT'

/** A line configparser would refuse; `line` is 1-based. */
export class IniSyntaxError extends SyntaxError {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly text: string,
  ) {
    super(`${reason} (line ${line}: '${text}')`)
    this.name = 'IniSyntaxError'
  }
}

/**
 * A section header or a key that repeats an earlier one (configparser's DuplicateSectionError and
 * DuplicateOptionError). Reading on would drop one of the two values without a word. Lines are 1-based.
 */
export class IniDuplicateError extends Error {
  constructor(
    readonly section: string,
    /** The repeated key; undefined when the section header itself is repeated. */
    readonly key: string | undefined,
    readonly line: number,
    readonly firstLine: number,
  ) {
    super(
      key === undefined
        ? `section '${section}' already exists (line ${line}; first at line ${firstLine})`
        : `option '${key}' in section '${section}' already exists (line ${line}; first at line ${firstLine})`,
    )
    this.name = 'IniDuplicateError'
  }
}

/**
 * An empty record that is safe for any key, including `__proto__`, and lists its keys in the order
 * they were added, as configparser's dicts do (a plain object lists integer-like keys first).
 */
export function emptyRecord<T>(): Record<string, T> {
  return orderedRecord<T>()
}

export function emptyDocument(): IniDocument {
  return emptyRecord()
}

export function parseIni(text: string): IniDocument {
  // Values are collected as lines and joined at the end, as configparser does.
  const collected: Record<string, Record<string, string[]>> = emptyRecord()
  let section: Record<string, string[]> | undefined
  let sectionName = ''
  let key: string | undefined
  let indentOfLastKey = 0
  // configparser reads on past a bad line and reports the first one at the end, unless a duplicate comes first.
  let badLine: IniSyntaxError | undefined
  // Where each section and each section's keys were first seen, for configparser's strict checks.
  const sectionLines = new Map<string, number>()
  const keyLines = new Map<string, Map<string, number>>()

  // A BOM is not part of az's format, but editors add one; configparser would reject the file.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  for (const [index, raw] of lines.entries()) {
    const stripped = pythonStrip(raw)
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) {
      // Blank lines may sit inside a multi-line value; comment lines are skipped without ending it.
      if (stripped === '' && section && key) section[key].push('')
      continue
    }

    // configparser measures indentation up to the first character that is not Python whitespace.
    const indent = raw.length - pythonLstrip(raw).length
    if (section && key && indent > indentOfLastKey) {
      section[key].push(stripped)
      continue
    }

    indentOfLastKey = indent
    const header = SECTION_HEADER.exec(stripped)
    if (header) {
      sectionName = header[1]
      const firstLine = sectionLines.get(sectionName)
      if (firstLine !== undefined) throw new IniDuplicateError(sectionName, undefined, index + 1, firstLine)
      // configparser lets `[DEFAULT]` be opened again; its keys are still checked below.
      if (sectionName !== DEFAULT_SECTION) sectionLines.set(sectionName, index + 1)
      section = collected[sectionName] ??= emptyRecord()
      key = undefined
      continue
    }

    if (!section) throw new IniSyntaxError('File contains no section headers', index + 1, raw)
    const option = OPTION.exec(stripped)
    if (!option) {
      // The line is refused, but a continuation line after it still joins the key before it.
      badLine ??= notAnOption(index + 1, raw)
      continue
    }

    // configparser records a line without a key as bad, and still reads the value under the empty key.
    if (option[1] === '') badLine ??= notAnOption(index + 1, raw)
    key = pythonRstrip(option[1]).toLowerCase()
    const keys = keyLines.get(sectionName) ?? new Map<string, number>()
    keyLines.set(sectionName, keys)
    const firstLine = keys.get(key)
    if (firstLine !== undefined) throw new IniDuplicateError(sectionName, key, index + 1, firstLine)
    keys.set(key, index + 1)
    section[key] = [pythonStrip(option[2])]
  }

  if (badLine) throw badLine
  const doc = emptyDocument()
  for (const [name, entries] of Object.entries(collected)) {
    const target = (doc[name] = emptyRecord<string>())
    for (const [name, valueLines] of Object.entries(entries)) target[name] = pythonRstrip(valueLines.join('\n'))
  }

  return doc
}

// configparser's patterns in Python's dialect: '.' is anything but a line feed, \s is str.isspace().
const SECTION_HEADER = /^\[([^\n]+)]/
const OPTION = new RegExp(`^([^\\n]*?)[${PYTHON_WHITESPACE}]*[=:][${PYTHON_WHITESPACE}]*([^\\n]*)$`)

function notAnOption(line: number, raw: string): IniSyntaxError {
  return new IniSyntaxError('Line is not a section header or a key = value line', line, raw)
}

/**
 * configparser's output: `[DEFAULT]` first when it has keys, every other section even when empty,
 * `key = value` with continuation lines indented by a tab, and a blank line after each section.
 */
export function serializeIni(doc: IniDocument): string {
  let out = ''
  const defaults = doc[DEFAULT_SECTION]
  if (defaults && Object.keys(defaults).length > 0) out += serializeSection(DEFAULT_SECTION, defaults)
  for (const [name, entries] of Object.entries(doc)) {
    if (name !== DEFAULT_SECTION) out += serializeSection(name, entries)
  }

  return out
}

function serializeSection(name: string, entries: Record<string, string>): string {
  let out = `[${name}]\n`
  for (const [key, value] of Object.entries(entries)) out += `${key} = ${value.replaceAll('\n', '\n\t')}\n`
  return `${out}\n`
}

/**
 * A section as configparser presents it: the `[DEFAULT]` keys first, then the section's own keys
 * (which win), or undefined when the section does not exist. `DEFAULT` itself gives its own keys.
 */
export function sectionView(doc: IniDocument, section: string): Record<string, string> | undefined {
  const own = doc[section]
  if (section === DEFAULT_SECTION) return own
  if (!own) return undefined
  const defaults = doc[DEFAULT_SECTION]
  if (!defaults) return own
  return Object.assign(emptyRecord<string>(), defaults, own)
}
