/**
 * The command index: what oclif's Config knows after it loaded every plugin (the host, its core
 * plugins and the user's), written down once so that a command starts without resolving any plugin
 * (src/runner). It is built from a real Config (build.ts), so its commands, aliases, topics and
 * priorities are oclif's own.
 *
 * Two files: the index, read by every command (which command is which plugin's, where its bundle
 * is, the plugins and their hooks), and the details, read only for help and for code that asks the
 * configuration about commands (each command as oclif's manifest describes it).
 *
 * Where: the host's own (core plugins only) is `dist/command-index.json`, made by `npm run build`.
 * With user plugins, one index for everything is kept in oclif's cache dir, rebuilt by `az plugins
 * install|link|uninstall|update`, and whenever the files it was built from changed (stamps).
 */
import {readFileSync, statSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {isAbsolute, join, relative, sep} from 'node:path'

export const INDEX_VERSION = 1
export const HOST_INDEX = join('dist', 'command-index.json')
export const INDEX_FILE = 'command-index.json'
export const DETAILS_FILE = 'command-details.json'

/** A file the index depends on, as it was when the index was built; a missing file has no mtime. */
export interface FileStamp {
  path: string
  mtimeMs?: number
  size?: number
}

/** A plugin as oclif's Config had it. */
export interface IndexedPlugin {
  name: string
  alias: string
  version: string
  type: string
  root: string
  isRoot: boolean
  tag?: string
  url?: string
  moduleType: 'commonjs' | 'module'
  hasManifest: boolean
  /** Hook events and their targets, as the plugin's package.json declares them. */
  hooks: Record<string, {identifier: string; target: string}[]>
  commandIDs: string[]
  topics: {name: string; description?: string; hidden?: boolean}[]
  /** The folder of the plugin's bundle (src/plugin-bundles), absolute; none when its commands load from their own files. */
  bundle?: string
}

/** What the runner needs of a command before it runs it; the rest is in the details. */
export interface IndexedCommand {
  /** The command's own ID (an alias's entry names the command it stands for). */
  id: string
  plugin: string
  strict?: boolean
  /** Its arguments as the manifest has them: oclif's reading of the command words stops at a command that takes some. */
  args: Record<string, unknown>
  hidden?: boolean
  /** The module that defines the command, absolute. */
  module: string
  /** The export that holds it, for a plugin whose commands one module lists (`commands.identifier`). */
  identifier?: string
  /** When the runner may start it: commands built on @azx/core's AzCommand, whose needs the runner's configuration meets. */
  quick: boolean
  /** Its file in the plugin's bundle, relative to the bundle's folder. */
  bundleFile?: string
  /** The module's stamp when it was bundled: a bundle older than its sources is not used. */
  moduleStamp?: FileStamp
}

/**
 * Paths in the index are relative to the host's root when they are inside it (node_modules/…,
 * dist/…), so the host's index works wherever azx is installed; the runner reads them as paths
 * from the root it runs from (`withRoot`).
 */
export interface CommandIndex {
  version: typeof INDEX_VERSION
  /** The host's root folder: `.` in the host's own index, absolute in the user's, which names the host it was built for. */
  root: string
  /** The files the index was built from (the user plugins' package.json and manifests, the data dir's package.json, the host index). */
  stamps: FileStamp[]
  /** oclif could not load a plugin: every command runs through oclif, which reports it. */
  pluginFailures: string[]
  plugins: IndexedPlugin[]
  /** By the ID oclif finds them under (aliases included). */
  commands: Record<string, IndexedCommand>
  /**
   * Other orders of a command's words that oclif also finds it under (`install:plugins` for
   * `plugins:install`, from the plugins' manifests), each with the ID it stands for.
   */
  permutations: Record<string, string>
  topics: {name: string; description?: string; hidden?: boolean}[]
  /** The folder of the host's bundle of its help and unknown-command paths, absolute. */
  hostBundle?: string
}

/** The host's package.json, the part the runner reads. */
export interface HostPackage {
  name: string
  version: string
  oclif: {bin?: string; binAliases?: string[]; dirname?: string; [key: string]: unknown}
  [key: string]: unknown
}

/** oclif's folders for the host, as Config computes them (Linux and macOS). */
export interface OclifDirs {
  home: string
  cacheDir: string
  configDir: string
  dataDir: string
}

/** `AZ_<KEY>` for `az` (oclif's scopedEnvVarKeys): the bin and its aliases, upper case, `-` and `/` as `_`. */
export function scopedEnvVarKeys(pjson: HostPackage, key: string): string[] {
  return [pjson.oclif.bin ?? pjson.name, ...(pjson.oclif.binAliases ?? [])]
    .filter(Boolean)
    .map((alias) => [alias.replaceAll('@', '').replaceAll(/[/-]/g, '_'), key].join('_').toUpperCase())
}

/** The first of the scoped variables that is set (oclif's scopedEnvVar). */
export function scopedEnvVar(pjson: HostPackage, key: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = scopedEnvVarKeys(pjson, key).find((candidate) => env[candidate])
  return name === undefined ? undefined : env[name]
}

/** oclif's home, cache, config and data dirs (Config.load), on Linux and macOS. */
export function oclifDirs(pjson: HostPackage, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): OclifDirs {
  const dirname = pjson.oclif.dirname ?? pjson.name
  const home = env.HOME || homedir() || tmpdir()
  const dir = (category: 'cache' | 'config' | 'data') =>
    join(env[`XDG_${category.toUpperCase()}_HOME`] || join(home, category === 'data' ? '.local/share' : `.${category}`), dirname)
  const macosCache = platform === 'darwin' ? join(home, 'Library', 'Caches', dirname) : undefined
  return {
    cacheDir: scopedEnvVar(pjson, 'CACHE_DIR', env) || macosCache || dir('cache'),
    configDir: scopedEnvVar(pjson, 'CONFIG_DIR', env) || dir('config'),
    dataDir: scopedEnvVar(pjson, 'DATA_DIR', env) || dir('data'),
    home,
  }
}

/** The file's stamp now. */
export function stampOf(path: string): FileStamp {
  try {
    const {mtimeMs, size} = statSync(path)
    return {mtimeMs, path, size}
  } catch {
    return {path}
  }
}

/** True when the file is as it was stamped (or still missing). */
export function unchanged(stamp: FileStamp): boolean {
  const now = stampOf(stamp.path)
  return now.mtimeMs === stamp.mtimeMs && now.size === stamp.size
}

/** The index with its paths relative to `root` where they are inside it. */
export function relativeTo(index: CommandIndex, root: string): CommandIndex {
  return mapPaths(index, (path) => (path === root ? '.' : path.startsWith(`${root}${sep}`) ? relative(root, path) : path))
}

/** The index with its paths made absolute from `root` (joined as strings: they were normalised when written). */
export function withRoot(index: CommandIndex, root: string): CommandIndex {
  return mapPaths(index, (path) => (isAbsolute(path) ? path : path === '.' ? root : `${root}${sep}${path}`))
}

function mapPaths(index: CommandIndex, map: (path: string) => string): CommandIndex {
  const stamp = (value: FileStamp) => ({...value, path: map(value.path)})
  return {
    ...index,
    commands: Object.fromEntries(
      Object.entries(index.commands).map(([id, command]) => [
        id,
        {...command, module: map(command.module), ...(command.moduleStamp ? {moduleStamp: stamp(command.moduleStamp)} : {})},
      ]),
    ),
    ...(index.hostBundle ? {hostBundle: map(index.hostBundle)} : {}),
    plugins: index.plugins.map((plugin) => ({...plugin, root: map(plugin.root), ...(plugin.bundle ? {bundle: map(plugin.bundle)} : {})})),
    root: map(index.root),
    stamps: index.stamps.map(stamp),
  }
}

/** Reads an index or its details; undefined when it is missing, unreadable or of another version. */
export function readIndexFile<T extends {version?: number}>(path: string): T | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as T
    return parsed.version === INDEX_VERSION ? parsed : undefined
  } catch {
    return undefined
  }
}
