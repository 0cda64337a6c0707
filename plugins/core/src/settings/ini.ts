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

/** Sections in file order, each with its keys in file order. Objects have no prototype. */
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

/** An empty record that is safe for any key, including `__proto__`. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

export function emptyDocument(): IniDocument {
  return emptyRecord()
}

export function parseIni(text: string): IniDocument {
  // Values are collected as lines and joined at the end, as configparser does.
  const collected: Record<string, Record<string, string[]>> = emptyRecord()
  let section: Record<string, string[]> | undefined
  let value: string[] | undefined
  let indentOfLastKey = 0
  let sectionName = ''
  // Where each section and each section's keys were first seen, for configparser's strict checks.
  const sectionLines = new Map<string, number>()
  const keyLines = new Map<string, Map<string, number>>()

  // A BOM is not part of az's format, but editors add one; configparser would reject the file.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  for (const [index, raw] of lines.entries()) {
    const stripped = raw.trim()
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) {
      // Blank lines may sit inside a multi-line value; comment lines are skipped without ending it.
      if (stripped === '' && value) value.push('')
      continue
    }

    const indent = raw.length - raw.trimStart().length
    if (value && indent > indentOfLastKey) {
      value.push(stripped)
      continue
    }

    indentOfLastKey = indent
    value = undefined
    const header = /^\[(.+)]/.exec(stripped)
    if (header) {
      sectionName = header[1]
      const firstLine = sectionLines.get(sectionName)
      if (firstLine !== undefined) throw new IniDuplicateError(sectionName, undefined, index + 1, firstLine)
      // configparser lets `[DEFAULT]` be opened again; its keys are still checked below.
      if (sectionName !== DEFAULT_SECTION) sectionLines.set(sectionName, index + 1)
      section = collected[sectionName] ??= emptyRecord()
      continue
    }

    if (!section) throw new IniSyntaxError('File contains no section headers', index + 1, raw)
    const option = /^(.*?)\s*[=:]\s*(.*)$/.exec(stripped)
    if (!option || option[1] === '') throw new IniSyntaxError('Line is not a section header or a key = value line', index + 1, raw)
    const key = option[1].toLowerCase()
    const keys = keyLines.get(sectionName) ?? new Map<string, number>()
    keyLines.set(sectionName, keys)
    const firstLine = keys.get(key)
    if (firstLine !== undefined) throw new IniDuplicateError(sectionName, key, index + 1, firstLine)
    keys.set(key, index + 1)
    value = section[key] = [option[2]]
  }

  const doc = emptyDocument()
  for (const [name, entries] of Object.entries(collected)) {
    const target = (doc[name] = emptyRecord<string>())
    for (const [key, valueLines] of Object.entries(entries)) target[key] = valueLines.join('\n').trimEnd()
  }

  return doc
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
