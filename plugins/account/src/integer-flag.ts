import {UsageError} from '@azx/core/errors'
import * as Flags from '@oclif/core/flags'

interface IntegerFlagOptions {
  min: number
  max?: number
  default?: number
  summary: string
}

/** An integer flag within bounds; anything else is a usage error (exit 2) in argparse's words. */
export function integerFlag(options: IntegerFlagOptions) {
  return Flags.custom<number>({
    default: options.default,
    helpValue: 'INTEGER',
    async parse(input, _context, flag) {
      const value = /^-?\d+$/.test(input.trim()) ? Number(input) : Number.NaN
      if (!Number.isSafeInteger(value)) throw new UsageError(`argument --${flag.name}: invalid int value: '${input}'`)
      if (value < options.min || (options.max !== undefined && value > options.max)) {
        const range = options.max === undefined ? `at least ${options.min}` : `from ${options.min} to ${options.max}`
        throw new UsageError(`argument --${flag.name}: ${value} is out of range: it must be ${range}.`)
      }

      return value
    },
    summary: options.summary,
  })()
}
