/**
 * The output tests' golden texts (packages/core/src/output/goldens/expected.json) are what the Python
 * libraries give for their cases today: a case added without regenerating, or a text edited by
 * hand, fails here. `node scripts/output-goldens.mjs` rewrites the file.
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'
import {readFileSync} from 'node:fs'

import {libraryGoldens} from './goldens.js'
import {Originals} from './originals.js'
import {CHECK_TIMEOUT_MS} from './parity.js'

let originals: Originals
beforeAll(async () => {
  originals = await Originals.start()
}, CHECK_TIMEOUT_MS)
afterAll(() => originals?.close())

describe("the output tests' goldens", () => {
  it(
    'are what knack, PyYAML, tabulate, Pygments, jmespath and Python give (else run node scripts/output-goldens.mjs)',
    async () => {
      const expected: unknown = JSON.parse(readFileSync(new URL('../../packages/core/src/output/goldens/expected.json', import.meta.url), 'utf8'))
      expect(expected).toEqual(await libraryGoldens(originals))
    },
    CHECK_TIMEOUT_MS,
  )
})
