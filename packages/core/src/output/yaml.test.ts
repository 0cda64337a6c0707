/**
 * `-o yaml`: the exact text az prints (PyYAML's safe_dump with default_flow_style=False,
 * allow_unicode=True), for the cases in goldens/yaml.ts; expected.json holds what knack and PyYAML
 * print for them (scripts/output-goldens.mjs regenerates it).
 */
import {describe, expect, it} from '@jest/globals'

import {caseNames, goldenCase, goldenText} from './goldens/golden.js'
import {renderLikeAz} from './goldens/render-like-az.js'
import {yamlCases} from './goldens/yaml.js'

describe('yaml output', () => {
  it.each(caseNames(yamlCases))('%s', (name) => {
    expect(renderLikeAz(goldenCase(yamlCases, name, 'render'))).toBe(goldenText('yaml', name))
  })
})
