import {describe, expect, it} from '@jest/globals'

import {isAzError} from '@azx/core'

import {includeExtendedLocations} from './locations.js'

function usageError(flag: boolean, value: string): {exitCode: number; message: string} {
  try {
    includeExtendedLocations(flag, value)
  } catch (error) {
    if (isAzError(error)) return {exitCode: error.exitCode, message: error.message}
    throw error
  }

  throw new Error('accepted')
}

describe('--include-extended-locations, a three-state flag as in az', () => {
  it('is true alone and false when absent', () => {
    expect(includeExtendedLocations(true, undefined)).toBe(true)
    expect(includeExtendedLocations(false, undefined)).toBe(false)
  })

  it.each([
    ['true', true],
    ['T', true],
    ['yes', true],
    ['y', true],
    ['1', true],
    ['false', false],
    ['F', false],
    ['No', false],
    ['n', false],
    ['0', false],
  ])('takes the value %s', (value, meaning) => {
    expect(includeExtendedLocations(true, value)).toBe(meaning)
  })

  it("refuses another value with az's message, exit 2", () => {
    expect(usageError(true, 'maybe')).toEqual({
      exitCode: 2,
      message:
        "az account list-locations: 'maybe' is not a valid value for '--include-extended-locations'. " +
        'Allowed values: 0, 1, f, false, n, no, t, true, y, yes.',
    })
  })

  it('refuses a stray word without the flag as argparse does, exit 2', () => {
    expect(usageError(false, 'true')).toEqual({exitCode: 2, message: 'unrecognized arguments: true'})
  })
})
