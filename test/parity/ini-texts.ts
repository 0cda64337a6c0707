/**
 * Random `config` files: the lines configparser tells apart (section headers, `key = value` and
 * `key: value`, continuation lines, blank and comment lines, lines it refuses), with the whitespace,
 * case, delimiters, `%` references and line ends that change how they are read, and repeated
 * sections and keys. A text is a list of lines, each with its own line end, so shrinking can drop lines.
 */
import type {Random} from './random.js'

const SECTIONS = [
  'core',
  'Core',
  'CORE',
  'cloud',
  'defaults',
  'DEFAULT',
  'default',
  'extension',
  'a]b',
  ' x ',
  'ünï',
  '[x',
  'x]]',
  'a b',
  '%',
  ';',
  '#',
]
const KEYS = [
  'output',
  'OUTPUT',
  'Output',
  'name',
  'a',
  'A',
  'b',
  'İ',
  'ΑΣ',
  'ǅ',
  'ß',
  'ẞ',
  'key with space',
  'x;y',
  'x#y',
  'k[1]',
  '%(a)s',
  'only_show_errors',
  '\u00C5',
  'A\u030A',
]
const VALUES = [
  '',
  'json',
  'table',
  'yes',
  '1',
  'a = b',
  'x: y',
  '; not a comment',
  '# kept',
  '%%',
  '100%%',
  '100%',
  '%',
  '%(a)s',
  '%(name)s',
  '%(NAME)s',
  '%(missing)s',
  '%(',
  '%(a)',
  '%(a)x',
  '%%(a)s',
  '%(a)s%(b)s',
  'https://x:1/?a=b',
  '[not a header]',
]
const SPACES = ['', ' ', ' ', ' ', '\t', '  ', '\u00A0', '\u3000', '\u000B', '\u000C', '\u001C', '\u001F', '\u0085', '\uFEFF', '\u2028', '\u200B']
const ENDINGS = ['\n', '\n', '\n', '\n', '\n', '\r\n', '\r']

/** A random INI text, line by line, each line with its line end (the last maybe without). */
export function randomIniLines(random: Random): string[] {
  const lines: string[] = []
  const count = random.between(0, 14)
  if (count > 0 && random.chance(0.8)) lines.push(header(random))
  while (lines.length < count) {
    lines.push(
      random.weighted<() => string>([
        [2, () => header(random)],
        [8, () => option(random)],
        [3, () => `${random.pick(['  ', '\t', '    ', ' ', '\u00A0'])}${value(random) || 'more'}`],
        [2, () => random.pick(SPACES)],
        [2, () => `${random.pick(SPACES)}${random.pick(['#', ';'])}${value(random)}`],
        [1, () => random.pick(['just words', '=', ':', '= v', ': v', 'x', '[', '[]', ' = '])],
      ])(),
    )
  }

  const ended = lines.map((line, index) => (index === lines.length - 1 && random.chance(0.2) ? line : `${line}${random.pick(ENDINGS)}`))
  if (ended.length > 0 && random.chance(0.05)) ended[0] = `\uFEFF${ended[0]}`
  return ended
}

function header(random: Random): string {
  const name = random.chance(0.85) ? random.pick(SECTIONS) : value(random) || 'x'
  return `${random.chance(0.1) ? random.pick(SPACES) : ''}[${name}]${random.chance(0.1) ? random.pick([' # c', ' x', ']', random.pick(SPACES)]) : ''}`
}

function option(random: Random): string {
  const key = random.chance(0.85) ? random.pick(KEYS) : value(random) || 'k'
  const indent = random.chance(0.1) ? random.pick(SPACES) : ''
  const delimiter = random.pick(['=', '=', ':'])
  return `${indent}${key}${random.pick(SPACES)}${delimiter}${random.pick(SPACES)}${value(random)}${random.chance(0.1) ? random.pick(SPACES) : ''}`
}

function value(random: Random): string {
  if (random.chance(0.6)) return random.pick(VALUES)
  let text = ''
  const length = random.between(0, 10)
  for (let index = 0; index < length; index++) {
    text += random.weighted<() => string>([
      [20, () => String.fromCodePoint(random.between(0x61, 0x7a))],
      [4, () => random.pick([...'ABCXYZ0123'])],
      [6, () => random.pick([...' =:;#%()[]s\\"\''])],
      [2, () => random.pick(SPACES)],
      [2, () => String.fromCodePoint(random.between(0xa1, 0x3ff))],
      [1, () => String.fromCodePoint(random.pick([0x1f600, 0x10000, 0x4e2d, 0xe000, 0x0]))],
    ])()
  }

  return text
}
