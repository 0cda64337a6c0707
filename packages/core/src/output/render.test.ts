/**
 * renderOutput: which formatter runs, and when az prints nothing. The texts for goldens/render.ts
 * are in expected.json (scripts/output-goldens.mjs); each format's details are tested beside its formatter.
 */
import {describe, expect, it} from '@jest/globals'

import {OUTPUT_FORMATS} from './formats.js'
import type {OutputFormat} from './formats.js'
import {caseNames, goldenCase, goldenText} from './goldens/golden.js'
import {renderCases} from './goldens/render.js'
import {renderLikeAz} from './goldens/render-like-az.js'
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

  it.each(caseNames(renderCases))('%s', (name) => {
    expect(renderLikeAz(goldenCase(renderCases, name, 'render'))).toBe(goldenText('render', name))
  })

  it('jsonc and yamlc without colour are json and yaml', () => {
    const data = {name: 'Dev Sub', isDefault: true, tenants: [{id: 'x'}]}
    expect(render(data, 'jsonc')).toBe(render(data, 'json'))
    expect(render(data, 'yamlc')).toBe(render(data, 'yaml'))
  })

  it('colour does not change json, yaml, table or tsv', () => {
    const data = [{name: 'a', on: true}]
    for (const format of ['json', 'yaml', 'table', 'tsv'] as const) expect(render(data, format, true)).toBe(render(data, format))
  })
})
