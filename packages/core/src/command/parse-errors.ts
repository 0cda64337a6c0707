/**
 * oclif's parser errors, reworded as az's argparse prints them. Every one of them exits with 2.
 * readCommandLine has already refused what argparse refuses while reading words; these are what
 * oclif finds in the words it was given.
 */
import type {Command} from '@oclif/core'

import {UsageError} from '../errors/index.js'
import {flagSpelling} from './command-line.js'
import type {FlagShape} from './command-line.js'

// oclif dims parts of its messages; az's text has no escape codes.
const ANSI = /\u001B\[[\d;]*m/g

/**
 * The az-style usage error for an oclif parse error, or undefined when `error` is not one.
 * Classes are recognised by name: a plugin may load its own copy of @oclif/core.
 */
export function toUsageError(error: Error & {args?: {name: string}[]; flags?: string[]}, command: typeof Command): UsageError | undefined {
  const flags = {...command.baseFlags, ...command.flags} as Record<string, FlagShape>
  switch (error.constructor.name) {
    // az's top-level parser reports these, after the command's own parser was content: no examples.
    case 'NonExistentFlagsError': {
      return new UsageError(`unrecognized arguments: ${(error.flags ?? []).join(' ')}`)
    }

    case 'UnexpectedArgsError': {
      return new UsageError(`unrecognized arguments: ${(error.args as unknown as string[]).join(' ')}`)
    }

    case 'RequiredArgsError': {
      const names = (error.args ?? []).map((arg) => arg.name.toUpperCase())
      return new UsageError(`the following arguments are required: ${names.join(', ')}`, {showsExamples: true})
    }

    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError': {
      const reasons = error.message
        .replaceAll(ANSI, '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('See more help'))
      const missing = reasons.map((reason) => /^Missing required flag (\S+)$/.exec(reason)?.[1]).filter((name) => name !== undefined)
      if (missing.length === reasons.length) {
        return new UsageError(`the following arguments are required: ${missing.map((name) => flagSpelling(name, flags)).join(', ')}`, {
          showsExamples: true,
        })
      }

      return new UsageError(`usage error: ${reasons.join('; ')}`)
    }

    case 'FlagInvalidOptionError':
    case 'ArgInvalidOptionError':
    case 'CLIParseError': {
      return new UsageError(error.message.replaceAll(ANSI, ''), {showsExamples: true})
    }

    default: {
      // A value oclif takes for a flag of its own (`--query=--output`).
      const name = /^Flag --(\S+) expects (?:a value|one of these values)/.exec(error.message)?.[1]
      return name === undefined ? undefined : new UsageError(`argument ${flagSpelling(name, flags)}: expected one argument`, {showsExamples: true})
    }
  }
}
