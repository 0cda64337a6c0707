/**
 * A user plugin that cannot be loaded (its package is gone or broken, a module it imports is
 * missing): oclif reports it on every command as a multi-line Node warning (`ModuleLoadError`,
 * module, task, plugin, root, code, message…), and as a multi-line error when its own command runs.
 * azx says it in one line instead, naming the plugin and how to remove it, once per command, and
 * the command goes on.
 *
 * oclif emits these warnings while it loads its configuration, before any hook could run, so
 * bin/run.js installs the filter first; it costs nothing until a warning comes.
 */
import {sep} from 'node:path'

import {userPluginRoots} from './plugin-inventory.js'

/** What oclif adds to the warnings it emits for plugins (`module: @oclif/core@4.14.0`). */
const OCLIF_WARNING = /^module: @oclif\/core@/m

/**
 * Replaces oclif's warnings about plugins that cannot be loaded with one `WARNING:` line per plugin
 * (none with `--only-show-errors`). `root` is the host's directory; other warnings pass unchanged.
 */
export function reportPluginLoadFailures(root: string, argv: readonly string[] = process.argv.slice(2)): void {
  const original = process.emitWarning
  const reported = new Set<string>()
  const quiet = argv.includes('--only-show-errors')
  process.emitWarning = function (this: NodeJS.Process, warning: Error | string, ...rest: unknown[]) {
    const failure = pluginFailure(root, warning, rest[0])
    if (!failure) return (original as (...args: unknown[]) => void).call(this, warning, ...rest)
    if (quiet || reported.has(failure.plugin)) return
    reported.add(failure.plugin)
    process.stderr.write(`WARNING: ${describeFailure(failure)}; its commands are unavailable. To remove it: az plugins uninstall ${failure.plugin}\n`)
  } as typeof process.emitWarning
}

/**
 * The line for an error thrown when a command of a user plugin cannot be loaded, or undefined when
 * `error` is not that (oclif prints it then).
 */
export function commandLoadFailure(root: string, error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'ModuleLoadError') return undefined
  const plugin = userPluginRoots(root).find((candidate) => error.message.includes(`${candidate.root}${sep}`))
  if (!plugin) return undefined
  return `ERROR: ${describeFailure({plugin: plugin.name, reason: error.message})}. To remove it: az plugins uninstall ${plugin.name}\n`
}

interface Failure {
  plugin: string
  reason: string
}

/** The plugin and the reason of an oclif plugin warning, or undefined for any other warning. */
function pluginFailure(root: string, warning: unknown, options: unknown): Failure | undefined {
  // oclif passes the error itself, or its name with the error as the options (type, code, detail).
  const error = (warning instanceof Error ? warning : options) as {detail?: unknown; message?: unknown} | undefined
  const detail = typeof error?.detail === 'string' ? error.detail : ''
  if (!OCLIF_WARNING.test(detail)) return undefined
  const reason = /^message: (.*)$/m.exec(detail)?.[1] ?? String(error?.message ?? '')
  const named = /^plugin: (.*)$/m.exec(detail)?.[1]
  const plugins = userPluginRoots(root)
  // A plugin oclif could not even read is reported under the host's name; its own name is in the message.
  const plugin =
    plugins.find((candidate) => candidate.name === named) ??
    plugins.find((candidate) => reason.includes(`'${candidate.name}'`) || reason.includes(candidate.root))
  return plugin ? {plugin: plugin.name, reason} : undefined
}

/** "The plugin X cannot be loaded (why)", the why in a few words. */
function describeFailure({plugin, reason}: Failure): string {
  let why = reason.split('\n')[0]
  const loading = /failed to load \S+: (.*)$/.exec(why)
  if (loading) why = loading[1].replace(/ imported from \S+$/, '')
  else if (why.startsWith('could not find package.json')) why = 'its package.json is missing or cannot be read'
  return `The plugin ${plugin} cannot be loaded (${why})`
}
