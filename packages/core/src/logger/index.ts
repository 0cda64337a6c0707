/**
 * az's logging on stderr: `WARNING: `, `ERROR: `, `INFO: ` (`--verbose`) and `DEBUG: ` (`--debug`)
 * lines, or, when colour is on, coloured messages without the level names (as knack prints them).
 *
 * One logger per process, shared by every copy of @azx/core through `globalThis`, so a service deep
 * in the library logs with the levels the running command set up.
 */
import {redact} from './redact.js'

export {isSecretFlag, MASK, redact, SECRET_JSON_FIELDS, SECRET_PARAMETERS} from './redact.js'

export type LogLevel = 'debug' | 'error' | 'info' | 'warning'

export interface LoggingOptions {
  /** Colour instead of level names: `core.no_color` off and both stdout and stderr are terminals. */
  color: boolean
  /** `--debug`: HTTP, MSAL and azx internals. */
  debug: boolean
  /** `--only-show-errors` or `core.only_show_errors`: no warnings. */
  onlyErrors: boolean
  /** `--verbose`: INFO lines. */
  verbose: boolean
  /** Where lines go; stderr unless a test says otherwise. */
  write?: (text: string) => void
}

const COLORS: Record<LogLevel, string> = {debug: '\u001B[36m', error: '\u001B[91m', info: '\u001B[32m', warning: '\u001B[93m'}
const RESET = '\u001B[0m'
const PREFIX: Record<LogLevel, string> = {debug: 'DEBUG: ', error: 'ERROR: ', info: 'INFO: ', warning: 'WARNING: '}

const KEY = Symbol.for('azx.core.logger.v1')

export class Logger {
  constructor(private readonly options: LoggingOptions) {}

  get colorEnabled(): boolean {
    return this.options.color
  }

  get debugEnabled(): boolean {
    return this.options.debug
  }

  /** `DEBUG: <scope>: <message>`; `message` may be a function so costly text is built only when needed. */
  debug(scope: string, message: (() => string) | string): void {
    if (!this.options.debug) return
    this.line('debug', `${scope}: ${typeof message === 'function' ? message() : message}`)
  }

  /** An error line; recommendation lines follow raw, without the prefix. */
  error(message: string, recommendations: string[] = []): void {
    this.line('error', message)
    for (const line of recommendations) this.raw(line)
  }

  info(message: string): void {
    if (this.options.verbose || this.options.debug) this.line('info', message)
  }

  /** Text written as is (the device code message, recommendations). */
  raw(text: string): void {
    this.write(`${text}\n`)
  }

  /** Text styled as a warning but without `WARNING: ` (az prints the device code message this way). */
  styled(text: string): void {
    if (this.options.onlyErrors) return
    this.write(this.options.color ? `${COLORS.warning}${text}${RESET}\n` : `${text}\n`)
  }

  warning(message: string): void {
    if (!this.options.onlyErrors) this.line('warning', message)
  }

  private line(level: LogLevel, message: string): void {
    const text = level === 'error' ? message : redact(message)
    this.write(this.options.color ? `${COLORS[level]}${text}${RESET}\n` : `${PREFIX[level]}${text}\n`)
  }

  private write(text: string): void {
    if (this.options.write) this.options.write(text)
    else process.stderr.write(text)
  }
}

const DEFAULTS: LoggingOptions = {color: false, debug: false, onlyErrors: false, verbose: false}

/** The process-wide logger. Before a command configures it, warnings and errors only. */
export function log(): Logger {
  const store = globalThis as unknown as Record<symbol, Logger | undefined>
  store[KEY] ??= new Logger(DEFAULTS)
  return store[KEY]
}

/** Whether output and messages are coloured: both streams are terminals and `core.no_color` (env AZURE_CORE_NO_COLOR) is off. */
export function terminalColor(settings: {getBoolean(section: string, key: string, fallback: boolean): boolean}): boolean {
  return !settings.getBoolean('core', 'no_color', false) && Boolean(process.stdout.isTTY) && Boolean(process.stderr.isTTY)
}

/** Replaces the process-wide logger; AzCommand calls this before a command runs. */
export function configureLogging(options: LoggingOptions): Logger {
  const logger = new Logger(options)
  ;(globalThis as unknown as Record<symbol, Logger>)[KEY] = logger
  return logger
}
