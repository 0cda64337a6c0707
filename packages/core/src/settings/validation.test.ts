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
  it.each(BOOLEAN_KEYS)('accepts configparser booleans in any case for core.%s', async (name) => {
    for (const value of ['1', 'yes', 'true', 'on', '0', 'no', 'false', 'off', 'TRUE', 'Off', 'YeS', ' on ']) {
      await expect(validateSetting('core', name, value)).resolves.toBeUndefined()
    }
  })

  it.each(BOOLEAN_KEYS)('refuses anything else for core.%s with exit 2', async (name) => {
    const attempt = validateSetting('core', name, 'maybe')
    await expect(attempt).rejects.toThrow(UsageError)
    await expect(attempt).rejects.toMatchObject({
      exitCode: ExitCode.UsageError,
      message: `'maybe' is not a valid value for 'core.${name}'. Allowed values: true, false, yes, no, on, off, 1, 0.`,
    })
  })

  it('accepts every output format for core.output, in any case', async () => {
    for (const value of ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none', 'TABLE']) {
      await expect(validateSetting('core', 'output', value)).resolves.toBeUndefined()
    }
  })

  it('refuses an unknown output format, naming the key, the value and the allowed values', async () => {
    await expect(validateSetting('core', 'output', 'foo')).rejects.toMatchObject({
      exitCode: ExitCode.UsageError,
      message: "'foo' is not a valid value for 'core.output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.",
    })
    await expect(validateSetting('core', 'output', '')).rejects.toThrow("'' is not a valid value for 'core.output'.")
  })

  it('matches the key case-insensitively, as configparser stores it', async () => {
    await expect(validateSetting('core', 'OUTPUT', 'foo')).rejects.toThrow("'core.output'")
  })

  it('stores other keys as given', async () => {
    await expect(validateSetting('core', 'theme', 'anything')).resolves.toBeUndefined()
    await expect(validateSetting('defaults', 'group', '')).resolves.toBeUndefined()
    // Section names are case-sensitive in configparser, and az reads only [core].
    await expect(validateSetting('Core', 'output', 'foo')).resolves.toBeUndefined()
    expect(isKnownSetting('core', 'Output')).toBe(true)
    expect(isKnownSetting('core', 'theme')).toBe(false)
  })
})

describe('parseBoolean', () => {
  it('reads configparser booleans', () => {
    expect(parseBoolean('Yes')).toBe(true)
    expect(parseBoolean(' off ')).toBe(false)
    expect(parseBoolean('1')).toBe(true)
    expect(parseBoolean('maybe')).toBeUndefined()
  })
})
