/**
 * `-o json`: the exact text az prints, for the cases in goldens/json.ts; expected.json holds what
 * knack (with Python's json) prints for them (scripts/output-goldens.mjs regenerates it).
 */
import {describe, expect, it} from '@jest/globals'

import {caseNames, goldenCase, goldenText} from './goldens/golden.js'
import {jsonCases} from './goldens/json.js'
import {renderLikeAz} from './goldens/render-like-az.js'

describe('json output', () => {
  it.each(caseNames(jsonCases))('%s', (name) => {
    expect(renderLikeAz(goldenCase(jsonCases, name, 'render'))).toBe(goldenText('json', name))
  })
})
