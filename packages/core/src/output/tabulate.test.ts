/**
 * tabulate(rows, headers): Python tabulate's "simple" table with disable_numparse=True, for the
 * cases in goldens/tabulate.ts; expected.json holds what tabulate 0.8.9 makes of them
 * (scripts/output-goldens.mjs regenerates it).
 */
import {describe, expect, it} from '@jest/globals'

import {caseNames, goldenCase, goldenText} from './goldens/golden.js'
import {tabulateCases} from './goldens/tabulate.js'
import {tabulate} from './tabulate.js'

describe('tabulate', () => {
  it.each(caseNames(tabulateCases))('%s', (name) => {
    const {headers, rows} = goldenCase(tabulateCases, name, 'tabulate')
    expect(tabulate(rows, headers)).toBe(goldenText('tabulate', name))
  })
})
