#!/usr/bin/env node
// The production entry point of `az` / `azx`.

// `az --version` prints az's text report; oclif's own --version would print only a user agent.
if (process.argv[2] === '--version' && process.argv.length === 3) process.argv.splice(2, 1, 'version', '--text')
// The hottest commands answer from local files before oclif loads, from one bundled file (see
// src/fast-path.ts); whatever they cannot answer runs through oclif.
const {runFastCommand} = await import('../dist/fast-path.bundle.js')
if (!(await runFastCommand(process.argv.slice(2)))) {
  // The host's copy of @azx/core registers its services first, so plugins that bundle their own copy share them.
  const {registerHostServices} = await import('@azx/core/registry')
  await registerHostServices()
  const {execute} = await import('@oclif/core/execute')
  await execute({dir: import.meta.url})
}
