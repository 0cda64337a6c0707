/**
 * npm's install scripts (preinstall, install, postinstall, and node-gyp for a binding.gyp) are off
 * for plugins unless `az plugins install --allow-scripts` turns them on for one install: `az
 * extension add` of the Python az runs no code of an extension when it installs it either.
 *
 * npm reads `ignore-scripts` from its environment (`npm_config_ignore_scripts`, which beats any
 * .npmrc file) and from the `.npmrc` of the project it works in, here azx's data dir. The install
 * sets the variable for the npm it runs; the data dir's `.npmrc` keeps scripts off for what
 * `az plugins update` and `az plugins uninstall` run later.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

const LIFECYCLE_SCRIPTS = ['preinstall', 'install', 'postinstall']

/** Sets npm's `ignore-scripts` for the npm processes this process starts. */
export function setInstallScripts(allowed: boolean): void {
  process.env.npm_config_ignore_scripts = allowed ? 'false' : 'true'
}

/** Adds `ignore-scripts=true` to the data dir's `.npmrc` unless it already says something about scripts. */
export function keepScriptsOffInDataDir(dataDir: string): void {
  const path = join(dataDir, '.npmrc')
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  if (/^\s*ignore-scripts\s*=/m.test(current)) return
  writeFileSync(path, `${current}${current && !current.endsWith('\n') ? '\n' : ''}ignore-scripts=true\n`)
}

/** The install scripts npm would have run for the package installed in `packageDir`. */
export function installScripts(packageDir: string): string[] {
  try {
    const {scripts = {}} = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {scripts?: Record<string, unknown>}
    const declared = LIFECYCLE_SCRIPTS.filter((name) => typeof scripts[name] === 'string')
    // npm runs `node-gyp rebuild` for a binding.gyp when the package declares no install script itself.
    if (!declared.includes('install') && !declared.includes('preinstall') && existsSync(join(packageDir, 'binding.gyp')))
      declared.push('node-gyp rebuild')
    return declared
  } catch {
    return []
  }
}
