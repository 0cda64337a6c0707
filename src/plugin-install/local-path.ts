/**
 * `az plugins install ./my-plugin-1.0.0.tgz` and `az plugins install ../my-plugin`: local paths
 * install the tarball or folder, as they do with npm. @oclif/plugin-plugins takes an argument with
 * a slash and no colon for a GitHub slug, and a bare `x.tgz` for an npm name; `az plugins install`
 * turns both back into the `file:` spec npm understands.
 */
import {existsSync} from 'node:fs'
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

import {CommandError} from '@azx/core/errors'

/** What @oclif/plugin-plugins makes of an install argument. */
export type PluginSpec = {name: string; tag: string; type: 'npm'} | {type: 'repo'; url: string}

const GITHUB = 'https://github.com/'
const TARBALL = /\.(tgz|tar\.gz|tar)$/i

/** The local path an install argument means, or undefined for a package name or a repository. */
export function localPluginPath(plugin: PluginSpec, cwd = process.cwd()): string | undefined {
  if (plugin.type === 'repo' && plugin.url.startsWith(GITHUB)) {
    // What the user typed: plugin-plugins made it `https://github.com/<input>`.
    const input = plugin.url.slice(GITHUB.length)
    if (input.startsWith('~/')) return join(homedir(), input.slice(2))
    if (/^\.{0,2}\//.test(input)) return resolve(cwd, input)
    return undefined
  }

  if (plugin.type === 'npm' && TARBALL.test(plugin.name)) {
    const path = resolve(cwd, plugin.name)
    return existsSync(path) ? path : undefined
  }

  return undefined
}

/** The spec npm installs for `plugin`: a local path as `file:<path>` (which must exist), anything else unchanged. */
export function installSpec(plugin: PluginSpec, cwd = process.cwd()): PluginSpec {
  const path = localPluginPath(plugin, cwd)
  if (!path) return plugin
  if (!existsSync(path)) throw new CommandError(`${path} does not exist.`, {recommendations: ['Give the path of a plugin tarball (.tgz) or folder.']})
  return {type: 'repo', url: `file:${path}`}
}
