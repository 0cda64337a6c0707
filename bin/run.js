#!/usr/bin/env node
// The production entry point of `az` / `azx`. CommonJS (bin/package.json says so), like the
// runner's bundle: a command the runner starts never starts Node's ES module loader.
const {join} = require('node:path')

// `az --version` prints az's text report; oclif's own --version would print only a user agent.
if (process.argv[2] === '--version' && process.argv.length === 3) process.argv.splice(2, 1, 'version', '--text')

const root = join(__dirname, '..')

async function main() {
  // Every command starts through the runner (src/runner), from the command index and its plugin's
  // bundle; what it declines runs through oclif's own start.
  const {runCommandLine} = require('../dist/runner.cjs')
  const outcome = await runCommandLine(root, process.argv.slice(2))
  if (outcome === 'answered') return
  try {
    await runWithOclif()
  } finally {
    // The index is older than the plugins it lists (one changed outside `az plugins`): made again for the next command.
    if (outcome === 'stale') await rebuildCommandIndex()
  }
}

async function runWithOclif() {
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

async function rebuildCommandIndex() {
  try {
    const {buildCommandIndex} = await import('../dist/command-index/build.js')
    await buildCommandIndex(root, {hostOnly: false})
  } catch {
    // The next command finds it out of date again, and runs through oclif meanwhile.
  }
}

main().catch((error) => {
  // A failure outside oclif's error handling (a build or install with files missing) is az's one
  // ERROR line and exit code 1, not Node's unhandled rejection with a stack.
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
  process.stderr.write(`ERROR: azx could not start: ${reason}\nReinstall azx (npm install -g azx), or run \`npm run build\` in a clone.\n`)
  process.exitCode = 1
})
