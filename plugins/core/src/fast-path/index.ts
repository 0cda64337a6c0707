/**
 * @azx/core/fast-path: a few hot commands (`az account get-access-token`, `az account show`,
 * `az version`) answered without loading oclif, through the same services, flag definitions and
 * output as their oclif commands. bin/run.js tries it before oclif starts. It declines whenever it cannot be sure to
 * print what the command would: an unusual command line, `--help`, `--debug` or `--verbose`, a
 * command that returns undefined (a token that needs MSAL), or any error. The command then runs
 * through oclif as usual and prints whatever az would, so the fast path never reports an error itself.
 *
 * Environment variable `AZX_FAST_PATH=0` turns it off (to compare, or to rule it out).
 */
import {readFileSync, writeSync} from 'node:fs'

import {terminalColor} from '../logger/index.js'
import type {OutputFormat, TableTransformer} from '../output/formats.js'
import {service} from '../registry/index.js'
import {parseFlags} from './flag-parser.js'
import type {ManifestFlag, ParsedFlags} from './flag-parser.js'

export type {ManifestFlag, ParsedFlags} from './flag-parser.js'
export {cachedTokenForAccount, RENEWAL_MARGIN_SECONDS} from '../credential/cached-token.js'
export type {CachedTokenRequest} from '../credential/cached-token.js'

/** What a fast command answers: data, printed as AzCommand prints a result, or text printed as it is. */
export type FastResult = {data: unknown} | {text: string}

export interface FastCommand {
  /** The command's answer from its parsed flags (global flags removed), or undefined to decline. */
  run(flags: ParsedFlags): Promise<FastResult | undefined>
  /** The command's table view, when it has one (AzCommand's `tableTransformer`). */
  tableTransformer?: TableTransformer
}

/** The fast commands of one plugin. */
export interface FastCommands {
  /** The plugin's `oclif.manifest.json`, whose flag definitions are the commands' own. */
  manifest: URL
  /** By oclif command ID (`account:get-access-token`). */
  commands: Readonly<Record<string, FastCommand>>
}

/** Flags the fast path leaves to oclif: they change what is logged. */
const DECLINED_FLAGS = ['debug', 'verbose']

/**
 * Runs the command `id` with `argv` (the words after the command's own) if it can; true when it
 * printed the command's output, false when oclif must run the command.
 */
export async function runFastPath(id: string, argv: readonly string[], fast: FastCommands, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const command = fast.commands[id]
  if (!command || env.AZX_FAST_PATH === '0') return false
  let text: string | undefined
  try {
    text = await answerText(id, argv, fast.manifest, command)
  } catch {
    // oclif runs the command again and reports the error as az would.
    return false
  }

  if (text === undefined) return false
  // Printed outside the try: once output has started, the command must not run a second time.
  writeStdout(text)
  return true
}

/** The text the command prints for `argv`, or undefined when oclif must run it. */
async function answerText(id: string, argv: readonly string[], manifestUrl: URL, command: FastCommand): Promise<string | undefined> {
  const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as {commands: Record<string, {flags: Record<string, ManifestFlag>; args?: object}>}
  const definition = manifest.commands[id]
  if (!definition || Object.keys(definition.args ?? {}).length > 0) return undefined
  const flags = parseFlags(argv, definition.flags)
  if (!flags || DECLINED_FLAGS.some((name) => flags[name])) return undefined
  const {output, query, 'only-show-errors': _onlyErrors, ...own} = flags
  const [answer, settings, compiled] = await Promise.all([command.run(own), service('settings'), compile(query)])
  if (answer === undefined || 'text' in answer) return answer?.text
  const {resultText} = await import('../output/result-text.js')
  const format = output as OutputFormat | undefined
  return resultText(answer.data, {color: () => terminalColor(settings), configuredFormat: () => settings.get('core', 'output'), format, query: compiled, tableTransformer: command.tableTransformer})
}

/**
 * Writes straight to file descriptor 1: `process.stdout` is a stream Node builds on first use, with
 * node:stream and node:net behind it, a tenth of the fast path's time. What a non-blocking
 * descriptor does not take at once goes through the stream after all. (Windows: the stream.)
 */
function writeStdout(text: string): void {
  if (!text) return
  if (process.platform === 'win32') {
    process.stdout.write(text)
    return
  }

  const bytes = Buffer.from(text)
  let written = 0
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written)
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    // A reader that went away (`| head -c 10`) wants no more.
    if (code === 'EPIPE') return
    if (code !== 'EAGAIN') throw error
    process.stdout.write(bytes.subarray(written))
  }
}

async function compile(query: ParsedFlags[string] | undefined) {
  if (typeof query !== 'string') return undefined
  const {compileQuery} = await import('../output/query.js')
  return compileQuery(query)
}
