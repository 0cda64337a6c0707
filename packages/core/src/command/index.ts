/**
 * AzCommand: the base of every azx command, core or third-party.
 *
 * A command implements `run()`: it parses its flags, calls a service and returns data. AzCommand
 * owns everything around that: the global flags, logging, turning the returned value into output
 * (`--output`, `--query`), and turning errors into az's messages and exit codes.
 */
import {Command} from '@oclif/core/command'
import type {Interfaces} from '@oclif/core'

import {fromRestError} from '../azure-sdk/rest-error.js'
import {ExitCode, isAzError, usageHelpLines, UsageError} from '../errors/index.js'
import {isSystemError, systemErrorReason} from '../errors/system-errors.js'
import type {AzError} from '../errors/index.js'
import {QUERY_REFERENCE, usageExampleLines} from '../errors/suggest.js'
import type {UsageExample} from '../errors/suggest.js'
import {globalFlags} from '../flags/index.js'
import {configureLogging, isSecretFlag, log, MASK, terminalColor} from '../logger/index.js'
import type {Logger} from '../logger/index.js'
import type {CompiledQuery, OutputFormat, TableTransformer} from '../output/index.js'
import {service} from '../registry/index.js'
import {flagSpellings, maskSecretValues, readCommandLine} from './command-line.js'
import type {FlagShape, FlagShapes} from './command-line.js'
import {toUsageError} from './parse-errors.js'
import {resolveSubscriptionContext} from './subscription-context.js'
import type {SubscriptionContext} from './subscription-context.js'

export {flagSpelling} from './command-line.js'

/** The flags of a command class, including the global ones. */
export type AzFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof AzCommand)['baseFlags'] & T['flags']>
/** The arguments of a command class. */
export type AzArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

interface GlobalFlagValues {
  debug?: boolean
  'only-show-errors'?: boolean
  output?: OutputFormat
  query?: CompiledQuery
  subscription?: string
  verbose?: boolean
}

/**
 * Marks AzCommand and its subclasses, from any copy of @azx/core: azx starts such a command without
 * loading oclif's configuration (its runner hands it one made from the command index), as every
 * AzCommand uses the configuration only for what that one answers.
 */
const QUICK_START: unique symbol = Symbol.for('azx.core.command.quick-start.v1')

/**
 * The base class of every az command. `T` is what `run()` returns; AzCommand prints it in the
 * format `--output` (or `core.output`, env `AZURE_CORE_OUTPUT`) asks for, after `--query`.
 */
export abstract class AzCommand<T = unknown> extends Command {
  static override baseFlags = globalFlags
  static readonly [QUICK_START] = true

  /**
   * The command's own table view, used for `-o table` when no `--query` is given (az's
   * table_transformer). Without one, az's automatic table is used.
   */
  static tableTransformer?: TableTransformer

  private globals: GlobalFlagValues = {}
  private configuredLogger: Logger | undefined
  /** The words after the command's name as typed (oclif replaces `argv` with the words it parsed). */
  private typed: readonly string[] = []

  /** The process-wide logger, set up from this command's flags and settings. */
  protected get logger(): Logger {
    return this.configuredLogger ?? log()
  }

  /**
   * Runs the command: the subclass's `run()`, then output. Errors become az's messages and exit
   * codes here, so subclasses throw AzError subclasses and never print errors themselves.
   */
  public override async _run<R>(): Promise<R> {
    let result: T | undefined
    // What failed, for a subclass's `finally()`, as oclif hands it over.
    let failed: Error | undefined
    try {
      await this.init()
      result = await this.run()
      await this.emit(result)
      failed = this.failureOf(result)
      if (failed) await this.catch(failed)
    } catch (error) {
      failed = error as Error
      await this.catch(failed)
    } finally {
      await this.finally(failed)
    }

    return result as R
  }

  /** Prints an error as az does and sets az's exit code; the process then ends normally. */
  protected override async catch(error: Error & {code?: unknown; exitCode?: number; oclif?: {exit?: number}}): Promise<void> {
    const azError = this.toAzError(error)
    if (azError) {
      const advice =
        azError.exitCode === ExitCode.UsageError && azError.recommendations.length === 0 ? this.usageLines(azError) : azError.recommendations
      this.logger.error(azError.message, advice)
      process.exitCode = azError.exitCode
      return
    }

    // `this.exit()`: oclif's ExitError, known by its code, as a bundler may rename the class.
    if (error.code === 'EEXIT') {
      process.exitCode = error.oclif?.exit ?? ExitCode.CommandError
      return
    }

    // A file or directory the OS refused (the store names its own; this is for the rest): which, and why.
    if (isSystemError(error)) {
      const subject = error.path ? ` '${error.path}'` : ''
      this.logger.error(`Could not ${error.syscall ?? 'access'}${subject}: ${systemErrorReason(error)}.`)
      if (this.logger.debugEnabled) this.logger.raw(error.stack ?? '')
      process.exitCode = ExitCode.CommandError
      return
    }

    // Anything else is a bug in azx or a plugin: say so, with the stack under --debug.
    this.logger.error(`The command failed with an unexpected error: ${error.message}`)
    if (this.logger.debugEnabled) this.logger.raw(error.stack ?? '')
    else this.logger.raw('Run the command again with --debug to see where it failed.')
    process.exitCode = ExitCode.CommandError
  }

  protected override async init(): Promise<void> {
    await super.init()
    this.typed = [...this.argv]
    // az reads the logging flags from the raw command line, so they apply even when parsing fails.
    const argv = new Set(this.argv.slice(0, this.argv.includes('--') ? this.argv.indexOf('--') : undefined))
    const settings = await service('settings')
    const debug = argv.has('--debug')
    const verbose = argv.has('--verbose')
    const onlyErrors = argv.has('--only-show-errors') || settings.getBoolean('core', 'only_show_errors', false)
    this.configuredLogger = configureLogging({color: terminalColor(settings), debug, onlyErrors: onlyErrors && !debug && !verbose, verbose})
    if (argv.has('--only-show-errors') && (debug || verbose)) {
      throw new UsageError("--only-show-errors can't be used together with --debug or --verbose")
    }

    // The whole command line, as az logs it, but with the values of secret flags (`-p`, `--federated-token`) masked.
    this.logger.debug('cli', () => {
      const command = this.constructor as typeof Command
      const words = maskSecretValues(this.argv, {...command.baseFlags, ...command.flags} as FlagShapes, isSecretFlag, MASK)
      return `Command arguments: ${JSON.stringify([...(this.id?.split(':') ?? []), ...words])}`
    })
  }

  /**
   * Parses the command line as az reads it (see readCommandLine: prefixes, the last of a repeated
   * flag, az's errors), then with oclif's flag parsers; the global flags are kept for output.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- oclif's own FlagOutput/ArgOutput, which it does not export
  protected override async parse<F extends Record<string, any>, B extends Record<string, any>, A extends Record<string, any>>(
    options: Interfaces.Input<F, B, A> = this.constructor as Interfaces.Input<F, B, A>,
    argv: string[] = this.argv,
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const flags = {...options.baseFlags, ...options.flags} as Record<string, FlagShape>
    const args = Object.values(options.args ?? {})
    const line = readCommandLine(argv, flags, options.strict === false || args.some((arg) => arg.multiple) ? Number.POSITIVE_INFINITY : args.length)
    if (line.help) await this.showHelpAndExit()
    // The values a later one replaced are still checked, as az checks each (`-o xml -o json` is an error).
    for (const {name, value} of line.superseded) {
      const flag = flags[name] as FlagShape & {parse?: (input: string, context: unknown, options: unknown) => Promise<unknown>}
      await flag.parse?.(value, this, {...flag, name})
    }

    // The line names every flag by its long name: without short names and aliases, oclif cannot take a value (`-p=-tsecret`) for a flag.
    const longNamesOnly = Object.fromEntries(
      Object.entries(flags).map(([name, flag]) => [name, {...flag, aliases: undefined, char: undefined, charAliases: undefined}]),
    )
    const parsed = await super.parse({...options, baseFlags: {}, flags: longNamesOnly} as Interfaces.Input<F, B, A>, line.argv)
    // az's top-level parser reports these once the command's own parser was content with the rest.
    if (line.unrecognized.length > 0) throw new UsageError(`unrecognized arguments: ${line.unrecognized.join(' ')}`)
    this.globals = parsed.flags as GlobalFlagValues
    return parsed
  }

  /**
   * The subscription the command acts on, for Azure SDK clients: `idOrName` when given, else the
   * value of `--subscription` (declare `subscription: subscriptionFlag` and call `this.parse()`
   * first), else the default subscription. See {@link resolveSubscriptionContext} for its errors.
   */
  protected subscriptionContext(idOrName?: string): Promise<SubscriptionContext> {
    return resolveSubscriptionContext(idOrName ?? this.globals.subscription)
  }

  /** A warning as az prints it (`WARNING: ` or yellow), unless `--only-show-errors`. */
  public override warn(input: Error | string): Error | string {
    this.logger.warning(typeof input === 'string' ? input : input.message)
    return input
  }

  /** The subclass's work: parse, call a service, return the data to print (or undefined for none). */
  public abstract override run(): Promise<T>

  /**
   * The error a printed result stands for, if any: a command whose output is worth printing even
   * when it failed (`az account status` lists every check, then exits 1 if one failed) returns it
   * here; AzCommand prints it after the output and exits with its code.
   */
  protected failureOf(_result: T): AzError | undefined {
    return undefined
  }

  /** Renders `result` in the chosen format on stdout; az prints nothing for no result. */
  protected async emit(result: T | undefined): Promise<void> {
    if (result === undefined) return
    const [{resultText}, settings] = await Promise.all([import('../output/result-text.js'), service('settings')])
    const text = await resultText(result, {
      color: () => this.logger.colorEnabled,
      configuredFormat: () => settings.get('core', 'output'),
      format: this.globals.output,
      query: this.globals.query,
      tableTransformer: (this.constructor as typeof AzCommand).tableTransformer,
    })
    if (text) process.stdout.write(text)
  }

  /** `--he`, a prefix of `--help`: the command's help, as oclif shows it for `--help`. */
  private async showHelpAndExit(): Promise<never> {
    const {loadHelpClass} = await import('@oclif/core/help')
    const Help = await loadHelpClass(this.config)
    await new Help(this.config).showHelp([this.id ?? '', '--help'])
    return this.exit(0)
  }

  /**
   * The lines below a usage error that has no advice of its own, as az prints them: for an error of
   * the command's parser, the `--query` reference when the message names `--query`, else the
   * command's examples that fit the line best; for any other, the reference lines alone.
   */
  private usageLines(error: AzError): string[] {
    if (!(error as UsageError).showsExamples) return usageHelpLines()
    if (error.message.includes('--query')) return [QUERY_REFERENCE]
    const command = this.constructor as typeof Command
    const flags: FlagShapes = {...command.baseFlags, ...command.flags} as FlagShapes
    // az's recommender knows a flag by its longest spelling, and the global flags by their own.
    const standard = new Map<string, string>([
      ['-h', '--help'],
      ['--help', '--help'],
    ])
    for (const [name, flag] of Object.entries(flags)) {
      const spellings = flagSpellings(name, flag)
      const longest = spellings.reduce((a, b) => (b.length > a.length ? b : a))
      for (const spelling of spellings) standard.set(spelling, longest)
    }

    const id = (this.id ?? '').replaceAll(':', ' ')
    const examples = (command.examples ?? []).flatMap((example): UsageExample[] =>
      typeof example === 'string' ? [] : [{command: example.command.replaceAll('<%= config.bin %>', 'az'), description: example.description}],
    )
    return usageExampleLines(id, examples, this.typed, (name) => standard.get(name))
  }

  private toAzError(error: Error): AzError | undefined {
    if (isAzError(error)) return error
    // Azure SDK clients throw RestError; az reports those as `(Code) Message` with exit 3 for a 404.
    return fromRestError(error) ?? toUsageError(error, this.constructor as typeof Command)
  }
}
