/**
 * The configuration the runner hands a command in place of oclif's Config, made from the command
 * index (src/command-index) without loading a plugin. Every value is computed as Config.load
 * computes it (a test compares the two, member by member); commands and plugins are read from the
 * index, and the details of a command (flags, descriptions) from the details file when code first
 * asks for them. What only a loaded Config can do (hooks some plugin declares, running another
 * command) loads the real one then, and hands the work to it.
 */
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {arch as osArch, release, type as osType, userInfo} from 'node:os'
import {join} from 'node:path'

import type {Command, Config as OclifConfig, Interfaces} from '@oclif/core'

import {DETAILS_FILE, INDEX_FILE, oclifDirs, scopedEnvVar, scopedEnvVarKeys} from '../command-index/index.js'
import type {CommandIndex, HostPackage, IndexedCommand, IndexedPlugin, OclifDirs} from '../command-index/index.js'
import type {CommandDetails} from '../command-index/build.js'

/** Hooks oclif runs for the root plugin only (Config.runHook). */
const ROOT_ONLY_HOOKS = new Set(['preparse'])

/** How a command class is loaded, by the runner (from its bundle, or its own module). */
export type CommandLoader = (command: IndexedCommand) => Promise<Command.Class>

export class IndexedConfig {
  readonly options: {root: string}
  readonly root: string
  readonly pjson: Interfaces.PJSON
  readonly name: string
  readonly version: string
  readonly channel: string
  readonly valid = true
  readonly bin: string
  readonly binAliases: string[] | undefined
  readonly binPath: string | undefined
  readonly nsisCustomization: string | undefined
  readonly dirname: string
  readonly flexibleTaxonomy: boolean
  readonly isSingleCommandCLI: boolean
  readonly home: string
  readonly cacheDir: string
  readonly configDir: string
  readonly dataDir: string
  readonly npmRegistry: string | undefined
  readonly theme = undefined
  readonly windows = false
  readonly arch: Interfaces.ArchTypes
  topicSeparator: ' ' | ':' = ':'
  readonly plugins: Map<string, IndexedPluginConfig>

  private details: CommandDetails['commands'] | undefined
  private real: Promise<OclifConfig> | undefined

  constructor(
    private readonly index: CommandIndex,
    pjson: HostPackage,
    private readonly indexDir: string,
    private readonly loadCommand: CommandLoader,
    dirs: OclifDirs = oclifDirs(pjson),
  ) {
    this.root = index.root
    this.options = {root: this.root}
    this.pjson = pjson as unknown as Interfaces.PJSON
    this.name = pjson.name
    this.version = pjson.version || '0.0.0'
    this.channel = /[^-]+(?:-([^.]+))?/.exec(this.version)?.[1] || 'stable'
    this.bin = this.pjson.oclif.bin || this.name
    this.binAliases = this.pjson.oclif.binAliases
    this.nsisCustomization = this.pjson.oclif.nsisCustomization
    this.dirname = this.pjson.oclif.dirname || this.name
    this.flexibleTaxonomy = this.pjson.oclif.flexibleTaxonomy || false
    if (this.pjson.oclif.topicSeparator === ' ' || this.pjson.oclif.topicSeparator === ':') this.topicSeparator = this.pjson.oclif.topicSeparator
    const commands = this.pjson.oclif.commands
    this.isSingleCommandCLI = Boolean(typeof commands !== 'string' && commands?.strategy === 'single' && commands?.target)
    this.home = dirs.home
    this.cacheDir = dirs.cacheDir
    this.configDir = dirs.configDir
    this.dataDir = dirs.dataDir
    this.binPath = this.scopedEnvVar('BINPATH')
    this.npmRegistry = this.scopedEnvVar('NPM_REGISTRY') || this.pjson.oclif.npmRegistry
    this.arch = (osArch() === 'ia32' ? 'x86' : osArch()) as Interfaces.ArchTypes
    this.plugins = new Map(index.plugins.map((plugin) => [plugin.name, new IndexedPluginConfig(plugin, this)]))
  }

  /** `linux`, `darwin`…, or `wsl` on the Windows Subsystem for Linux (as the is-wsl package tells, which oclif asks). */
  get platform(): Interfaces.PlatformTypes {
    return isWsl() ? 'wsl' : process.platform
  }

  get shell(): string {
    const shell = process.env.SHELL ?? userInfo().shell?.split('/').pop()
    return shell?.split('/').at(-1) ?? 'unknown'
  }

  get userAgent(): string {
    return `${this.name}/${this.version} ${this.platform}-${this.arch} node-${process.version}`
  }

  get versionDetails(): Interfaces.VersionDetails {
    const [cliVersion, architecture, nodeVersion] = this.userAgent.split(' ')
    return {
      architecture,
      cliVersion,
      nodeVersion,
      osVersion: `${osType()} ${release()}`,
      pluginVersions: Object.fromEntries(
        [...this.plugins.values()].map((plugin) => [plugin.name, {root: plugin.root, type: plugin.type, version: plugin.version}]),
      ),
      rootPath: this.root,
      shell: this.shell,
    }
  }

  get updateConfig(): NonNullable<Interfaces.OclifConfiguration['update']> {
    return {...this.pjson.oclif.update, node: this.pjson.oclif.update?.node ?? {}, s3: this.oclifMethod('buildS3Config')()}
  }

  get commandIDs(): string[] {
    return Object.keys(this.index.commands)
  }

  get commands(): Command.Loadable[] {
    return this.commandIDs.map((id) => this.loadable(id))
  }

  get topics(): Interfaces.Topic[] {
    return this.index.topics.map((topic) => ({...topic}))
  }

  findCommand(id: string, opts: {must: true}): Command.Loadable
  findCommand(id: string, opts?: {must: boolean}): Command.Loadable | undefined
  findCommand(id: string, opts: {must?: boolean} = {}): Command.Loadable | undefined {
    if (id in this.index.commands) return this.loadable(id)
    if (id in this.index.permutations) return this.loadable(this.index.permutations[id])
    if (opts.must) this.oclifErrors().error(`command ${id} not found`)
    return undefined
  }

  findTopic(id: string, opts: {must: true}): Interfaces.Topic
  findTopic(id: string, opts?: {must: boolean}): Interfaces.Topic | undefined
  findTopic(name: string, opts: {must?: boolean} = {}): Interfaces.Topic | undefined {
    const topic = this.index.topics.find((candidate) => candidate.name === name)
    if (topic) return {...topic}
    if (opts.must) throw new Error(`topic ${name} not found`)
    return undefined
  }

  /** Without flexible taxonomy (the runner declines it), oclif finds no partial matches. */
  findMatches(_id: string, _argv: string[]): Command.Loadable[] {
    return []
  }

  getAllCommandIDs(): string[] {
    return [...this.commandIDs, ...Object.keys(this.index.permutations)]
  }

  /** The commands, then each under the other orders of its words oclif finds it under. */
  getAllCommands(): Command.Loadable[] {
    return [
      ...this.commands,
      ...Object.entries(this.index.permutations).map(([permutation, id]) => ({...this.loadable(id), id: permutation}) as Command.Loadable),
    ]
  }

  getPluginsList(): Interfaces.Plugin[] {
    return [...this.plugins.values()] as unknown as Interfaces.Plugin[]
  }

  scopedEnvVar(key: string): string | undefined {
    return scopedEnvVar(this.pjson as unknown as HostPackage, key)
  }

  scopedEnvVarKey(key: string): string {
    return [this.bin, key]
      .map((part) => part.replaceAll('@', '').replaceAll(/[/-]/g, '_'))
      .join('_')
      .toUpperCase()
  }

  scopedEnvVarKeys(key: string): string[] {
    return scopedEnvVarKeys(this.pjson as unknown as HostPackage, key)
  }

  scopedEnvVarTrue(key: string): boolean {
    const value = this.scopedEnvVar(key)
    return value === '1' || value === 'true'
  }

  s3Key(...args: unknown[]): string {
    return this.oclifMethod('s3Key')(...args)
  }

  s3Url(key: string): string {
    return this.oclifMethod('s3Url')(key)
  }

  /** Hooks no plugin declares answer at once, as oclif's do; others run in oclif's loaded Config. */
  async runHook(event: string, opts: object, timeout?: number, captureErrors?: boolean): Promise<{failures: unknown[]; successes: unknown[]}> {
    if (!this.hasHooks(event)) return {failures: [], successes: []}
    return (await this.loaded()).runHook(event as 'init', opts as never, timeout, captureErrors)
  }

  /** True when a plugin oclif would run it for declares a hook for the event. */
  hasHooks(event: string): boolean {
    const plugins = ROOT_ONLY_HOOKS.has(event) ? this.index.plugins.filter((plugin) => plugin.isRoot) : this.index.plugins
    return plugins.some((plugin) => (plugin.hooks[event] ?? []).length > 0)
  }

  async runCommand<T = unknown>(id: string, argv: string[] = [], cachedCommand?: Command.Loadable): Promise<T> {
    return (await this.loaded()).runCommand<T>(id, argv, cachedCommand)
  }

  /** The command class, as oclif's Plugin.findCommand hands it out (its ID and plugin set). */
  async loadCommandClass(id: string): Promise<Command.Class> {
    const command = this.index.commands[id]
    const plugin = this.plugins.get(command.plugin)!
    const commandClass = await this.loadCommand(command)
    commandClass.id = command.id
    commandClass.plugin = plugin as unknown as Interfaces.Plugin
    return commandClass
  }

  /**
   * A command as Config.findCommand returns it: what the index has at once, the rest (flags, help
   * texts) from the details when first asked for. Changes (oclif's help rewrites IDs and aliases
   * for display) go to the whole command, as on oclif's own object.
   */
  private loadable(id: string): Command.Loadable {
    const command = this.index.commands[id]
    const cheap: Record<string, unknown> = {
      args: command.args,
      hidden: command.hidden,
      id,
      load: () => this.loadCommandClass(id),
      pluginName: command.plugin,
      strict: command.strict,
    }
    let full: Record<string, unknown> | undefined
    const all = () => (full ??= {...this.commandDetails()[id], ...cheap})
    return new Proxy(cheap, {
      get: (target, key) => (full === undefined && typeof key === 'string' && key in target ? target[key] : Reflect.get(all(), key)),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(all(), key)
        if (descriptor) descriptor.configurable = true
        return descriptor
      },
      has: (_target, key) => key in all(),
      ownKeys: () => Reflect.ownKeys(all()),
      set: (target, key, value) => {
        if (typeof key === 'string' && key in target) target[key] = value
        return Reflect.set(all(), key, value)
      },
    }) as unknown as Command.Loadable
  }

  /** Every command as oclif described it, read once. */
  commandDetails(): CommandDetails['commands'] {
    this.details ??= (JSON.parse(readFileSync(join(this.indexDir, DETAILS_FILE), 'utf8')) as CommandDetails).commands
    return this.details
  }

  /** oclif's own Config, loaded once, for what only it can do. */
  loaded(): Promise<OclifConfig> {
    this.real ??= (this.hostRequire('@oclif/core/config') as typeof import('@oclif/core/config')).Config.load(this.root)
    return this.real
  }

  /** One of Config's own methods, run on this configuration (they read only its values). */
  private oclifMethod(name: 's3Key' | 's3Url' | 'buildS3Config'): (...args: unknown[]) => never {
    const {Config} = this.hostRequire('@oclif/core/config') as {Config: {prototype: Record<string, (...args: unknown[]) => never>}}
    return Config.prototype[name].bind(this)
  }

  private oclifErrors(): typeof import('@oclif/core/errors') {
    return this.hostRequire('@oclif/core/errors') as typeof import('@oclif/core/errors')
  }

  /** A package as the host resolves it. */
  hostRequire(name: string): unknown {
    return createRequire(join(this.root, 'package.json'))(name)
  }

  /** Where the index was read from (for messages). */
  get indexFile(): string {
    return join(this.indexDir, INDEX_FILE)
  }
}

/** A plugin as Config's `plugins` hold it, from the index. */
export class IndexedPluginConfig {
  readonly _base: string
  readonly alias: string
  readonly children: IndexedPluginConfig[] = []
  readonly hasManifest: boolean
  readonly hooks: IndexedPlugin['hooks']
  readonly isRoot: boolean
  readonly moduleType: 'commonjs' | 'module'
  readonly name: string
  readonly options: {isRoot: boolean; name: string; root: string; tag?: string; type: string; url?: string}
  readonly parent = undefined
  readonly root: string
  readonly tag: string | undefined
  readonly type: string
  readonly url: string | undefined
  readonly valid = true
  readonly version: string
  private packageJson: Interfaces.PJSON | undefined

  constructor(
    private readonly plugin: IndexedPlugin,
    private readonly config: IndexedConfig,
  ) {
    this._base = `${plugin.name}@${plugin.version}`
    this.alias = plugin.alias
    this.hasManifest = plugin.hasManifest
    this.hooks = plugin.hooks
    this.isRoot = plugin.isRoot
    this.moduleType = plugin.moduleType
    this.name = plugin.name
    this.root = plugin.root
    this.tag = plugin.tag
    this.type = plugin.type
    this.url = plugin.url
    this.version = plugin.version
    this.options = {
      isRoot: plugin.isRoot,
      name: plugin.alias,
      root: plugin.root,
      type: plugin.type,
      ...(plugin.tag ? {tag: plugin.tag} : {}),
      ...(plugin.url ? {url: plugin.url} : {}),
    }
  }

  get pjson(): Interfaces.PJSON {
    this.packageJson ??= JSON.parse(readFileSync(join(this.root, 'package.json'), 'utf8')) as Interfaces.PJSON
    return this.packageJson
  }

  get commandIDs(): string[] {
    return this.plugin.commandIDs
  }

  get commands(): Command.Loadable[] {
    return this.plugin.commandIDs.filter((id) => this.config.findCommand(id)).map((id) => this.config.findCommand(id)!)
  }

  get commandsDir(): string | undefined {
    const commands = this.pjson.oclif?.commands
    const target = typeof commands === 'string' ? commands : commands?.target
    return target ? join(this.root, target) : undefined
  }

  get manifest(): Interfaces.Manifest {
    const details = this.config.commandDetails()
    return {commands: Object.fromEntries(this.plugin.commandIDs.filter((id) => details[id]).map((id) => [id, details[id]])), version: this.version}
  }

  get topics(): Interfaces.Topic[] {
    return this.plugin.topics.map((topic) => ({...topic}))
  }

  async findCommand(id: string, opts: {must?: boolean} = {}): Promise<Command.Class> {
    if (this.plugin.commandIDs.includes(id)) return this.config.loadCommandClass(id)
    if (opts.must) throw new Error(`command ${id} not found`)
    return undefined as unknown as Command.Class
  }

  async load(): Promise<void> {}
}

/** is-wsl's test: Linux with Microsoft's kernel, outside a container. */
function isWsl(): boolean {
  if (process.platform !== 'linux') return false
  const microsoft =
    release().toLowerCase().includes('microsoft') ||
    readOr('/proc/version').toLowerCase().includes('microsoft') ||
    existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') ||
    existsSync('/run/WSL')
  return microsoft && !(existsSync('/.dockerenv') || readOr('/proc/self/cgroup').includes('docker') || existsSync('/run/.containerenv'))
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}
