/**
 * A probe preloaded into the CLI (NODE_OPTIONS=--require) that records, at exit, what the runner
 * (src/runner) did with the command line (`answered`, `declined`, `stale`) and whether MSAL was
 * loaded: which start answered, and whether a token came from the cache file.
 */
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export interface RunnerProbe {
  /** Environment that runs a CLI process with the probe. */
  env: NodeJS.ProcessEnv
  /** What the last process with `env` recorded. */
  read(): {msal: boolean; runner: string}
}

/** A probe whose files live in `dir`. */
export function runnerProbe(dir: string): RunnerProbe {
  const script = join(dir, 'runner-probe.cjs')
  const marker = join(dir, 'runner-outcome.json')
  writeFileSync(
    script,
    `const Module = require('node:module')
const load = Module._load
let outcome = 'not started'
Module._load = function (request, ...rest) {
  const exports = load.call(this, request, ...rest)
  if (!request.endsWith('runner.cjs')) return exports
  return {...exports, runCommandLine: async (...args) => (outcome = await exports.runCommandLine(...args))}
}
process.on('exit', () => {
  const msal = Object.keys(require.cache).some((path) => path.includes('/@azure/msal-node/'))
  require('node:fs').writeFileSync(${JSON.stringify(marker)}, JSON.stringify({msal, outcome}))
})
`,
  )
  return {
    env: {NODE_OPTIONS: `--require ${script}`},
    read() {
      const {msal, outcome} = JSON.parse(readFileSync(marker, 'utf8')) as {msal: boolean; outcome: string}
      rmSync(marker)
      return {msal, runner: outcome}
    },
  }
}
