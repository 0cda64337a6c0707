/**
 * The plugins oclif would load, read from the files oclif reads but without loading oclif, for
 * `az --version` and `az version` on the fast path: the host's core plugins (its package.json's
 * `oclif.plugins`) and the user's (`<data dir>/package.json`, which `az plugins install|link` keep).
 * Under oclif the same report comes from Config (commands/version.ts); an e2e test holds the two
 * equal. Wherever oclif would do more than read these files (Windows' data dir, a plugin that brings
 * plugins of its own, a user plugin named like a core one, a file missing), the answer is undefined
 * and oclif runs the command.
 */
import {readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'

import type {PluginVersion, VersionSource} from './version-report.js'

interface PackageJson {
  name?: string
  version?: string
  oclif?: {bin?: string; dirname?: string; plugins?: unknown[]}
}

interface UserPluginEntry {
  name?: unknown
  type?: unknown
  root?: unknown
}

/** The host's plugins and versions, or undefined when only oclif can tell. */
export function readVersionSource(root: string, env: NodeJS.ProcessEnv = process.env): VersionSource | undefined {
  if (process.platform === 'win32') return undefined
  const host = readPackage(join(root, 'package.json'))
  if (!host?.name || !host.version || !host.oclif?.bin) return undefined
  const dataDir = dataDirOf(host.oclif.bin, host.oclif.dirname ?? host.name, env)
  const plugins: PluginVersion[] = []
  for (const name of host.oclif.plugins ?? []) {
    const plugin = typeof name === 'string' ? installedPackage(root, name) : undefined
    if (!plugin?.version || (plugin.oclif?.plugins ?? []).length > 0) return undefined
    plugins.push({name: name as string, type: 'core', version: plugin.version})
  }

  const users = userPlugins(dataDir)
  if (!users || users.some((user) => plugins.some((core) => core.name === user.name))) return undefined
  return {dataDir, name: host.name, plugins: [...plugins, ...users], version: host.version}
}

/**
 * The folders of the user's plugins (`az plugins install|link`), as oclif finds them: in the data
 * dir's node_modules, or where they are linked from. None on Windows, where oclif's data dir is not
 * computed here.
 */
export function userPluginRoots(root: string, env: NodeJS.ProcessEnv = process.env): Array<{name: string; root: string}> {
  const host = readPackage(join(root, 'package.json'))
  if (process.platform === 'win32' || !host?.name || !host.oclif?.bin) return []
  const dataDir = dataDirOf(host.oclif.bin, host.oclif.dirname ?? host.name, env)
  const entries = (readPackage(join(dataDir, 'package.json'))?.oclif?.plugins ?? []) as UserPluginEntry[]
  return entries.flatMap((entry) => {
    if (typeof entry?.name !== 'string') return []
    if (entry.type === 'link' && typeof entry.root === 'string') return [{name: entry.name, root: entry.root}]
    return entry.type === 'user' ? [{name: entry.name, root: join(dataDir, 'node_modules', entry.name)}] : []
  })
}

/**
 * oclif's data dir on Linux and macOS: `<BIN>_DATA_DIR` (here AZ_DATA_DIR), else `$XDG_DATA_HOME/<dirname>`,
 * else `~/.local/share/<dirname>`.
 */
function dataDirOf(bin: string, dirname: string, env: NodeJS.ProcessEnv): string {
  const fromEnv = env[`${bin.replaceAll('@', '').replaceAll(/[/-]/g, '_')}_DATA_DIR`.toUpperCase()]
  if (fromEnv) return fromEnv
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), dirname)
}

/** The user's plugins (none without the file), or undefined for one that cannot be read. */
function userPlugins(dataDir: string): PluginVersion[] | undefined {
  const manifest = readPackage(join(dataDir, 'package.json'))
  const entries = (manifest?.oclif?.plugins ?? []) as UserPluginEntry[]
  const plugins: PluginVersion[] = []
  for (const entry of entries) {
    if (typeof entry?.name !== 'string' || (entry.type !== 'user' && entry.type !== 'link')) return undefined
    const packageDir = entry.type === 'link' ? entry.root : join(dataDir, 'node_modules', entry.name)
    const plugin = typeof packageDir === 'string' ? readPackage(join(packageDir, 'package.json')) : undefined
    if (!plugin?.version || plugin.name !== entry.name) return undefined
    plugins.push({name: entry.name, type: entry.type, version: plugin.version})
  }

  return plugins
}

/** A dependency's package.json, found as Node finds it: in node_modules here, then in each parent's. */
function installedPackage(from: string, name: string): PackageJson | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const found = readPackage(join(dir, 'node_modules', name, 'package.json'))
    if (found || dirname(dir) === dir) return found
  }
}

function readPackage(path: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PackageJson
  } catch {
    return undefined
  }
}
