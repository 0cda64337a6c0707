// The oclif CLI (the `oclif` dev dependency), which writes the manifests and the command
// reference. Its update check is off: it would print "oclif update available" on every run of the
// build and `npm run demo`, and ask the npm registry in a detached process.
import {execFile, execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {promisify} from 'node:util'

const OCLIF = join(new URL('..', import.meta.url).pathname, 'node_modules', 'oclif', 'bin', 'run.js')

/** The environment the oclif CLI runs in: this process's, `extra`, and no update check. */
function oclifEnv(extra = {}) {
  return {...process.env, ...extra, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}
}

/** Runs `oclif <args>` in `cwd` and waits for it; its stderr is this process's, its stdout discarded. */
export function runOclifSync(args, {cwd, env} = {}) {
  execFileSync(process.execPath, [OCLIF, ...args], {cwd, env: oclifEnv(env), stdio: ['ignore', 'ignore', 'inherit']})
}

/** Runs `oclif <args>` in `cwd`; rejects with its output when it fails. */
export async function runOclif(args, {cwd, env} = {}) {
  await promisify(execFile)(process.execPath, [OCLIF, ...args], {cwd, env: oclifEnv(env)})
}
