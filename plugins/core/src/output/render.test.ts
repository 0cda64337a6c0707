/**
 * renderOutput: which formatter runs, and when az prints nothing. Expected texts come from
 * knack 0.8.9 (az 2.45); each format's details are tested beside its formatter.
 */
import {describe, expect, it} from '@jest/globals'

import {compileQuery} from './query.js'
import {OUTPUT_FORMATS} from './formats.js'
import type {OutputFormat} from './formats.js'
import {renderOutput} from './render.js'

const render = (data: unknown, format: OutputFormat, color = false, queryActive = false) => renderOutput(data, {color, format, queryActive})

describe('renderOutput', () => {
  it("offers az's formats, in az's order", () => {
    expect(OUTPUT_FORMATS).toEqual(['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none'])
  })

  it.each(OUTPUT_FORMATS)('no result prints nothing in %s', (format) => {
    expect(render(null, format, true)).toBe('')
    expect(render(undefined, format, true)).toBe('')
  })

  it('none prints nothing', () => {
    expect(render({a: 1}, 'none')).toBe('')
  })

  it.each([
    ['json', '"Prod Sub"\n'],
    ['yaml', 'Prod Sub\n...\n'],
    ['table', 'Result\n--------\nProd Sub\n'],
    ['tsv', 'Prod Sub\n'],
  ] as [OutputFormat, string][])('a string in %s', (format, expected) => {
    expect(render('Prod Sub', format)).toBe(expected)
  })

  it.each([
    ['json', '[]\n'],
    ['yaml', '[]\n'],
    ['table', '\n'],
    ['tsv', ''],
  ] as [OutputFormat, string][])('an empty list in %s', (format, expected) => {
    expect(render([], format)).toBe(expected)
  })

  it('jsonc and yamlc without colour are json and yaml', () => {
    const data = {name: 'Dev Sub', isDefault: true, tenants: [{id: 'x'}]}
    expect(render(data, 'jsonc')).toBe(render(data, 'json'))
    expect(render(data, 'yamlc')).toBe(render(data, 'yaml'))
  })

  it('jsonc and yamlc with colour are coloured', () => {
    expect(render(1, 'jsonc', true)).toBe('\u001B[34m1\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n')
    expect(render(1, 'yamlc', true)).toBe('1\u001B[37m\u001B[39;49;00m\n\u001B[04m\u001B[36m...\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n')
  })

  it('colour does not change json, yaml, table or tsv', () => {
    const data = [{name: 'a', on: true}]
    for (const format of ['json', 'yaml', 'table', 'tsv'] as const) expect(render(data, format, true)).toBe(render(data, format))
  })

  it('json and yaml sort the keys a query put in order', () => {
    const subscriptions = [{id: '1', isDefault: true, name: 'Dev Sub', user: {name: 'u', type: 'user'}}]
    const result = compileQuery('[].{Zeta:name, Alpha:id, Mid:isDefault, User:user}').search(subscriptions)
    expect(render(result, 'json', false, true)).toBe(
      '[\n' +
        '  {\n' +
        '    "Alpha": "1",\n' +
        '    "Mid": true,\n' +
        '    "User": {\n' +
        '      "name": "u",\n' +
        '      "type": "user"\n' +
        '    },\n' +
        '    "Zeta": "Dev Sub"\n' +
        '  }\n' +
        ']\n',
    )
    expect(render(result, 'yaml', false, true)).toBe("- Alpha: '1'\n  Mid: true\n  User:\n    name: u\n    type: user\n  Zeta: Dev Sub\n")
  })
})
