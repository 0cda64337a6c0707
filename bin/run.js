#!/usr/bin/env node
// The production entry point of `az` / `azx`. CommonJS (bin/package.json says so), like the fast
// path's bundle: a command the fast path answers never starts Node's ES module loader, a fifth of
// its start-up.
const {join} = require('node:path')

// `az --version` prints az's text report; oclif's own --version would print only a user agent.
if (process.argv[2] === '--version' && process.argv.length === 3) process.argv.splice(2, 1, 'version', '--text')

const root = join(__dirname, '..')

async function main() {
  // The hottest commands answer from local files before oclif loads (src/fast-path.ts); whatever
  // they cannot answer runs through oclif.
  const {runFastCommand} = require('../dist/fast-path.bundle.cjs')
  if (await runFastCommand(process.argv.slice(2))) return
  // The host's copy of @azx/core registers its services first, so plugins that bundle their own copy share them.
  const [{registerHostServices}, {commandLoadFailure, reportPluginLoadFailures}] = await Promise.all([
    import('@azx/core/registry'),
    import('../dist/plugin-load-failures.js'),
  ])
  await registerHostServices()
  // A user plugin that cannot be loaded is one line, not oclif's multi-line warnings and errors.
  reportPluginLoadFailures(root)
  // What @oclif/core's execute() does, with that one line for a plugin's command that cannot be
  // loaded. The package root, not this file: oclif would take bin/package.json for the CLI's own.
  const {run} = require('@oclif/core/run')
  try {
    await run(process.argv.slice(2), root)
    require('@oclif/core/flush').flush()
  } catch (error) {
    const line = commandLoadFailure(root, error)
    if (!line) return require('@oclif/core/handle').handle(error)
    process.stderr.write(line)
    process.exitCode = 1
  }
}

main()
