import {describe, expect, it} from '@jest/globals'

import {ExitCode, UsageError} from '../errors/index.js'
import {parseBoolean} from './booleans.js'
import {isKnownSetting, validateSetting} from './validation.js'

const BOOLEAN_KEYS = [
  'login_experience_v2',
  'enable_broker_on_windows',
  'only_show_errors',
  'no_color',
  'encrypt_token_cache',
  'instance_discovery',
  'delegate_to_python_az',
]

describe('validateSetting', () => {
  it.each(BOOLEAN_KEYS)('accepts configparser booleans in any case for core.%s', (name) => {
    for (const value of ['1', 'yes', 'true', 'on', '0', 'no', 'false', 'off', 'TRUE', 'Off', 'YeS', ' on ']) {
      expect(() => validateSetting('core', name, value)).not.toThrow()
    }
  })

  it.each(BOOLEAN_KEYS)('refuses anything else for core.%s with exit 2', (name) => {
    const attempt = () => validateSetting('core', name, 'maybe')
    expect(attempt).toThrow(UsageError)
    expect(thrownBy(attempt)).toMatchObject({
      exitCode: ExitCode.UsageError,
      message: `'maybe' is not a valid value for 'core.${name}'. Allowed values: true, false, yes, no, on, off, 1, 0.`,
    })
  })

  it('accepts every output format for core.output, in any case', () => {
    for (const value of ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none', 'TABLE']) {
      expect(() => validateSetting('core', 'output', value)).not.toThrow()
    }
  })

  it('refuses an unknown output format, naming the key, the value and the allowed values', () => {
    expect(thrownBy(() => validateSetting('core', 'output', 'foo'))).toMatchObject({
      exitCode: ExitCode.UsageError,
      message: "'foo' is not a valid value for 'core.output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.",
    })
    expect(() => validateSetting('core', 'output', '')).toThrow("'' is not a valid value for 'core.output'.")
  })

  it('matches the key case-insensitively, as configparser stores it', () => {
    expect(() => validateSetting('core', 'OUTPUT', 'foo')).toThrow("'core.output'")
  })

  it('stores other keys as given', () => {
    expect(() => validateSetting('core', 'theme', 'anything')).not.toThrow()
    expect(() => validateSetting('defaults', 'group', '')).not.toThrow()
    // Section names are case-sensitive in configparser, and az reads only [core].
    expect(() => validateSetting('Core', 'output', 'foo')).not.toThrow()
    expect(isKnownSetting('core', 'Output')).toBe(true)
    expect(isKnownSetting('core', 'theme')).toBe(false)
  })
})

/** The error `attempt` throws. */
function thrownBy(attempt: () => void): unknown {
  try {
    attempt()
  } catch (error) {
    return error
  }

  throw new Error('nothing was thrown')
}

describe('parseBoolean', () => {
  it('reads configparser booleans', () => {
    expect(parseBoolean('Yes')).toBe(true)
    expect(parseBoolean(' off ')).toBe(false)
    expect(parseBoolean('1')).toBe(true)
    expect(parseBoolean('maybe')).toBeUndefined()
  })
})
