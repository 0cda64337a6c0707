#!/usr/bin/env node
// Writes oclif.manifest.json for the host and every workspace plugin (or removes them with --clean).
// A manifest lets oclif list commands without importing their modules, which keeps start-up fast.
import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const oclif = join(root, 'node_modules', 'oclif', 'bin', 'run.js')
const packages = [root, ...readdirSync(join(root, 'plugins')).map((name) => join(root, 'plugins', name))]

for (const dir of packages) {
  const pkgPath = join(dir, 'package.json')
  if (!existsSync(pkgPath)) continue
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'))
  if (!pkg.oclif) continue
  const manifest = join(dir, 'oclif.manifest.json')
  rmSync(manifest, {force: true})
  if (process.argv.includes('--clean')) continue
  execFileSync(process.execPath, [oclif, 'manifest'], {cwd: dir, stdio: ['ignore', 'ignore', 'inherit']})
}
