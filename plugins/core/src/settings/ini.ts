/**
 * The INI dialect of Python's configparser, which az uses for `config` and `clouds.config`:
 * `[section]` headers, `key = value` (or `key: value`), `#`/`;` comment lines, keys lower-cased,
 * indented lines continuing the previous value. Written back as configparser writes it.
 */

/** Sections in file order, each with its keys in file order. */
export type IniDocument = Record<string, Record<string, string>>

export function parseIni(text: string): IniDocument {
  const doc: IniDocument = {}
  let section: Record<string, string> | undefined
  let lastKey: string | undefined
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trimEnd()
    if (line.trim() === '' || /^\s*[#;]/.test(line)) {
      lastKey = undefined
      continue
    }

    if (/^\s/.test(line) && section && lastKey !== undefined) {
      section[lastKey] += `\n${line.trim()}`
      continue
    }

    const header = /^\[(.+)]$/.exec(line.trim())
    if (header) {
      section = doc[header[1]] ??= {}
      lastKey = undefined
      continue
    }

    const match = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line)
    if (!match || !section) throw new SyntaxError(`Line '${line}' is not a section header or a key = value line.`)
    lastKey = match[1].trim().toLowerCase()
    section[lastKey] = match[2]
  }

  return doc
}

/** configparser's output: `key = value`, a blank line after each section. */
export function serializeIni(doc: IniDocument): string {
  let out = ''
  for (const [name, entries] of Object.entries(doc)) {
    out += `[${name}]\n`
    for (const [key, value] of Object.entries(entries)) out += `${key} = ${value.replaceAll('\n', '\n\t')}\n`
    out += '\n'
  }

  return out
}
