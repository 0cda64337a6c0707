/**
 * Random command results: the JSON-like data az prints, in the shapes its commands print (a list of
 * flat records, one record, a scalar) and in arbitrary nesting, with the strings, keys and numbers
 * that make formatters choose differently: YAML's implicit types, indicators and folding, Python's
 * notion of whitespace and line breaks, control, astral, unassigned and private-use characters,
 * every kind of int and float, empty containers.
 */
import type {Random} from './random.js'

/** Strings PyYAML reads as something else, or that need quoting for other reasons. */
const YAML_WORDS = [
  'yes',
  'Yes',
  'YES',
  'no',
  'No',
  'on',
  'On',
  'OFF',
  'off',
  'true',
  'False',
  'TRUE',
  'y',
  'n',
  'Y',
  'N',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  ' ',
  '1',
  '-1',
  '+1',
  '0',
  '00',
  '07',
  '08',
  '0777',
  '0o17',
  '0b101',
  '0x1F',
  '0xg',
  '1_000',
  '1e3',
  '1E3',
  '1e+3',
  '1.0e+3',
  '1.0e3',
  '-1.5e-3',
  '.5',
  '5.',
  '1.',
  '.',
  '..',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '1:30',
  '190:20:30',
  '-1:30:00.5',
  '1:60',
  '2024-01-01',
  '2024-1-1',
  '2001-12-14t21:59:43.10-05:00',
  '2026-11-21 06:02:24.000000',
  '2001-12-14 21:59:43.10 -5',
  '<<',
  '=',
  ':',
  '::',
  ':x',
  'x:',
  'a: b',
  'a:b',
  '-',
  '--',
  '---',
  '----',
  '...',
  '... x',
  '--- x',
  '- x',
  '-x',
  '?',
  '? x',
  '?x',
  '#',
  '#x',
  'a #b',
  'a#b',
  '!',
  '!x',
  '&a',
  '*a',
  '|',
  '>',
  '%',
  '@',
  '`',
  "'",
  '"',
  ',',
  '[',
  ']',
  '{',
  '}',
  '[]',
  '{}',
  'a, b',
  '[a]',
  'yes\n',
  '1\n',
  'null\n',
  '\n',
  '\r',
  '\r\n',
  'x\n',
  '\nx',
  ' x',
  'x ',
  'a\n\nb',
  'a\n b',
  'a \nb',
  '\t',
  'a\tb',
  'Ā',
  'ı',
  'İ',
  'ß',
  'ǅ',
  'ﬀ',
  'ŉ',
  'Σ',
  'ΑΣ',
]

/** Keys az's data has; repeated often so that records share columns. */
const COMMON_KEYS = [
  'name',
  'id',
  'type',
  'etag',
  'state',
  'isDefault',
  'tenantId',
  'user',
  'tags',
  'location',
  'value',
  'a',
  'b',
  'Name',
  'ID',
  '_x',
  'a_b',
  'aB',
]
const ODD_KEYS = [
  '',
  '0',
  '1',
  '10',
  '-1',
  '01',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  ' ',
  'a.b',
  'a-b',
  'é',
  'ß',
  'ǆ',
  'ﬁ',
  '😀',
  '～',
  '\uE000',
]

const WORDS = [
  'the',
  'subscription',
  'is',
  'Enabled',
  'tenant',
  'a',
  'long',
  'value',
  'PyYAML',
  'folds',
  'at',
  'eighty',
  'columns',
  'x',
  'yes',
  '1e3',
  '#',
  ':',
  '-',
  'ünï',
  '日本',
  '😀',
]

function range(low: number, high: number): (random: Random) => string {
  return (random) => String.fromCodePoint(random.between(low, high))
}

/** Line and word separators, spaces of other scripts, format characters. */
const SPECIAL_SPACES = [
  '\u0085',
  '\u00A0',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\u200B',
  '\u200D',
  '\u200E',
  '\u202E',
  '\u1680',
  '\u2000',
  '\u205F',
  '\u3000',
  '\u000B',
  '\u000C',
  '\u001C',
  '\u001F',
]
/** Beyond the BMP: the first, musical symbols, flags, CJK extensions, tags, variation selectors, private use, noncharacters. */
const ASTRAL = [
  0x10000, 0x1d11e, 0x1f1e6, 0x20000, 0x2a6d6, 0x2fffd, 0x30000, 0x3134a, 0xe0001, 0xe0100, 0xeffff, 0xf0000, 0x10fffd, 0x10ffff, 0x1fffe, 0x16fe4,
  0x1b11f, 0x1f7d9, 0x1fa89,
]

/** Single characters (or short sequences) by class, each class as likely as its weight. */
const CHARACTERS: readonly (readonly [number, (random: Random) => string])[] = [
  [30, range(0x61, 0x7a)],
  [6, range(0x41, 0x5a)],
  [5, range(0x30, 0x39)],
  [12, () => ' '],
  [10, (random) => random.pick([...'-?:,[]{}#&*!|>\'"%@`=~<.\\/_+^$()'])],
  [4, (random) => random.pick(['\n', '\r', '\r\n', '\t', '\n\n', ' \n', '\n '])],
  [3, range(0x00, 0x1f)],
  [1, () => '\u007F'],
  [2, range(0x80, 0x9f)],
  [2, (random) => random.pick(SPECIAL_SPACES)],
  [4, range(0xa1, 0x24f)],
  [2, range(0x300, 0x36f)],
  [3, range(0x370, 0x3ff)],
  [3, range(0x4e00, 0x4fff)],
  [2, range(0xff00, 0xffef)],
  [1, range(0xe000, 0xf8ff)],
  [1, (random) => random.pick(['\uFFFD', '\uFFFE', '\uFFFF', '\u0378', '\u08FF', '\uFDD0', '\u2FFF'])],
  [3, range(0x1f300, 0x1f6ff)],
  [2, (random) => String.fromCodePoint(random.pick(ASTRAL))],
  [1, (random) => random.pick(['\u001B[31m', '\u001B[0m', '\u001B[1;32m', '\u001B]8;;https://x.example\u001B\\', '\u001B]8;;\u001B\\'])],
]

export interface DocumentOptions {
  /** How deep containers may nest. */
  depth: number
}

export function randomString(random: Random): string {
  return random.weighted<() => string>([
    [4, () => random.pick(YAML_WORDS)],
    [3, () => random.pick(COMMON_KEYS)],
    [12, () => mixedString(random, random.between(0, 12))],
    [2, () => mixedString(random, random.between(20, 140))],
    [4, () => sentence(random, random.between(2, 40))],
    [1, () => 'x'.repeat(random.between(70, 130))],
    [2, () => numberLikeString(random)],
    [1, () => `${random.pick(YAML_WORDS)}${mixedString(random, random.between(1, 3))}`],
  ])()
}

export function randomKey(random: Random): string {
  return random.weighted<() => string>([
    [10, () => random.pick(COMMON_KEYS)],
    [2, () => random.pick(ODD_KEYS)],
    [2, () => random.pick(YAML_WORDS)],
    [3, () => mixedString(random, random.between(1, 8))],
    [1, () => sentence(random, random.between(8, 30))],
    [1, () => 'k'.repeat(random.between(110, 135))],
  ])()
}

export function randomNumber(random: Random): number | bigint {
  return random.weighted<() => number | bigint>([
    [8, () => random.between(-10, 100)],
    [3, () => random.between(-2_000_000_000, 2_000_000_000)],
    // 12345678901234567168 is the double nearest 12345678901234567890.
    [2, () => random.pick([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, 2 ** 63, 1e16, 1e20, 1e21, 1e22, 12345678901234567168])],
    [1, () => BigInt(random.pick(['9007199254740993', '-9223372036854775809', '123456789012345678901234567890', '18446744073709551616']))],
    [6, () => Number((random.float() * 10 ** random.between(-3, 6)).toFixed(random.between(0, 6))) * random.pick([1, -1])],
    [3, () => bitsToDouble(random)],
    [2, () => random.pick(EDGE_FLOATS)],
    [1, () => random.pick([-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])],
  ])()
}

const EDGE_FLOATS = [
  0.1,
  0.5,
  1.5,
  -2.5,
  1e-5,
  1e-4,
  1e-7,
  2.5e-7,
  1e15,
  1e16 + 2,
  1.5e300,
  5e-324,
  1.7976931348623157e308,
  0.30000000000000004,
  100.25,
  1e-320,
]

/** A random value: a scalar or a container of random values. */
export function randomValue(random: Random, options: DocumentOptions): unknown {
  const containers = options.depth > 0 ? 1 : 0
  return random.weighted<() => unknown>([
    [10, () => randomString(random)],
    [5, () => randomNumber(random)],
    [2, () => random.chance(0.5)],
    [2, () => null],
    [4 * containers, () => randomDict(random, {depth: options.depth - 1})],
    [3 * containers, () => randomList(random, {depth: options.depth - 1})],
  ])()
}

export function randomDict(random: Random, options: DocumentOptions): Record<string, unknown> {
  const size = random.weighted([
    [1, 0],
    [6, random.between(1, 4)],
    [2, random.between(5, 10)],
  ])
  return Object.fromEntries(Array.from({length: size}, () => [randomKey(random), randomValue(random, options)]))
}

export function randomList(random: Random, options: DocumentOptions): unknown[] {
  const size = random.weighted([
    [1, 0],
    [6, random.between(1, 4)],
    [1, random.between(5, 9)],
  ])
  return Array.from({length: size}, () => randomValue(random, options))
}

/** A list of records, as `az … list` returns: flat dicts sharing most of their keys. */
export function randomRecords(random: Random): Record<string, unknown>[] {
  const keys = Array.from({length: random.between(1, 7)}, () => randomKey(random))
  return Array.from({length: random.between(0, 6)}, () => randomRecord(random, keys))
}

function randomRecord(random: Random, keys: string[]): Record<string, unknown> {
  const record: [string, unknown][] = []
  for (const key of keys) {
    if (random.chance(0.85)) record.push([key, random.chance(0.1) ? randomValue(random, {depth: 1}) : randomScalar(random)])
  }

  if (random.chance(0.2)) record.push([randomKey(random), randomScalar(random)])
  return Object.fromEntries(record)
}

function randomScalar(random: Random): unknown {
  return randomValue(random, {depth: 0})
}

/** A command result of any shape. */
export function randomDocument(random: Random): unknown {
  return random.weighted<() => unknown>([
    [5, () => randomRecords(random)],
    [3, () => randomDict(random, {depth: 3})],
    [3, () => randomList(random, {depth: 3})],
    [
      2,
      () =>
        randomRecord(
          random,
          Array.from({length: random.between(1, 6)}, () => randomKey(random)),
        ),
    ],
    [2, () => randomScalar(random)],
    [1, () => Array.from({length: random.between(1, 4)}, () => randomList(random, {depth: 0}))],
  ])()
}

function mixedString(random: Random, length: number): string {
  let text = ''
  for (let index = 0; index < length; index++) text += random.weighted(CHARACTERS)(random)
  return text
}

function sentence(random: Random, words: number): string {
  const word = () => (random.chance(0.9) ? random.pick(WORDS) : mixedString(random, random.between(1, 4)))
  return Array.from({length: words}, word).join(random.chance(0.9) ? ' ' : random.pick(['  ', '\n', ', ']))
}

function numberLikeString(random: Random): string {
  const number = randomNumber(random)
  return random.pick([
    String(number),
    `${String(number)}.0`,
    `${String(number)}e3`,
    `0${String(number)}`,
    `${String(number)}:${random.between(0, 70)}`,
  ])
}

function bitsToDouble(random: Random): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setUint32(0, random.next())
  view.setUint32(4, random.next())
  const value = view.getFloat64(0)
  return Number.isFinite(value) ? value : 0.5
}
