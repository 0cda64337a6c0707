import {describe, expect, it} from '@jest/globals'

import {interpolate, strayPercentPosition} from './interpolation.js'

describe('interpolate, as configparser reads values for az', () => {
  const section = {base: 'https://example.test', deep: '%(url)s/x', name: 'AzureCloud', pct: '100%%', url: '%(base)s/api'}

  it('reads %% as %', () => {
    expect(interpolate('100%%', section)).toBe('100%')
  })

  it('replaces %(key)s references, recursively and case-insensitively', () => {
    expect(interpolate('%(NAME)s-r', section)).toBe('AzureCloud-r')
    expect(interpolate('%(deep)s', section)).toBe('https://example.test/api/x')
    expect(interpolate('%(pct)s', section)).toBe('100%')
  })

  it('leaves text without % alone', () => {
    expect(interpolate('plain', section)).toBe('plain')
  })

  it.each([
    ['a missing key', '%(nope)s'],
    ['a stray %', '50% off'],
    ['a reference loop', '%(loop)s'],
  ])('gives the raw value for %s, where az would fail', (_case, raw) => {
    expect(interpolate(raw, {...section, loop: '%(loop)s'})).toBe(raw)
  })
})

describe('strayPercentPosition, as configparser checks values before storing them', () => {
  it.each([
    ['100%%', -1],
    ['%(name)s and %%', -1],
    ['no percent', -1],
    ['100%', 3],
    ['%(name)s 5%', 2],
    ['%(unclosed', 0],
  ])('%s → %d', (value, position) => {
    expect(strayPercentPosition(value)).toBe(position)
  })
})
