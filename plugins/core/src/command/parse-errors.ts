/**
 * oclif's parser errors, reworded as az's argparse prints them. Every one of them exits with 2.
 */
import type {Command} from '@oclif/core'

import {UsageError} from '../errors/index.js'

type FlagDefinitions = Record<string, {aliases?: string[]; char?: string; charAliases?: string[]}>

// oclif dims parts of its messages; az's text has no escape codes.
const ANSI = /\u001B\[[\d;]*m/g

/** The flag as argparse names it in "the following arguments are required": `--subscription/-s/--name/-n`. */
export function flagSpelling(name: string, flags: FlagDefinitions): string {
  const flag = flags[name]
  const names = [`--${name}`]
  if (flag?.char) names.push(`-${flag.char}`)
  for (const alias of flag?.aliases ?? []) names.push(alias.length === 1 ? `-${alias}` : `--${alias}`)
  for (const alias of flag?.charAliases ?? []) names.push(`-${alias}`)
  return names.join('/')
}

/**
 * The az-style usage error for an oclif parse error, or undefined when `error` is not one.
 * Classes are recognised by name: a plugin may load its own copy of @oclif/core.
 */
export function toUsageError(error: Error & {args?: {name: string}[]; flags?: string[]}, command: typeof Command): UsageError | undefined {
  const flags = (command.flags ?? {}) as FlagDefinitions
  switch (error.constructor.name) {
    case 'NonExistentFlagsError': {
      return new UsageError(`unrecognized arguments: ${(error.flags ?? []).join(' ')}`)
    }

    case 'UnexpectedArgsError': {
      return new UsageError(`unrecognized arguments: ${(error.args as unknown as string[]).join(' ')}`)
    }

    case 'RequiredArgsError': {
      const names = (error.args ?? []).map((arg) => arg.name.toUpperCase())
      return new UsageError(`the following arguments are required: ${names.join(', ')}`)
    }

    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError': {
      const reasons = error.message.replaceAll(ANSI, '').split('\n').slice(1).map((line) => line.trim()).filter((line) => line && !line.startsWith('See more help'))
      const missing = reasons.map((reason) => /^Missing required flag (\S+)$/.exec(reason)?.[1]).filter((name) => name !== undefined)
      if (missing.length === reasons.length) {
        return new UsageError(`the following arguments are required: ${missing.map((name) => flagSpelling(name, flags)).join(', ')}`)
      }

      return new UsageError(`usage error: ${reasons.join('; ')}`)
    }

    case 'FlagInvalidOptionError':
    case 'ArgInvalidOptionError':
    case 'CLIParseError': {
      return new UsageError(error.message.replaceAll(ANSI, ''))
    }

    default: {
      // argparse keeps the last of a repeated flag; oclif refuses it, so say plainly what to change.
      const repeated = /^Flag (--\S+) can only be specified once/.exec(error.message)
      return repeated ? new UsageError(`usage error: ${repeated[1]} was given more than once; give it once.`) : undefined
    }
  }
}
