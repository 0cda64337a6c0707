/**
 * Whether azx hands the commands it does not have to the Python az, and to which one.
 */
import {realpathSync} from 'node:fs'
import {join} from 'node:path'

import {service} from '@azx/core/registry'

import {findPythonAz} from './locate.js'
import type {PythonAzLookup} from './locate.js'

export type DelegationTarget = PythonAzLookup | {kind: 'off'}

/** Setting `core.delegate_to_python_az` (environment variable `AZURE_CORE_DELEGATE_TO_PYTHON_AZ`); on by default. */
export async function delegationEnabled(): Promise<boolean> {
  const settings = await service('settings')
  return settings.getBoolean('core', 'delegate_to_python_az', true)
}

/** The Python az azx would run, `off` when the setting says not to (then PATH is not searched). */
export async function delegationTarget(root: string, env: NodeJS.ProcessEnv = process.env): Promise<DelegationTarget> {
  if (!(await delegationEnabled())) return {kind: 'off'}
  return findPythonAz(env, azxBin(root))
}

/** The real path of azx's own entry point, the file a symlink named `az` to azx resolves to. */
export function azxBin(root: string): string {
  const bin = join(root, 'bin', 'run.js')
  try {
    return realpathSync(bin)
  } catch {
    return bin
  }
}
