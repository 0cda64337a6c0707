/**
 * The error types every azx command throws. Each carries the exit code az uses for it, the message
 * az prints after `ERROR: `, and the recommendation lines az prints below it without a prefix.
 *
 * Plugins may bundle their own copy of @azx/core, so `instanceof` is unreliable across copies:
 * {@link isAzError} recognises an error by its brand instead.
 */

const BRAND = Symbol.for('azx.core.error.v1')

/** Exit codes, as az uses them. */
export const ExitCode = {
  /** A command failed (CLIError in az), including Ctrl-C. */
  CommandError: 1,
  /** The command line was wrong: unknown command or flag, bad value, missing argument, bad --query. */
  UsageError: 2,
  /** A resource does not exist (an ARM 404). */
  NotFound: 3,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export interface AzErrorOptions {
  /** Lines printed after the message, without the `ERROR: ` prefix (az's recommendations). */
  recommendations?: string[]
  cause?: unknown
}

/** The base of every error azx reports to a user. Throw one of its subclasses. */
export class AzError extends Error {
  readonly [BRAND] = true
  readonly exitCode: ExitCodeValue
  readonly recommendations: string[]

  constructor(message: string, exitCode: ExitCodeValue, options: AzErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    // oclif prefixes errors thrown by flag parsers with its own text; az prints the message alone.
    Object.defineProperty(this, 'message', {configurable: true, enumerable: false, get: () => message, set() {}})
    this.name = new.target.name
    this.exitCode = exitCode
    this.recommendations = options.recommendations ?? []
  }
}

/** A command failed (exit 1): not signed in, a sign-in was refused, a file could not be written. */
export class CommandError extends AzError {
  constructor(message: string, options?: AzErrorOptions) {
    super(message, ExitCode.CommandError, options)
  }
}

export interface UsageErrorOptions extends AzErrorOptions {
  /**
   * The error is one az's parser raises while reading the command's own arguments (a flag without
   * its value, a value it refuses, a missing required argument, an ambiguous prefix): az prints the
   * command's examples below it. Other usage errors get only the reference lines.
   */
  showsExamples?: boolean
}

/** The command line was wrong (exit 2). */
export class UsageError extends AzError {
  readonly showsExamples: boolean

  constructor(message: string, options: UsageErrorOptions = {}) {
    super(message, ExitCode.UsageError, options)
    this.showsExamples = options.showsExamples ?? false
  }
}

/** Something the user named does not exist (exit 3). */
export class NotFoundError extends AzError {
  constructor(message: string, options?: AzErrorOptions) {
    super(message, ExitCode.NotFound, options)
  }
}

/** True for an AzError from any copy of @azx/core. */
export function isAzError(error: unknown): error is AzError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true
}

export {closestWord, usageHelpLines} from './suggest.js'
