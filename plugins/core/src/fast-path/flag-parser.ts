/**
 * The command line of a fast command, parsed by the flag definitions oclif wrote into the plugin's
 * manifest from the command class: the same definitions, read without loading oclif, by the same
 * reader AzCommand uses (readCommandLine: az's prefixes, the last of a repeated flag, its errors).
 * For anything it cannot be sure of (an error, an unknown flag, a positional word, help, a value
 * the flag refuses, an earlier value of a repeated flag it cannot check) it declines, and oclif
 * parses the line and reports what is wrong.
 */
import {readCommandLine} from '../command/command-line.js'

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
  let words: string[]
  try {
    // Fast commands take no positional words: any is unrecognized.
    const line = readCommandLine(argv, definitions, 0)
    // az checks every value of a repeated flag; only an enum's values can be checked without its parser.
    if (line.help || line.unrecognized.length > 0 || line.superseded.some(({name, value}) => !enumOptions(definitions[name]) || enumValue(definitions[name], value) === undefined)) return undefined
    words = line.argv
  } catch {
    return undefined
  }

  const parsed: ParsedFlags = {}
  for (const word of words) {
    // readCommandLine spells every flag `--name`, `--no-name` or `--name=value`.
    const [, name, value] = /^--([^=]+)(?:=(.*))?$/s.exec(word) ?? []
    const negated = name !== undefined && !(name in definitions) && name.startsWith('no-')
    const flag = name === undefined ? undefined : definitions[negated ? name.slice(3) : name]
    if (!flag || (negated && !flag.allowNo)) return undefined
    if (flag.type === 'boolean') {
      parsed[flag.name] = !negated
      continue
    }

    const checked = enumValue(flag, value ?? '')
    if (checked === undefined) return undefined
    parsed[flag.name] = flag.multiple ? [...((parsed[flag.name] as string[] | undefined) ?? []), checked] : checked
  }

  return parsed
}

/** The value as the flag's parser would give it: an enum value lower-cased, undefined when not allowed. */
function enumValue(flag: ManifestFlag, value: string): string | undefined {
  const options = enumOptions(flag)
  if (!options) return value
  return options.find((option) => option === value.toLowerCase())
}

/** The values an enum flag allows, or undefined for any other flag. */
function enumOptions(flag: ManifestFlag): string[] | undefined {
  return /^\{(.+)\}$/.exec(flag.helpValue ?? '')?.[1].split(',')
}
