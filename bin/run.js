#!/usr/bin/env node
// The production entry point of `az` / `azx`. CommonJS (bin/package.json says so), like the fast
// path's bundle: a command the fast path answers never starts Node's ES module loader, a fifth of
// its start-up.
const {join} = require('node:path')

// `az --version` prints az's text report; oclif's own --version would print only a user agent.
if (process.argv[2] === '--version' && process.argv.length === 3) process.argv.splice(2, 1, 'version', '--text')

async function main() {
  // The hottest commands answer from local files before oclif loads (src/fast-path.ts); whatever
  // they cannot answer runs through oclif.
  const {runFastCommand} = require('../dist/fast-path.bundle.cjs')
  if (await runFastCommand(process.argv.slice(2))) return
  // The host's copy of @azx/core registers its services first, so plugins that bundle their own copy share them.
  const {registerHostServices} = await import('@azx/core/registry')
  await registerHostServices()
  // The package root, not this file: oclif would take bin/package.json for the CLI's own.
  await require('@oclif/core/execute').execute({dir: join(__dirname, '..')})
}

main()
