/**
 * `--output` parity: random command results rendered by azx and by knack's formatters (with PyYAML,
 * tabulate and Pygments behind them), compared byte for byte. See parity.ts for the seed and counts.
 */
import {describe, it} from '@jest/globals'

import {CommandError} from '@azx/core/errors'
import {renderOutput} from '@azx/core/output'
import type {OutputFormat} from '@azx/core/output'

import {randomDocument} from './documents.js'
import type {Answer} from './originals.js'
import {CHECK_TIMEOUT_MS, expectParity, parityCount, randomFor, usePython} from './parity.js'
import {pythonJson} from './python-value.js'
import {smallerValues} from './shrink.js'
import {agreedValue} from './unicode.js'

interface Rendering {
  data: unknown
  /** A command's table view that returns the data as it is: no sorting of keys. */
  transformer: boolean
}

const FORMATS: OutputFormat[] = ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv']
const COUNT = parityCount(800)

const pythonSide = usePython()

function azxRender(format: OutputFormat, {data, transformer}: Rendering): Answer {
  try {
    return {ok: renderOutput(data, {color: true, format, queryActive: false, tableTransformer: transformer ? (result) => result : undefined})}
  } catch (error) {
    if (error instanceof CommandError) return {error: 'command', message: error.message}
    throw error
  }
}

describe.each(FORMATS)('-o %s', (format) => {
  it(
    `prints what knack prints, for ${COUNT} random command results`,
    async () => {
      const random = randomFor(`output ${format}`)
      const inputs = Array.from({length: COUNT}, (): Rendering => {
        const one = random.fork()
        return {data: agreedValue(randomDocument(one), pythonSide.disagreements), transformer: format === 'table' && one.chance(0.2)}
      })
      await expectParity(pythonSide.originals, {
        azx: (input) => azxRender(format, input),
        inputs,
        job: ({data, transformer}) => ({data, format, kind: 'render', transformer}),
        name: `-o ${format}`,
        show: ({data, transformer}) => `${pythonJson(data)}${transformer ? ' (through a table view)' : ''}`,
        *smaller({data, transformer}) {
          for (const smaller of smallerValues(data)) yield {data: smaller, transformer}
        },
      })
    },
    CHECK_TIMEOUT_MS,
  )
})
