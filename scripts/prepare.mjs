#!/usr/bin/env node
// The `prepare` script. npm runs it after `npm install` / `npm ci` in this repository, where it has
// nothing to do (the build runs in `npm run demo`, `npm test` and `npm run build`), and after
// `npm install -g .` (or `npm install -g /path/to/clone`), where it matters: npm installs a
// directory as a link to it and installs nothing else, so `az` would run this clone as it is. Then
// it installs the clone's dependencies (`npm ci`, when node_modules is missing or older than
// package-lock.json) and builds it, so the linked `az` runs. The clone stays the installation:
// keep it, or install the tarball instead (`npm run pack`, README "Install").
import {execFileSync} from 'node:child_process'
import {existsSync, statSync} from 'node:fs'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname

/** The configuration of the outer `npm install -g` that would turn the commands below into global ones. */
const OUTER_INSTALL = /^npm_config_(global|global_prefix|local_prefix|location|prefix)$/i

function npm(args) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !OUTER_INSTALL.test(key)))
  const [command, prefix] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []]
  execFileSync(command, [...prefix, ...args], {cwd: root, env, stdio: ['ignore', 'inherit', 'inherit']})
}

function installed() {
  const marker = join(root, 'node_modules', '.package-lock.json')
  return existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs
}

if (process.env.npm_config_global === 'true') {
  console.error(`azx: \`az\` is linked to ${root}; installing its dependencies and building it there`)
  if (!installed()) npm(['ci', '--no-audit', '--no-fund'])
  npm(['run', 'build', '--silent'])
}
