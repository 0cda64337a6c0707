/**
 * How every `az` command line starts: bin/run.js calls the runner first, and oclif's own start
 * (loading every plugin, then the command) only when the runner declines.
 *
 * The runner does what oclif's `run` does, from the command index (src/command-index) instead of
 * loaded plugins: it reads the command line as oclif reads it (with oclif's own functions), then
 * runs the command, its help, or the host's unknown-command hook. The command's class comes from
 * its plugin's bundle (src/plugin-bundles) with a V8 code cache, through the command's pack of the
 * files it loads (load.ts), and gets a configuration made from the index (config.ts). So a command
 * loads one index and one pack, whichever plugin it belongs to, the user's included.
 *
 * It declines, and oclif starts as before, before anything is printed, whenever it cannot be sure
 * to do what oclif would: `AZX_QUICK_START=0`, no index or one older than the files it was made
 * from (returned as 'stale', so the caller rebuilds it), a plugin oclif could not load, a plugin
 * with start-up hooks, oclif's debug output (`DEBUG`), a theme, a command that is not an AzCommand
 * (oclif's own plugin commands), or a command whose module or bundle fails to load.
 */
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {pathToFileURL} from 'node:url'

import type {Command, Interfaces} from '@oclif/core'

import {HOST_INDEX, INDEX_FILE, oclifDirs, readIndexFile, scopedEnvVar, unchanged, withRoot} from '../command-index/index.js'
import type {CommandIndex, HostPackage, IndexedCommand, IndexedPlugin} from '../command-index/index.js'
import {BUNDLE_MANIFEST} from '../plugin-bundles/manifest.js'
import type {BundleManifest} from '../plugin-bundles/manifest.js'
import {IndexedConfig} from './config.js'
import {BundleLoader} from './load.js'

/** `answered`: the runner ran the command line. `declined`: oclif must. `stale`: oclif must, and the index wants rebuilding. */
export type Outcome = 'answered' | 'declined' | 'stale'

/** Hooks oclif runs on every command line: a plugin that has one starts through oclif. */
const START_HOOKS = ['init', 'prerun', 'postrun', 'finally', 'preparse']

/** Runs `argv` (the words after `az`) for the host at `root`, unless it declines. */
export async function runCommandLine(root: string, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  if (env.AZX_QUICK_START === '0' || process.platform === 'win32') return 'declined'
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as HostPackage
  // oclif's debug output comes from its start, which the runner skips.
  if (env.DEBUG || scopedEnvVar(pjson, 'DEBUG', env)) return 'declined'
  const dirs = oclifDirs(pjson, process.platform, env)
  const found = findIndex(root, dirs.dataDir, dirs.cacheDir)
  if (typeof found === 'string') return found
  const {index, indexDir} = found
  if (!usable(index, pjson, dirs.configDir, env)) return 'declined'

  const loader = new BundleLoader(join(dirs.cacheDir, 'code-cache'))
  const bundles = new Bundles(loader)
  const config = new IndexedConfig(index, pjson, indexDir, (command) => loadCommandClass(command, index, bundles), dirs)
  const host = index.plugins.find((plugin) => plugin.isRoot)
  if (!host?.bundle) return 'declined'
  let route: Route
  try {
    route = routeOf(config, index, bundles.oclifModule(host, 'command-line') as OclifCommandLine, [...argv])
  } catch {
    return 'declined'
  }

  if (route.kind === 'declined') return 'declined'
  // A command's modules come from its pack (load.ts), the files read before (the command line's reading) excepted.
  if (route.kind === 'command') loader.usePack(`command.${route.id}`)
  let run: () => Promise<unknown>
  try {
    run = await prepare(route, config, index, bundles, host)
  } catch {
    // Nothing was printed: oclif loads it again and reports what is wrong.
    forgetProcessState()
    return 'declined'
  }

  try {
    await run()
  } catch (error) {
    // What oclif's own start does with an error that escapes a command (bin/run.js).
    await (config.hostRequire('@oclif/core/handle') as typeof import('@oclif/core/handle')).handle(error as Error)
  }

  return 'answered'
}

type Route =
  {kind: 'command'; id: string; argv: string[]} | {kind: 'help'; argv: string[]} | {kind: 'unknown'; id: string; argv: string[]} | {kind: 'declined'}

/** oclif's functions that read the command line (its lib/help/util.js, in the host's bundle). */
interface OclifCommandLine {
  getHelpFlagAdditions(config: Interfaces.Config): string[]
  normalizeArgv(config: Interfaces.Config, argv: string[]): string[]
}

/** What oclif's `run` would do with the command line (main.js: version, help, a command, a topic, the not-found hook). */
function routeOf(config: IndexedConfig, index: CommandIndex, oclif: OclifCommandLine, argv: string[]): Route {
  const versionFlags = ['--version', ...((config.pjson.oclif.additionalVersionFlags as string[] | undefined) ?? [])]
  if (versionFlags.includes(argv[0])) return {kind: 'declined'}
  if (helpAsked(config, oclif, argv)) return {argv, kind: 'help'}
  const [id, ...rest] = oclif.normalizeArgv(config as unknown as Interfaces.Config, argv)
  const command = index.commands[id] ?? index.commands[index.permutations[id]]
  if (command)
    return command.quick ? {argv: rest, id: command === index.commands[id] ? id : index.permutations[id], kind: 'command'} : {kind: 'declined'}
  if (config.findTopic(id)) return {argv: [id], kind: 'help'}
  return {argv: rest, id, kind: 'unknown'}
}

/** oclif's helpAddition: no words at all, or a help flag before `--`. */
function helpAsked(config: IndexedConfig, oclif: OclifCommandLine, argv: readonly string[]): boolean {
  if (argv.length === 0 && !config.isSingleCommandCLI) return true
  const helpFlags = oclif.getHelpFlagAdditions(config as unknown as Interfaces.Config)
  for (const arg of argv) {
    if (helpFlags.includes(arg)) return true
    if (arg === '--') return false
  }

  return false
}

/** Loads what the route runs (may throw: then nothing was printed yet), and returns the run. */
async function prepare(
  route: Exclude<Route, {kind: 'declined'}>,
  config: IndexedConfig,
  index: CommandIndex,
  bundles: Bundles,
  host: IndexedPlugin,
): Promise<() => Promise<unknown>> {
  // The host's copy of @azx/core registers its services first, as on oclif's path, so every plugin's copy shares them.
  const registry = bundles.module(host, 'registry') as {registerHostServices?: () => Promise<void>}
  await registry.registerHostServices?.()
  primeOclifCache(bundles.oclifCache(host), config)
  switch (route.kind) {
    case 'command': {
      const commandClass = await config.loadCommandClass(route.id)
      const command = index.commands[route.id]
      primeOclifCache(oclifCacheOf(command, index, bundles), config)
      // As oclif's Command.run does once it has a configuration.
      const Concrete = commandClass as unknown as new (argv: string[], config: Interfaces.Config) => {_run(): Promise<unknown>}
      return () => new Concrete(route.argv, config as unknown as Interfaces.Config)._run()
    }

    case 'help': {
      const exports = bundles.module(host, 'help') as {default?: unknown}
      const Help = (exports.default ?? exports) as new (config: unknown, options: unknown) => {showHelp(argv: string[]): Promise<void>}
      const options = config.pjson.oclif.helpOptions ?? (config.pjson as {helpOptions?: unknown}).helpOptions
      return () => new Help(config, options).showHelp(route.argv)
    }

    case 'unknown': {
      const hooks = (host.hooks.command_not_found ?? []).map((hook, position) => ({
        hook,
        module: bundles.module(host, `hook:command_not_found:${position}`),
      }))
      if (hooks.length === 0 || index.plugins.some((plugin) => !plugin.isRoot && (plugin.hooks.command_not_found ?? []).length > 0))
        throw new Error('declined')
      return () => runNotFoundHooks(hooks, config, route.id, route.argv)
    }
  }
}

/** The host's command_not_found hooks, called as oclif's runHook calls them. */
async function runNotFoundHooks(
  hooks: {hook: {identifier: string}; module: unknown}[],
  config: IndexedConfig,
  id: string,
  argv: string[],
): Promise<void> {
  const errors = () => config.hostRequire('@oclif/core/errors') as typeof import('@oclif/core/errors')
  const context = {
    config,
    debug() {},
    error: (message: string, options?: object) => errors().error(message, options as never),
    exit: (code = 0) => errors().exit(code),
    log: (message: string, ...args: unknown[]) => process.stdout.write(`${[message, ...args].join(' ')}\n`),
    warn: (message: string) => errors().warn(message),
  }
  for (const {hook, module} of hooks) {
    const exports = module as Record<string, unknown>
    const hookFunction = (exports[hook.identifier] ??
      (hook.identifier === 'default' ? Object.values(exports).find((value) => typeof value === 'function') : undefined)) as
      ((this: unknown, options: unknown) => Promise<unknown>) | undefined
    await hookFunction?.call(context, {argv, config, context, id})
  }
}

/**
 * The index for this host and user: the user's (in the cache dir) when the data dir has a
 * package.json (user plugins), else the host's, which the build makes (none: 'declined').
 */
function findIndex(root: string, dataDir: string, cacheDir: string): {index: CommandIndex; indexDir: string} | 'declined' | 'stale' {
  if (!existsSync(join(dataDir, 'package.json'))) {
    const index = readIndexFile<CommandIndex>(join(root, HOST_INDEX))
    return index ? {index: withRoot(index, root), indexDir: join(root, 'dist')} : 'declined'
  }

  const index = readIndexFile<CommandIndex>(join(cacheDir, INDEX_FILE))
  if (!index || index.root !== root || !index.stamps.every((stamp) => unchanged(stamp))) return 'stale'
  // Paths inside the host's root are relative to it, as in the host's index.
  return {index: withRoot(index, root), indexDir: cacheDir}
}

/** False when oclif's start would do more than the runner does: see the module comment. */
function usable(index: CommandIndex, pjson: HostPackage, configDir: string, env: NodeJS.ProcessEnv): boolean {
  if (index.pluginFailures.length > 0) return false
  if (index.plugins.some((plugin) => START_HOOKS.some((event) => (plugin.hooks[event] ?? []).length > 0))) return false
  if (pjson.oclif.flexibleTaxonomy || pjson.oclif.jitPlugins) return false
  const themed = pjson.oclif.theme !== undefined || existsSync(join(configDir, 'theme.json'))
  return !themed || ['1', 'true'].includes(scopedEnvVar(pjson, 'DISABLE_THEME', env) ?? '')
}

/** A command's class: from its plugin's bundle when it has one that is not older than the module, else from the module itself. */
async function loadCommandClass(command: IndexedCommand, index: CommandIndex, bundles: Bundles): Promise<Command.Class> {
  const plugin = index.plugins.find((candidate) => candidate.name === command.plugin)!
  const bundled = plugin.bundle && command.bundleFile && (!command.moduleStamp || unchanged(command.moduleStamp))
  const exports = (bundled ? bundles.file(plugin, command.bundleFile!) : await import(pathToFileURL(command.module).href)) as Record<string, unknown>
  const found = command.identifier ? (exports[command.identifier] as Record<string, unknown> | undefined)?.[command.id] : commandClassIn(exports)
  if (typeof (found as {run?: unknown} | undefined)?.run !== 'function') throw new Error(`No command class in ${command.module}`)
  return found as Command.Class
}

/** oclif's search for the command class in a module: the module, its default export, or any export with `run`. */
function commandClassIn(exports: Record<string, unknown>): unknown {
  if (typeof exports.run === 'function') return exports
  if (typeof (exports.default as {run?: unknown} | undefined)?.run === 'function') return exports.default
  return Object.values(exports).find((value) => typeof (value as {run?: unknown} | undefined)?.run === 'function')
}

/** The bundles of the index's plugins, read as the runner needs their files. */
class Bundles {
  private readonly manifests = new Map<string, BundleManifest>()

  constructor(private readonly loader: BundleLoader) {}

  file(plugin: IndexedPlugin, file: string): unknown {
    return this.loader.require(join(plugin.bundle!, file), plugin.bundle!)
  }

  module(plugin: IndexedPlugin, name: string): unknown {
    const file = this.manifest(plugin).modules[name]
    if (!file) throw new Error(`The bundle of ${plugin.name} has no ${name}`)
    return this.file(plugin, file)
  }

  /** A module of @oclif/core in the bundle, by name: its own exports (the file's default export). */
  oclifModule(plugin: IndexedPlugin, name: string): unknown {
    return (this.module(plugin, name) as {default: unknown}).default
  }

  /** The cache module of the plugin's copy of @oclif/core in its bundle, if it has one. */
  oclifCache(plugin: IndexedPlugin): OclifCacheModule | undefined {
    const file = this.manifest(plugin).oclifCaches[plugin.name]
    return file ? (this.file(plugin, file) as OclifCacheModule) : undefined
  }

  private manifest(plugin: IndexedPlugin): BundleManifest {
    let manifest = this.manifests.get(plugin.bundle!)
    if (!manifest) {
      manifest = JSON.parse(readFileSync(join(plugin.bundle!, BUNDLE_MANIFEST), 'utf8')) as BundleManifest
      this.manifests.set(plugin.bundle!, manifest)
    }

    return manifest
  }
}

/** oclif's cache module (lib/cache.js); in a bundle, with its exports as the default export of an ES module. */
interface OclifCacheModule {
  default?: unknown
  getInstance?: () => Map<string, unknown>
}

/** The cache of the copy of @oclif/core the command uses: its bundle's, or the one its plugin resolves. */
function oclifCacheOf(command: IndexedCommand, index: CommandIndex, bundles: Bundles): OclifCacheModule | undefined {
  const plugin = index.plugins.find((candidate) => candidate.name === command.plugin)!
  if (plugin.bundle && command.bundleFile) return bundles.oclifCache(plugin)
  try {
    const require = createRequire(join(plugin.root, 'package.json'))
    return require(join(dirname(require.resolve('@oclif/core/package.json')), 'lib', 'cache.js')) as OclifCacheModule
  } catch {
    return undefined
  }
}

/** What oclif's start puts in its cache (exit codes, the root plugin, the configuration), which its parser and errors read. */
function primeOclifCache(module: OclifCacheModule | undefined, config: IndexedConfig): void {
  let Cache = module
  while (Cache && typeof Cache.getInstance !== 'function') Cache = Cache.default as OclifCacheModule | undefined
  if (!Cache) return
  const cache = Cache.getInstance!()
  cache.set('rootPlugin', config.plugins.get(config.name))
  cache.set('exitCodes', config.pjson.oclif.exitCodes ?? {})
  if (!cache.has('config')) cache.set('config', config)
}

/**
 * Forgets what a declined start left in the process (the registry and logger of @azx/core live on
 * `globalThis`), so that oclif's start sets them up as if the runner had not been there.
 */
function forgetProcessState(): void {
  const store = globalThis as unknown as Record<symbol, unknown>
  for (const key of ['azx.core.services.v1', 'azx.core.logger.v1']) delete store[Symbol.for(key)]
}
