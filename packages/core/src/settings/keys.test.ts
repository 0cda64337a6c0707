import {describe, expect, it} from '@jest/globals'

import {ExitCode} from '../errors/index.js'
import {parseSettingAssignment, parseSettingKey, splitSettingQuery} from './keys.js'

describe('parseSettingAssignment', () => {
  it('splits at the first = and the first .', () => {
    expect(parseSettingAssignment('core.output=table')).toEqual({name: 'output', section: 'core', value: 'table'})
    expect(parseSettingAssignment('defaults.a.b=x=y')).toEqual({name: 'a.b', section: 'defaults', value: 'x=y'})
  })

  it('lower-cases the name but keeps the section and value as typed', () => {
    expect(parseSettingAssignment('Sec.Mixed_Case=Val ue')).toEqual({name: 'mixed_case', section: 'Sec', value: 'Val ue'})
  })

  it('reads \'\' and "" as the empty value, as az does', () => {
    expect(parseSettingAssignment("core.x=''").value).toBe('')
    expect(parseSettingAssignment('core.x=""').value).toBe('')
    expect(parseSettingAssignment('core.x=').value).toBe('')
  })

  it.each(['core.output', 'coreoutput=table', '=x'])("rejects '%s' with az's usage error (exit 1, as az)", (text) => {
    expect(() => parseSettingAssignment(text)).toThrow('usage error: [section].[name]=[value] ...')
    try {
      parseSettingAssignment(text)
    } catch (error) {
      expect((error as {exitCode: number}).exitCode).toBe(ExitCode.CommandError)
    }
  })

  it.each([
    ['.x=1', 'The section name is empty.'],
    ['core.=1', 'The setting name is empty.'],
    ['core.a:b=1', "The setting name 'a:b' cannot contain ':' or span lines."],
    ['core.#x=1', "The setting name '#x' cannot start with '#', ';' or '[', or start or end with a space."],
    ['core. x=1', "The setting name ' x' cannot start with '#', ';' or '[', or start or end with a space."],
  ])('rejects %s, which az would write into a file it cannot read back', (text, reason) => {
    try {
      parseSettingAssignment(text)
      throw new Error('expected an error')
    } catch (error) {
      expect((error as Error).message).toBe('usage error: [section].[name]=[value] ...')
      expect((error as {recommendations: string[]}).recommendations).toEqual([reason])
    }
  })
})

describe('parseSettingKey', () => {
  it('reads section.name', () => {
    expect(parseSettingKey('core.No_Color')).toEqual({name: 'no_color', section: 'core'})
  })

  it("rejects a bare section with az's usage error", () => {
    expect(() => parseSettingKey('core')).toThrow('usage error: [section].[name]')
  })
})

describe('splitSettingQuery', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['core', {section: 'core'}],
    ['core.', {section: 'core'}],
    ['core.output', {name: 'output', section: 'core'}],
    ['a.b.c', {name: 'b.c', section: 'a'}],
  ])('%s → %j', (text, expected) => {
    expect(splitSettingQuery(text)).toEqual(expected)
  })
})
