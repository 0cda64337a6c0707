/**
 * `-o jsonc` and `-o yamlc` with colour on: json and yaml coloured by pygments' TerminalFormatter,
 * for the cases in goldens/colour.ts; expected.json holds what knack and Pygments print for them
 * (scripts/output-goldens.mjs regenerates it).
 */
import {describe, expect, it} from '@jest/globals'

import {colourCases} from './goldens/colour.js'
import {caseNames, goldenCase, goldenText} from './goldens/golden.js'
import {renderLikeAz} from './goldens/render-like-az.js'

describe('coloured output', () => {
  it.each(caseNames(colourCases))('%s', (name) => {
    expect(renderLikeAz(goldenCase(colourCases, name, 'render'))).toBe(goldenText('colour', name))
  })
})
