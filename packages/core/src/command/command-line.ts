/**
 * A command's words read as az's parser (Python's argparse) reads them, before oclif's parser sees
 * them, so a line is read as az reads it:
 *
 * - Long flags may be abbreviated to any unambiguous prefix (`--sub` for `--subscription`). az 2.45
 *   does this through argparse's default `allow_abbrev`, and today's az still does: neither
 *   azure-cli's parser nor knack's turns it off, nor warns (az issue 22479, "az CLI resolves partial
 *   argument names", is open). An ambiguous prefix is argparse's usage error.
 * - A flag given twice keeps its last value, as argparse's `store` does. A multiple flag keeps every
 *   value of every occurrence (`--scope a b --scope c` is `[a, b, c]`): az keeps only the last
 *   occurrence (`[c]`, argparse's `nargs` with `store`), but azx has always let `--scope` repeat,
 *   and a later `--scope` is more often meant to add a scope than to replace the earlier ones.
 * - A word that starts with '-' is a flag, not a value, unless it is a negative number or holds a
 *   space; so `-p -secret` lacks its value, and `-p=-secret` is how a value starting with '-' is given.
 *
 * The result names every flag by its long name, one value per word (`--subscription=x`), and puts
 * positional words last, after `--`, so oclif needs no short names, aliases or prefixes of its own
 * and cannot take a value for a flag.
 */
import {UsageError} from '../errors/index.js'

/** A flag as the reader needs it; oclif's flag definitions and its manifest entries both fit. */
export interface FlagShape {
  type: 'boolean' | 'option'
  char?: string
  aliases?: string[]
  charAliases?: string[]
  allowNo?: boolean
  multiple?: boolean
}

export type FlagShapes = Readonly<Record<string, FlagShape>>

/** A command line as az reads it. */
interface CommandLine {
  /** Every flag spelled `--name`, `--no-name` or `--name=value`, then `--` and the positional words the command takes. */
  argv: string[]
  /** `--help` was asked for through a prefix (`--he`); oclif answers `--help` and `-h` themselves. */
  help: boolean
  /**
   * The values of earlier occurrences of a repeated flag, in order: dropped, but az still checks
   * each (`-o xml -o json` is an error), so the command's parser must check them too.
   */
  superseded: {name: string; value: string}[]
  /**
   * Unknown flags and positional words beyond those the command takes, as typed and in their order:
   * az reports them (`unrecognized arguments: --bogus x`) only once the command's own parser found
   * nothing wrong, so they are left out of `argv`.
   */
  unrecognized: string[]
}

interface Option {
  /** The flag's name; `help` for the help option argparse gives every command. */
  name: string
  type: 'boolean' | 'option'
  multiple: boolean
  /** How argparse names it in messages: `--subscription/-s/--name/-n`. */
  spelling: string
}

type Word =
  | {kind: 'positional'; text: string}
  | {kind: 'unknown'; text: string}
  | {kind: 'end'; text: string}
  | {kind: 'flag'; text: string; option: Option; negated: boolean; explicit?: string; short: boolean}

/** The words of one flag in the result. */
interface Entry {
  name: string
  values: string[]
  words: string[]
}

const HELP: Option = {multiple: false, name: 'help', spelling: '-h/--help', type: 'boolean'}
const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/

/** The flag's spellings in argparse's order: `--subscription`, `-s`, `--name`, `-n`. */
export function flagSpellings(name: string, flag: Pick<FlagShape, 'aliases' | 'char' | 'charAliases'> | undefined): string[] {
  const spellings = [`--${name}`]
  if (flag?.char) spellings.push(`-${flag.char}`)
  for (const alias of flag?.aliases ?? []) spellings.push(alias.length === 1 ? `-${alias}` : `--${alias}`)
  for (const alias of flag?.charAliases ?? []) spellings.push(`-${alias}`)
  return spellings
}

/** The flag as argparse names it in its messages: `--subscription/-s/--name/-n`. */
export function flagSpelling(name: string, flags: Readonly<Record<string, Pick<FlagShape, 'aliases' | 'char' | 'charAliases'>>>): string {
  return flagSpellings(name, flags[name]).join('/')
}

/**
 * Reads `argv` (the words after the command's name) with the command's flags, in their order, for
 * a command that takes `positionalCount` positional words (Infinity for any number).
 *
 * @throws UsageError in az's words, for what argparse refuses while reading: an ambiguous prefix,
 * a flag without its value, a value given to a flag that takes none. Values a flag's parser refuses
 * and missing required arguments are left to the command's parser.
 */
export function readCommandLine(argv: readonly string[], flags: FlagShapes, positionalCount = Number.POSITIVE_INFINITY): CommandLine {
  const spellings = optionSpellings(flags)
  const words = classify(argv, spellings)
  const entries: Entry[] = []
  const superseded: CommandLine['superseded'] = []
  const positionals: string[] = []
  const unrecognized: string[] = []
  let help = false
  for (let index = 0; index < words.length; index++) {
    const word = words[index]
    if (word.kind === 'positional') (positionals.length < positionalCount ? positionals : unrecognized).push(word.text)
    if (word.kind === 'unknown') unrecognized.push(word.text)
    if (word.kind !== 'flag') continue

    const {option} = word
    if (option.type === 'boolean') {
      for (const name of booleanRun(word, spellings)) {
        if (name === HELP.name) help = true
        else keepLast(entries, superseded, {name, values: [], words: [word.negated ? `--no-${name}` : `--${name}`]})
      }

      continue
    }

    const values = word.explicit === undefined ? [] : [word.explicit]
    while ((values.length === 0 || (option.multiple && word.explicit === undefined)) && words[index + 1]?.kind === 'positional') {
      values.push(words[++index].text)
    }

    if (values.length === 0)
      throw new UsageError(`argument ${option.spelling}: ${option.multiple ? 'expected at least one argument' : 'expected one argument'}`, {
        showsExamples: true,
      })
    const entry = {name: option.name, values, words: values.map((value) => `--${option.name}=${value}`)}
    if (option.multiple) entries.push(entry)
    else keepLast(entries, superseded, entry)
  }

  // Positional words go last, after `--`: oclif would give them to a multiple flag before them.
  return {
    argv: [...entries.flatMap((entry) => entry.words), ...(positionals.length > 0 ? ['--', ...positionals] : [])],
    help,
    superseded,
    unrecognized,
  }
}

/**
 * `argv` with the value of every flag `isSecret` names replaced by `mask`, however it was typed
 * (`-p x`, `-px`, `-p=x`, `--password=x`, `--pass x`), for the `--debug` line of the command's
 * arguments. It refuses nothing: a word that may be a secret's value is masked (an ambiguous prefix
 * that could be a secret flag, a value starting with '-', a secret-named flag the command lacks).
 */
export function maskSecretValues(argv: readonly string[], flags: FlagShapes, isSecret: (name: string) => boolean, mask: string): string[] {
  const spellings = optionSpellings(flags)
  const masked = [...argv]
  for (let index = 0; index < argv.length && argv[index] !== '--'; index++) {
    const valueAt = secretValueStart(argv[index], spellings, isSecret)
    if (valueAt === undefined) continue
    if (valueAt > 0) masked[index] = argv[index].slice(0, valueAt) + mask
    else if (index + 1 < argv.length && !spellings.has(argv[index + 1]) && argv[index + 1] !== '--') masked[++index] = mask
  }

  return masked
}

/**
 * Where the secret in `text` starts when `text` gives a secret flag its value (after '=' or a short
 * flag's letter), 0 when the value is the next word, undefined when `text` is no secret flag.
 */
function secretValueStart(
  text: string,
  spellings: Map<string, {option: Option; negated: boolean}>,
  isSecret: (name: string) => boolean,
): number | undefined {
  const secret = (option: Option | undefined) => option !== undefined && option.type === 'option' && isSecret(option.name)
  if (text.startsWith('--')) {
    const equals = text.indexOf('=')
    const name = equals === -1 ? text : text.slice(0, equals)
    const exact = spellings.get(name)?.option
    const candidates = exact ? [exact] : prefixMatches(name, spellings).map(({spelling}) => spellings.get(spelling)!.option)
    const secretValue = candidates.length === 0 ? isSecret(name.slice(2)) : candidates.some((option) => secret(option))
    return secretValue ? equals + 1 : undefined
  }

  // One dash: `-p` then its value, `-pVALUE` or `-p=VALUE`.
  if (!text.startsWith('-') || !secret(spellings.get(text.slice(0, 2))?.option)) return undefined
  return text.length === 2 ? 0 : text[2] === '=' ? 3 : 2
}

/** Every spelling of every option, in the order argparse would have added them: help, then the flags. */
function optionSpellings(flags: FlagShapes): Map<string, {option: Option; negated: boolean}> {
  const spellings = new Map<string, {option: Option; negated: boolean}>([
    ['-h', {negated: false, option: HELP}],
    ['--help', {negated: false, option: HELP}],
  ])
  for (const [name, flag] of Object.entries(flags)) {
    const names = flagSpellings(name, flag)
    const option: Option = {multiple: Boolean(flag.multiple), name, spelling: names.join('/'), type: flag.type}
    for (const spelling of names) spellings.set(spelling, {negated: false, option})
    if (flag.type === 'boolean' && flag.allowNo) spellings.set(`--no-${name}`, {negated: true, option})
  }

  return spellings
}

/**
 * What each word is, as argparse's `_parse_optional` decides it; every word is classified before
 * any value is taken, so an ambiguous prefix is reported wherever it stands (before `--`).
 */
function classify(argv: readonly string[], spellings: Map<string, {option: Option; negated: boolean}>): Word[] {
  const words: Word[] = []
  for (const [index, text] of argv.entries()) {
    if (text === '--') {
      words.push({kind: 'end', text}, ...argv.slice(index + 1).map((rest): Word => ({kind: 'positional', text: rest})))
      break
    }

    words.push(classifyWord(text, spellings))
  }

  return words
}

function classifyWord(text: string, spellings: Map<string, {option: Option; negated: boolean}>): Word {
  if (!text.startsWith('-') || text === '-') return {kind: 'positional', text}
  const exact = spellings.get(text)
  if (exact) return {kind: 'flag', text, ...exact, short: !text.startsWith('--')}
  const equals = text.indexOf('=')
  if (equals > 0) {
    const named = spellings.get(text.slice(0, equals))
    if (named) return {explicit: text.slice(equals + 1), kind: 'flag', text, ...named, short: !text.startsWith('--')}
  }

  const matches = prefixMatches(text, spellings)
  if (matches.length > 1)
    throw new UsageError(`ambiguous option: ${text} could match ${matches.map((match) => match.spelling).join(', ')}`, {showsExamples: true})
  if (matches.length === 1) {
    const [{explicit, spelling}] = matches
    return {explicit, kind: 'flag', text, ...spellings.get(spelling)!, short: !spelling.startsWith('--')}
  }

  if (NEGATIVE_NUMBER.test(text) || text.includes(' ')) return {kind: 'positional', text}
  return {kind: 'unknown', text}
}

/**
 * argparse's `_get_option_tuples`: a long word matches every long spelling it is a prefix of (the
 * part before '=' when there is one); a short word `-sVALUE` matches the short flag `-s` with the
 * rest as its value.
 */
function prefixMatches(text: string, spellings: Map<string, {option: Option; negated: boolean}>): {spelling: string; explicit?: string}[] {
  const matches: {spelling: string; explicit?: string}[] = []
  if (text.startsWith('--')) {
    const equals = text.indexOf('=')
    const prefix = equals === -1 ? text : text.slice(0, equals)
    const explicit = equals === -1 ? undefined : text.slice(equals + 1)
    for (const spelling of spellings.keys()) if (spelling.startsWith(prefix)) matches.push({explicit, spelling})
    return matches
  }

  for (const spelling of spellings.keys()) {
    if (spelling === text.slice(0, 2)) matches.push({explicit: text.slice(2), spelling})
    else if (spelling.startsWith(text)) matches.push({spelling})
  }

  return matches
}

/**
 * The boolean flags a word sets: one, or several run together after one dash (`-ih`), as argparse
 * reads them. Any other text after a boolean flag is refused as argparse refuses it.
 */
function booleanRun(word: Extract<Word, {kind: 'flag'}>, spellings: Map<string, {option: Option; negated: boolean}>): string[] {
  const names = [word.option.name]
  let {explicit, option} = word
  while (explicit !== undefined && explicit !== '' && word.short) {
    const next = spellings.get(`-${explicit[0]}`)
    if (!next || next.option.type !== 'boolean') break
    names.push(next.option.name)
    option = next.option
    explicit = explicit.slice(1)
  }

  if (explicit !== undefined && (explicit !== '' || !word.short)) {
    throw new UsageError(`argument ${option.spelling}: ignored explicit argument '${explicit}'`, {showsExamples: true})
  }

  return names
}

/** Adds a flag's words, dropping an earlier occurrence: the last one wins, as in argparse. */
function keepLast(entries: Entry[], superseded: CommandLine['superseded'], entry: Entry): void {
  const earlier = entries.findIndex(({name}) => name === entry.name)
  if (earlier !== -1) superseded.push(...entries.splice(earlier, 1)[0].values.map((value) => ({name: entry.name, value})))
  entries.push(entry)
}
