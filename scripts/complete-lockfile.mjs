#!/usr/bin/env node
// Adds to package-lock.json the platform-specific optional packages npm left out of it.
//
// Why: the registry this project's machines reach serves only some platforms' builds of packages
// such as @swc/core-* and @unrs/resolver-binding-* (jest's resolver), so `npm install` cannot
// record the others, and `npm ci` then refuses the lock file ("Missing: … from lock file"). Each
// entry added here carries the package's os/cpu/libc, so npm skips it on every other platform and
// fetches it where it belongs. Run it after any `npm install` that changes the lock file.
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'

const root = new URL('..', import.meta.url).pathname
const lockPath = `${root}package-lock.json`

function missingPackages() {
  try {
    execFileSync('npm', ['ci', '--dry-run', '--no-audit', '--no-fund'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
    return []
  } catch (error) {
    return [...String(error.stderr).matchAll(/Missing: (\S+?)@\S* from lock file/g)].map((match) => match[1])
  }
}

/** os, cpu and libc of a package, from any version the registry has. */
function platformOf(name) {
  try {
    const out = execFileSync('npm', ['view', name, 'os', 'cpu', 'libc', '--json'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
    return out.trim() ? JSON.parse(out) : {}
  } catch {
    return {}
  }
}

const missing = missingPackages()
const lock = JSON.parse(readFileSync(lockPath, 'utf8'))
for (const name of missing) {
  const parent = Object.values(lock.packages).find((entry) => entry.optionalDependencies?.[name])
  if (!parent) throw new Error(`No package in the lock file asks for ${name}.`)
  const entry = {version: parent.optionalDependencies[name].replace(/^[\^~=]/, ''), dev: true, optional: true}
  const platform = platformOf(name)
  for (const field of ['cpu', 'libc', 'os']) if (platform[field]) entry[field] = [platform[field]].flat()
  if (!entry.os && !entry.cpu) throw new Error(`The registry says nothing of ${name}'s platform; add its entry by hand.`)
  lock.packages[`node_modules/${name}`] = entry
}

writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`)
console.log(missing.length === 0 ? 'package-lock.json is complete.' : `Added ${missing.length} platform packages: ${missing.join(', ')}`)
