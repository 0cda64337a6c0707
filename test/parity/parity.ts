/**
 * One parity check: random inputs, each given to azx and to the Python original, answers compared
 * byte for byte. A mismatch is shrunk to the smallest input that still differs, and reported with
 * the seed that replays it.
 *
 * Environment:
 * - AZX_PARITY_SEED: the run's seed (a number, or `random` for a new one). Without it every run
 *   checks the same inputs, so the suite is deterministic; a failure names the seed to replay it.
 * - AZX_PARITY_COUNT: inputs per check, to search wider than the suite's defaults (which keep the
 *   parity project well under a minute on a loaded 2-core machine).
 */
import {afterAll, beforeAll} from '@jest/globals'
import {isDeepStrictEqual} from 'node:util'

import {Originals} from './originals.js'
import type {Answer, Job} from './originals.js'
import {Random} from './random.js'
import {shrink} from './shrink.js'
import {unicodeDisagreements} from './unicode.js'

const DEFAULT_SEED = 20_240_601

/** The run's seed, from AZX_PARITY_SEED or the fixed default. */
export const PARITY_SEED = runSeed()

/** Jest's time limit for a check or its set-up: generous, as the machine may be loaded; never a performance bound. */
export const CHECK_TIMEOUT_MS = 300_000

/** Inputs per check: AZX_PARITY_COUNT, or the check's own default. */
export function parityCount(defaultCount: number): number {
  const configured = process.env.AZX_PARITY_COUNT
  if (configured === undefined || configured === '') return defaultCount
  const count = Number(configured)
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`AZX_PARITY_COUNT must be a positive integer, not '${configured}'`)
  return count
}

/** The random source of one check: the run's seed and the check's name, so checks do not disturb each other. */
export function randomFor(check: string): Random {
  let hash = PARITY_SEED >>> 0
  for (const char of check) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0
  return new Random(hash)
}

export interface PythonSide {
  /** The libraries, started before the file's tests. */
  readonly originals: Originals
  /** The code points the generators must replace (unicode.ts). */
  readonly disagreements: ReadonlySet<number>
}

/** The Python side of a test file: started before its tests, stopped after them. */
export function usePython(): PythonSide {
  const side: {originals?: Originals; disagreements?: Set<number>} = {}
  beforeAll(async () => {
    side.originals = await Originals.start()
    side.disagreements = await unicodeDisagreements(side.originals)
  }, CHECK_TIMEOUT_MS)
  afterAll(() => side.originals?.close())
  return {
    get disagreements() {
      return side.disagreements!
    },
    get originals() {
      return side.originals!
    },
  }
}

export interface ParityCheck<T> {
  /** What is compared, as the report names it ('-o yaml'). */
  name: string
  inputs: readonly T[]
  /** The job that asks the Python original. */
  job(input: T): Job
  /** azx's answer, in the shape of the original's. */
  azx(input: T): Answer
  /** Smaller inputs, for shrinking a failure. */
  smaller(input: T): Iterable<T>
  /** The input as the report shows it. */
  show(input: T): string
  /** Whether the answers agree; byte for byte unless the check says otherwise. */
  agree?(azx: Answer, python: Answer, input: T): boolean
}

/** Runs the check; throws a report of the smallest mismatch found, if there is one. */
export async function expectParity<T>(originals: Originals, check: ParityCheck<T>): Promise<void> {
  const agree = check.agree ?? ((azx: Answer, python: Answer) => isDeepStrictEqual(azx, python))
  const differs = async (inputs: T[]): Promise<boolean[]> => {
    const answers = await originals.run(inputs.map((input) => check.job(input)))
    return inputs.map((input, index) => !agree(azxAnswer(check, input), answers[index], input))
  }

  const failures = await differs([...check.inputs])
  const first = failures.indexOf(true)
  if (first < 0) return
  const count = failures.filter(Boolean).length
  const smallest = await shrink(check.inputs[first], (input) => check.smaller(input), differs)
  const [python] = await originals.run([check.job(smallest)])
  const azx = azxAnswer(check, smallest)
  throw new Error(
    [
      `azx and the Python original differ for ${check.name}: ${count} of ${check.inputs.length} inputs (first: #${first}).`,
      `Replay with AZX_PARITY_SEED=${PARITY_SEED}. The smallest input found that still differs:`,
      `  ${ascii(check.show(smallest))}`,
      `azx:    ${ascii(JSON.stringify(azx))}`,
      `Python: ${ascii(JSON.stringify(python))}`,
    ].join('\n'),
  )
}

/** Text with everything but printable ASCII escaped, so that a report shows every character that matters. */
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function azxAnswer<T>(check: ParityCheck<T>, input: T): Answer {
  try {
    return check.azx(input)
  } catch (error) {
    return {error: 'crash', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error)}
  }
}

function runSeed(): number {
  const configured = process.env.AZX_PARITY_SEED
  if (configured === undefined || configured === '') return DEFAULT_SEED
  if (configured === 'random') return Math.floor(Math.random() * 0x1_0000_0000)
  const seed = Number(configured)
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`AZX_PARITY_SEED must be a non-negative integer or 'random', not '${configured}'`)
  return seed
}
