/**
 * The user's plugins as oclif's files list them (`<data dir>/package.json`, which `az plugins
 * install|link` keep), read without loading oclif: for the one-line report of a plugin oclif cannot
 * load (plugin-load-failures.ts).
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {oclifDirs} from './command-index/index.js'
import type {HostPackage} from './command-index/index.js'

interface UserPluginEntry {
  name?: unknown
  type?: unknown
  root?: unknown
}

/**
 * The folders of the user's plugins (`az plugins install|link`), as oclif finds them: in the data
 * dir's node_modules, or where they are linked from. None on Windows, where oclif's data dir is not
 * computed here.
 */
export function userPluginRoots(root: string, env: NodeJS.ProcessEnv = process.env): {name: string; root: string}[] {
  const host = readJson(join(root, 'package.json')) as HostPackage | undefined
  if (process.platform === 'win32' || !host?.name || !host.oclif?.bin) return []
  const {dataDir} = oclifDirs(host, process.platform, env)
  const entries = ((readJson(join(dataDir, 'package.json')) as {oclif?: {plugins?: unknown[]}} | undefined)?.oclif?.plugins ??
    []) as UserPluginEntry[]
  return entries.flatMap((entry) => {
    if (typeof entry?.name !== 'string') return []
    if (entry.type === 'link' && typeof entry.root === 'string') return [{name: entry.name, root: entry.root}]
    return entry.type === 'user' ? [{name: entry.name, root: join(dataDir, 'node_modules', entry.name)}] : []
  })
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}
