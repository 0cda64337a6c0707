/**
 * INI parity: random `config` texts read by azx's ini.ts and by Python's configparser as az reads
 * its files (ConfigParser() on a text-mode file), compared: the sections and keys in order with
 * their raw values, every value as az's `get` interpolates it, the text written back (serializeIni,
 * ConfigParser.write), and which texts are refused, why and at which line. See parity.ts for the seed and counts.
 *
 * Deliberate differences, allowed here:
 * - a value configparser cannot interpolate (a stray '%', a missing or looping reference) makes az
 *   fail with a traceback when it reads that setting; azx reads the raw value (interpolation.ts);
 * - a file with a value that has a stray '%' cannot be written back by configparser (az fails with
 *   a traceback on `az config set` of any other setting); azx writes it as it was;
 * - a UTF-8 byte order mark at the start: configparser refuses the file (the mark hides the first
 *   section header); azx reads past it, as editors add one (ini.ts). The texts are compared
 *   without it.
 */
import {describe, it} from '@jest/globals'
import {isDeepStrictEqual} from 'node:util'

import {interpolate} from '../../packages/core/src/settings/interpolation.js'
import {DEFAULT_SECTION, IniDuplicateError, IniSyntaxError, parseIni, sectionView, serializeIni} from '../../packages/core/src/settings/ini.js'

import {randomIniLines} from './ini-texts.js'
import type {Answer} from './originals.js'
import {CHECK_TIMEOUT_MS, expectParity, parityCount, randomFor, usePython} from './parity.js'
import {smallerValues} from './shrink.js'
import {agreedText} from './unicode.js'

type Entries = [string, string][]
interface Reading {
  defaults: Entries
  sections: [string, Entries][]
  values: [string, string, string | {error: string}][]
  written: string | {error: string}
}

const COUNT = parityCount(2000)

const pythonSide = usePython()

function azxRead(text: string): Answer {
  let doc
  try {
    doc = parseIni(text)
  } catch (error) {
    if (error instanceof IniSyntaxError) return {error: 'syntax', line: error.line}
    if (error instanceof IniDuplicateError) {
      const {key, line, section} = error
      return key === undefined ? {error: 'duplicate-section', line, section} : {error: 'duplicate-option', key, line, section}
    }

    throw error
  }

  const names = Object.keys(doc).filter((name) => name !== DEFAULT_SECTION)
  const defaults = Object.entries(doc[DEFAULT_SECTION] ?? {})
  const values: Reading['values'] = []
  for (const section of [DEFAULT_SECTION, ...names]) {
    const view = sectionView(doc, section) ?? {}
    // configparser lists a section's own keys first, then those it inherits from [DEFAULT].
    const own = section === DEFAULT_SECTION ? [] : Object.keys(doc[section])
    const keys = [...own, ...Object.keys(doc[DEFAULT_SECTION] ?? {}).filter((key) => !own.includes(key))]
    for (const key of keys) values.push([section, key, interpolate(view[key], view)])
  }

  const reading: Reading = {defaults, sections: names.map((name) => [name, Object.entries(doc[name])]), values, written: serializeIni(doc)}
  return {ok: reading}
}

/** configparser's answer with what it cannot interpolate or write replaced by what azx reads and writes. */
function withDeliberateDifferences(python: Answer, text: string): Answer {
  if (python.error !== undefined) return python
  const reading = python.ok as Reading
  const raw = (section: string, key: string): string => {
    const own = reading.sections.find(([name]) => name === section)?.[1].find(([name]) => name === key)
    return (own ?? reading.defaults.find(([name]) => name === key))![1]
  }

  const values = reading.values.map(([section, key, value]) => [section, key, typeof value === 'string' ? value : raw(section, key)])
  const written = typeof reading.written === 'string' ? reading.written : serializeIni(parseIni(text))
  return {ok: {...reading, values, written}}
}

describe('config files', () => {
  it(
    `are read and written as configparser reads and writes them, for ${COUNT} random texts`,
    async () => {
      const random = randomFor('ini')
      const inputs = Array.from({length: COUNT}, () => randomIniLines(random.fork()).map((line) => agreedText(line, pythonSide.disagreements)))
      await expectParity(pythonSide.originals, {
        agree: (azx, python, lines) => isDeepStrictEqual(azx, withDeliberateDifferences(python, lines.join(''))),
        azx: (lines) => azxRead(lines.join('')),
        inputs,
        job: (lines) => ({kind: 'ini', text: lines.join('').replace(/^\uFEFF/, '')}),
        name: 'the INI reader',
        show: (lines) => JSON.stringify(lines.join('')),
        *smaller(lines) {
          for (const smaller of smallerValues(lines)) if (Array.isArray(smaller)) yield smaller as string[]
        },
      })
    },
    CHECK_TIMEOUT_MS,
  )
})
