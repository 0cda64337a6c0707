#!/usr/bin/env node
// Writes oclif.manifest.json for the host and every workspace plugin (or removes them with --clean).
// A manifest lets oclif list commands without importing their modules, which keeps start-up fast.
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {runOclifSync} from './oclif-cli.mjs'

const root = new URL('..', import.meta.url).pathname
const clean = process.argv.includes('--clean')
// The packages named on the command line (the build names none: the host and every workspace).
const named = process.argv.slice(2).filter((arg) => arg !== '--clean')
const packages = named.length > 0 ? named : [root, ...readdirSync(join(root, 'plugins')).map((name) => join(root, 'plugins', name))]

for (const dir of packages) {
  const pkgPath = join(dir, 'package.json')
  if (!existsSync(pkgPath)) continue
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'))
  if (!pkg.oclif) continue
  const manifest = join(dir, 'oclif.manifest.json')
  rmSync(manifest, {force: true})
  if (clean) continue
  runOclifSync(['manifest'], {cwd: dir})
}
