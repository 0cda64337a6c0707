/**
 * `-o table`: the exact text az prints, from a command's own table view or knack's automatic table,
 * for the cases in goldens/table.ts; expected.json holds what knack and tabulate print for them
 * (scripts/output-goldens.mjs regenerates it).
 */
import {describe, expect, it} from '@jest/globals'

import type {TableTransformer} from './formats.js'
import {caseNames, goldenCase, goldenText} from './goldens/golden.js'
import {renderLikeAz} from './goldens/render-like-az.js'
import {tableCases} from './goldens/table.js'
import {renderOutput} from './render.js'

describe('table output', () => {
  it.each(caseNames(tableCases))('%s', (name) => {
    expect(renderLikeAz(goldenCase(tableCases, name, 'render'))).toBe(goldenText('table', name))
  })

  it("a table view that fails gives az's error, exit code 1", () => {
    const failing: TableTransformer = () => {
      throw new TypeError('not a list')
    }

    expect(() => renderOutput({a: 1}, {color: false, format: 'table', queryActive: false, tableTransformer: failing})).toThrow(
      expect.objectContaining({
        exitCode: 1,
        message: 'Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.',
      }),
    )
  })
})
