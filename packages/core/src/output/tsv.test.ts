/**
 * `-o tsv`: the exact text az prints, for the cases in goldens/tsv.ts; expected.json holds what
 * knack prints for them (scripts/output-goldens.mjs regenerates it).
 */
import {describe, expect, it} from '@jest/globals'

import {caseNames, goldenCase, goldenText} from './goldens/golden.js'
import {renderLikeAz} from './goldens/render-like-az.js'
import {tsvCases} from './goldens/tsv.js'

describe('tsv output', () => {
  it.each(caseNames(tsvCases))('%s', (name) => {
    expect(renderLikeAz(goldenCase(tsvCases, name, 'render'))).toBe(goldenText('tsv', name))
  })
})
