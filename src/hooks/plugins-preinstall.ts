/**
 * `az plugins install ./my-plugin-1.0.0.tgz` and `az plugins install ../my-plugin`: local paths
 * install the tarball or folder, as they do with npm. @oclif/plugin-plugins takes an argument with
 * a slash and no colon for a GitHub slug, and a bare `x.tgz` for an npm name; this hook, which
 * runs just before it installs, turns both back into the `file:` spec npm understands. It runs
 * only for `az plugins install`, so it costs nothing anywhere else.
 */
import {existsSync} from 'node:fs'
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

import type {Hook} from '@oclif/core'

const GITHUB = 'https://github.com/'
const TARBALL = /\.(tgz|tar\.gz|tar)$/i

/** The local path an install argument means, or undefined for a package name or a repository. */
export function localPluginPath(plugin: {name?: string; type: string; url?: string}, cwd = process.cwd()): string | undefined {
  if (plugin.type === 'repo' && plugin.url?.startsWith(GITHUB)) {
    // What the user typed: plugin-plugins made it `https://github.com/<input>`.
    const input = plugin.url.slice(GITHUB.length)
    if (input.startsWith('~/')) return join(homedir(), input.slice(2))
    if (/^\.{0,2}\//.test(input)) return resolve(cwd, input)
    return undefined
  }

  if (plugin.type === 'npm' && plugin.name && TARBALL.test(plugin.name)) {
    const path = resolve(cwd, plugin.name)
    return existsSync(path) ? path : undefined
  }

  return undefined
}

const hook: Hook.PluginsPreinstall = async function (options) {
  const plugin = options.plugin as {name?: string; tag?: string; type: string; url?: string}
  const path = localPluginPath(plugin)
  if (!path) return
  if (!existsSync(path)) this.error(`${path} does not exist.`, {exit: 1})
  // plugin-plugins installs what this object says after the hook returns, so it is changed in place.
  delete plugin.name
  delete plugin.tag
  plugin.type = 'repo'
  plugin.url = `file:${path}`
}

export default hook
