/**
 * What `az version` and `az --version` report: azx, @azx/core, the plugins shipped with azx and the
 * ones the user installed (az calls those extensions). Made from oclif's Config under oclif, and
 * from the same files read directly on the fast path (plugin-inventory.ts).
 */
import {createRequire} from 'node:module'

import {configDir} from '@azx/core/paths'

import type {PythonAzReport} from './python-az/versions.js'

export interface VersionReport {
  azx: string
  'azx-core': string
  extensions: Record<string, string>
  plugins: Record<string, string>
  /** The Python az that runs the commands azx does not have, when delegation is on and one is installed. */
  'python-az'?: PythonAzReport
}

/** A plugin oclif loads: `core` (shipped with azx), `user` (installed) or `link` (linked). */
export interface PluginVersion {
  name: string
  type: string
  version: string
}

/** What the report is made of; oclif's Config has all of it (`getPluginsList()` for `plugins`). */
export interface VersionSource {
  /** The host's package name and version. */
  name: string
  version: string
  /** Where user plugins are installed. */
  dataDir: string
  plugins: readonly PluginVersion[]
}

export function describeVersions(source: VersionSource, pythonAz?: PythonAzReport): VersionReport {
  const plugins: Record<string, string> = {}
  const extensions: Record<string, string> = {}
  for (const plugin of source.plugins) {
    if (plugin.name === source.name) continue
    if (plugin.type === 'core') plugins[plugin.name] = plugin.version
    else extensions[plugin.name] = plugin.version
  }

  const require = createRequire(import.meta.url)
  const core = require('@azx/core/package.json') as {version: string}
  return {azx: source.version, 'azx-core': core.version, extensions, plugins, ...(pythonAz && {'python-az': pythonAz})}
}

const row = (name: string, version: string) => `${name.padEnd(34)}${version}`

/** The text of `az --version`: name and version in a 34-wide column, as az lays it out; then the Python az's. */
export function formatVersionText(report: VersionReport, source: Pick<VersionSource, 'dataDir'>): string {
  const lines = [row('azx', report.azx), '', row('core', report['azx-core']), '', 'Plugins:']
  for (const [name, version] of Object.entries(report.plugins).sort()) lines.push(row(name, version))
  lines.push('', 'Extensions:')
  const extensions = Object.entries(report.extensions).sort()
  if (extensions.length === 0) lines.push('(none)')
  for (const [name, version] of extensions) lines.push(row(name, version))
  lines.push(
    '',
    `Node.js location '${process.execPath}'`,
    `Config directory '${configDir()}'`,
    `Plugins directory '${source.dataDir}'`,
    '',
    `Node.js (${process.platform === 'linux' ? 'Linux' : process.platform}) ${process.version}`,
    '',
  )
  if (report['python-az']) lines.push(...pythonAzLines(report['python-az']), '')
  return `${lines.join('\n')}\n`
}

/** The Python az's block: its location, then its versions as its `az version` names them. */
function pythonAzLines({location, extensions, ...versions}: PythonAzReport): string[] {
  const lines = [`Python az '${location}', for the commands azx does not have:`]
  const components = Object.entries(versions).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  if (components.length === 0) return [...lines, '(its versions could not be read)']
  for (const [name, version] of components) lines.push(row(name, version))
  lines.push('', 'Extensions:')
  const installed = Object.entries((extensions ?? {}) as Record<string, unknown>).sort()
  if (installed.length === 0) lines.push('(none)')
  for (const [name, version] of installed) lines.push(row(name, String(version)))
  return lines
}
