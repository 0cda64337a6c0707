/**
 * The command line of a fast command, parsed by the flag definitions oclif wrote into the plugin's
 * manifest from the command class: the same definitions, read without loading oclif. It handles the
 * forms az users type (`--name value`, `--name=value`, `-c value`, `--no-name`, several values after
 * a multiple flag); for anything else it declines, and oclif parses the line and reports what is wrong.
 */

/** A flag as oclif's manifest describes it (the fields the fast path reads). */
export interface ManifestFlag {
  name: string
  type: 'boolean' | 'option'
  char?: string
  aliases?: string[]
  charAliases?: string[]
  allowNo?: boolean
  multiple?: boolean
  /** enumFlag writes its values here as `{a,b,c}` (and leaves `options` unset so oclif never checks them itself). */
  helpValue?: string
}

export type ParsedFlags = Record<string, boolean | string | string[]>

/** The flags by their names, or undefined when the line is not one the fast path is sure to read as oclif would. */
export function parseFlags(argv: readonly string[], definitions: Readonly<Record<string, ManifestFlag>>): ParsedFlags | undefined {
  const byName = new Map<string, ManifestFlag>()
  const byChar = new Map<string, ManifestFlag>()
  for (const flag of Object.values(definitions)) {
    for (const name of [flag.name, ...(flag.aliases ?? [])]) byName.set(name, flag)
    for (const char of [flag.char, ...(flag.charAliases ?? [])]) if (char) byChar.set(char, flag)
  }

  const parsed: ParsedFlags = {}
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(token)
    const short = /^-([^-])$/.exec(token)
    const negated = long && !byName.has(long[1]) && long[1].startsWith('no-') ? byName.get(long[1].slice(3)) : undefined
    const flag = long ? (byName.get(long[1]) ?? negated) : short ? byChar.get(short[1]) : undefined
    if (!flag || flag.name in parsed) return undefined
    const inline = long?.[2]
    if (flag.type === 'boolean') {
      if (inline !== undefined || (negated && !flag.allowNo)) return undefined
      parsed[flag.name] = !negated
      continue
    }

    if (negated) return undefined
    const values = inline === undefined ? [] : [inline]
    // oclif lets a multiple flag take every value up to the next flag, as az's nargs='*' does.
    while ((values.length === 0 || (flag.multiple && inline === undefined)) && index + 1 < argv.length && !argv[index + 1].startsWith('-')) {
      values.push(argv[++index])
    }

    const checked = values.map((value) => enumValue(flag, value))
    if (checked.length === 0 || checked.some((value) => value === undefined)) return undefined
    parsed[flag.name] = flag.multiple ? (checked as string[]) : (checked[0] as string)
  }

  return parsed
}

/** The value as the flag's parser would give it: an enum value lower-cased, undefined when not allowed. */
function enumValue(flag: ManifestFlag, value: string): string | undefined {
  const options = /^\{(.+)\}$/.exec(flag.helpValue ?? '')?.[1].split(',')
  if (!options) return value
  return options.find((option) => option === value.toLowerCase())
}
