/**
 * Builds the command index (index.ts) from oclif's own Config, and the bundles of the plugins whose
 * commands the runner starts (src/plugin-bundles).
 *
 * - `npm run build` (scripts/quick-start.mjs) writes the host's: its core plugins only, with one
 *   bundle for the host and them in dist/bundles/host, named relative to the host's root so that
 *   they move with it.
 * - With user plugins, `az plugins install|link|uninstall|update|reset` and any command that finds
 *   the index out of date write one index for everything into the cache dir, with the installed
 *   plugins' bundles beside it; the core plugins keep the host's bundle. A linked plugin's commands
 *   are left to oclif, which runs a working copy its own way (TypeScript sources, warnings).
 *
 * The runner starts a command that extends @azx/core's AzCommand (its class says so, from any copy
 * of @azx/core); oclif's own plugins' commands are left to oclif.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'

import {Config} from '@oclif/core/config'
import type {Command, Interfaces} from '@oclif/core'

import {bundlePlugin, BUNDLE_MANIFEST} from '../plugin-bundles/bundle.js'
import type {BundleManifest, BundleRequest, BundleResult} from '../plugin-bundles/bundle.js'
import {DETAILS_FILE, HOST_INDEX, INDEX_FILE, INDEX_VERSION, oclifDirs, relativeTo, stampOf} from './index.js'
import type {CommandIndex, FileStamp, HostPackage, IndexedCommand, IndexedPlugin} from './index.js'

const QUICK_START = Symbol.for('azx.core.command.quick-start.v1')

/** Each command as oclif describes it (its manifest entry), by the ID oclif finds it under. */
export interface CommandDetails {
  version: typeof INDEX_VERSION
  commands: Record<string, Command.Cached>
}

export interface BuildOptions {
  /** The host's index alone (core plugins), for dist/; otherwise the user's, with everything. */
  hostOnly: boolean
  /** Called with each bundle written. */
  onBundle?: (result: BundleResult) => void
  /** Called for a plugin that could not be bundled (its commands then load from their own files). */
  onBundleFailure?: (plugin: string, error: Error) => void
}

/** The folder of the bundle of the host and its core plugins. */
export function hostBundleDir(root: string): string {
  return join(root, 'dist', 'bundles', 'host')
}

/** Where the user's index is, for a host at `root` (undefined where oclif's cache dir is not computed here: Windows). */
export function userIndexPath(root: string, pjson: HostPackage): string | undefined {
  if (process.platform === 'win32') return undefined
  return join(oclifDirs(pjson).cacheDir, INDEX_FILE)
}

/** Builds and writes an index for the host at `root`; returns its path. */
export async function buildCommandIndex(root: string, options: BuildOptions): Promise<string> {
  const failures: string[] = []
  const config = await loadConfig(root, options.hostOnly, failures)
  const pjson = config.pjson as unknown as HostPackage
  const outfile = options.hostOnly ? join(root, HOST_INDEX) : userIndexPath(root, pjson)
  if (!outfile) throw new Error('The command index is not kept on this platform.')

  const plugins = config.getPluginsList()
  const commands: Record<string, IndexedCommand> = {}
  const details: CommandDetails['commands'] = {}
  const quickByPlugin = new Map<string, Record<string, string>>()
  for (const loadable of config.commands) {
    const {load: _load, ...cached} = loadable as Command.Loadable
    details[loadable.id] = cached as Command.Cached
    const plugin = plugins.find((candidate) => candidate.name === loadable.pluginName)!
    const command = await describeCommand(loadable, plugin)
    commands[loadable.id] = command
    if (command.quick) quickByPlugin.set(plugin.name, {...quickByPlugin.get(plugin.name), [command.id]: command.module})
  }

  const bundles = await pluginBundles(root, plugins, quickByPlugin, options, dirname(outfile))
  const indexedPlugins = plugins.map((plugin) => describePlugin(plugin, bundles.get(plugin.name)?.dir))
  for (const command of Object.values(commands)) {
    const bundle = bundles.get(command.plugin)
    const file = command.quick ? bundle?.manifest.commands[command.id] : undefined
    if (!file) continue
    command.bundleFile = file
    command.moduleStamp = stampOf(command.module)
  }

  const commandIDs = new Set(config.commandIDs)
  const permutations = Object.fromEntries(
    config
      .getAllCommandIDs()
      .filter((id) => !commandIDs.has(id))
      .map((id) => [id, config.findCommand(id)!.id]),
  )
  const index: CommandIndex = {
    commands,
    permutations,
    hostBundle: indexedPlugins.find((plugin) => plugin.isRoot)?.bundle,
    plugins: indexedPlugins,
    pluginFailures: failures,
    root,
    stamps: options.hostOnly ? [] : userStamps(root, config),
    topics: config.topics.map(({description, hidden, name}) => ({description, hidden, name})),
    version: INDEX_VERSION,
  }
  writeJson(join(dirname(outfile), DETAILS_FILE), {commands: details, version: INDEX_VERSION} satisfies CommandDetails)
  // The index last: it names the bundles and details, which are in place by then. The host's is
  // relative to the root (it travels in the package); the user's names the host it was built for.
  writeJson(outfile, options.hostOnly ? relativeTo(index, root) : index)
  if (!options.hostOnly) removeUnusedBundles(dirname(outfile), indexedPlugins)
  return outfile
}

/**
 * oclif's Config for the host, as a command's start loads it; what it warns about while loading (a
 * plugin it cannot load) goes to `failures` instead of stderr.
 */
async function loadConfig(root: string, hostOnly: boolean, failures: string[]): Promise<Config> {
  const emitWarning = process.emitWarning
  process.emitWarning = ((warning: Error | string) => {
    failures.push(typeof warning === 'string' ? warning : warning.message)
  }) as typeof process.emitWarning
  try {
    return await Config.load({root, ...(hostOnly ? {userPlugins: false} : {})})
  } finally {
    process.emitWarning = emitWarning
  }
}

/** A command of the index: its module, and whether it is an AzCommand the runner may start. */
async function describeCommand(loadable: Command.Loadable, plugin: Interfaces.Plugin): Promise<IndexedCommand> {
  let commandClass: Command.Class | undefined
  try {
    commandClass = await loadable.load()
  } catch {
    // A command that cannot be loaded runs through oclif, which reports it.
  }

  const discovery = plugin.pjson.oclif.commands
  const explicit = typeof discovery === 'object' && discovery.strategy !== 'pattern' ? discovery : undefined
  const module = explicit
    ? join(plugin.root, explicit.target)
    : join(plugin.root, ...((commandClass as {relativePath?: string[]} | undefined)?.relativePath ?? []))
  // A linked plugin is a working copy oclif treats as one (TypeScript sources, its warnings): oclif starts it.
  const quick = Boolean(
    commandClass && (commandClass as unknown as Record<symbol, unknown>)[QUICK_START] === true && existsSync(module) && plugin.type !== 'link',
  )
  return {
    args: loadable.args ?? {},
    hidden: loadable.hidden,
    id: commandClass?.id ?? loadable.id,
    ...(explicit ? {identifier: explicit.identifier ?? 'default'} : {}),
    module,
    plugin: plugin.name,
    quick,
    strict: loadable.strict,
  }
}

function describePlugin(plugin: Interfaces.Plugin, bundle: string | undefined): IndexedPlugin {
  return {
    alias: plugin.alias,
    ...(bundle ? {bundle} : {}),
    commandIDs: plugin.commandIDs,
    hasManifest: plugin.hasManifest,
    hooks: plugin.hooks as IndexedPlugin['hooks'],
    isRoot: plugin.isRoot,
    moduleType: plugin.moduleType,
    name: plugin.name,
    root: plugin.root,
    ...(plugin.tag ? {tag: plugin.tag} : {}),
    topics: plugin.topics.map(({description, hidden, name}) => ({description, hidden, name})),
    type: plugin.type,
    ...((plugin as {url?: string}).url ? {url: (plugin as {url?: string}).url} : {}),
    version: plugin.version,
  }
}

/**
 * The bundle of each plugin with commands the runner starts (src/plugin-bundles). The host and its
 * core plugins share one, made for the host's index in dist/bundles/host (their commands share
 * @azx/core and @oclif/core, which are then read once); the user's index keeps it. Each installed
 * user plugin gets its own in the cache dir beside the user's index. A linked plugin gets none: its
 * working copy changes, and its commands load from their own files.
 */
async function pluginBundles(
  root: string,
  plugins: Interfaces.Plugin[],
  quickByPlugin: Map<string, Record<string, string>>,
  options: BuildOptions,
  indexDir: string,
): Promise<Map<string, {dir: string; manifest: BundleManifest}>> {
  const bundles = new Map<string, {dir: string; manifest: BundleManifest}>()
  const host = plugins.filter((plugin) => plugin.isRoot || plugin.type === 'core')
  const hostDir = hostBundleDir(root)
  if (options.hostOnly) {
    const rootPlugin = host.find((plugin) => plugin.isRoot)!
    await bundleInto(options, {
      commands: Object.assign({}, ...host.map((plugin) => quickByPlugin.get(plugin.name) ?? {})),
      externals: 'by-name',
      modules: hostModules(rootPlugin),
      outdir: hostDir,
      plugins: Object.fromEntries(host.map((plugin) => [plugin.name, plugin.root])),
      root,
    })
  }

  const hostManifest = readBundleManifest(hostDir)
  for (const plugin of host)
    if (hostManifest && (plugin.isRoot || quickByPlugin.has(plugin.name))) bundles.set(plugin.name, {dir: hostDir, manifest: hostManifest})
  if (options.hostOnly) return bundles

  for (const plugin of plugins) {
    const quick = quickByPlugin.get(plugin.name)
    if (plugin.type !== 'user' || !quick) continue
    const dir = join(indexDir, 'bundles', `${plugin.name.replaceAll('/', '+')}@${plugin.version}`)
    await bundleInto(options, {commands: quick, externals: 'by-path', outdir: dir, plugins: {[plugin.name]: plugin.root}, root: plugin.root})
    const manifest = readBundleManifest(dir)
    if (manifest) bundles.set(plugin.name, {dir, manifest})
  }

  return bundles
}

/** Writes a bundle; one that cannot be made leaves its plugin's commands to load from their own files. */
async function bundleInto(options: BuildOptions, request: BundleRequest): Promise<void> {
  try {
    const result = await bundlePlugin(request)
    options.onBundle?.(result)
  } catch (error) {
    rmSync(request.outdir, {force: true, recursive: true})
    options.onBundleFailure?.(Object.keys(request.plugins).join(', '), error as Error)
  }
}

/**
 * What the runner takes from the host's bundle besides commands: its help class, its hooks (the
 * unknown-command path), @azx/core's registry, whose services every command then shares, and
 * oclif's reading of the command line.
 */
function hostModules(plugin: Interfaces.Plugin): Record<string, string> {
  const modules: Record<string, string> = {}
  const {helpClass} = plugin.pjson.oclif
  if (typeof helpClass === 'string') modules.help = resolveModule(plugin.root, helpClass)
  for (const [event, hooks] of Object.entries(plugin.hooks)) {
    for (const [position, hook] of hooks.entries()) modules[`hook:${event}:${position}`] = resolveModule(plugin.root, hook.target)
  }

  const require = createRequire(join(plugin.root, 'package.json'))
  modules.registry = require.resolve('@azx/core/registry')
  // oclif's help/util.js itself (normalizeArgv, getHelpFlagAdditions), not its help entry point: that one loads the
  // help renderer and its text-layout packages, a third of a command's start-up, to read the command line.
  modules['command-line'] = join(dirname(require.resolve('@oclif/core/package.json')), 'lib', 'help', 'util.js')
  return modules
}

/** A module named in package.json (`./dist/help.js`, `./dist/hooks/x`), as oclif finds it. */
function resolveModule(root: string, target: string): string {
  const path = join(root, target)
  return existsSync(path) ? path : `${path}.js`
}

function readBundleManifest(dir: string): BundleManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, BUNDLE_MANIFEST), 'utf8')) as BundleManifest
  } catch {
    return undefined
  }
}

/** The files whose change makes the user's index out of date. */
function userStamps(root: string, config: Config): FileStamp[] {
  const stamps = [stampOf(join(root, HOST_INDEX)), stampOf(join(config.dataDir, 'package.json'))]
  for (const plugin of config.getPluginsList()) {
    if (plugin.type !== 'user' && plugin.type !== 'link') continue
    stamps.push(stampOf(join(plugin.root, 'package.json')), stampOf(join(plugin.root, 'oclif.manifest.json')))
  }

  return stamps
}

/** Writes JSON through a temporary file and a rename, so a reader never sees half of it. */
function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), {recursive: true})
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(value)}\n`)
  renameSync(temporary, path)
}

/** Removes the bundles in the user's cache dir that the index no longer names (uninstalled plugins, older versions). */
function removeUnusedBundles(indexDir: string, plugins: IndexedPlugin[]): void {
  const folder = join(indexDir, 'bundles')
  const used = new Set(plugins.map((plugin) => plugin.bundle))
  for (const name of existsSync(folder) ? readdirSync(folder) : []) {
    if (!used.has(join(folder, name))) rmSync(join(folder, name), {force: true, recursive: true})
  }
}
