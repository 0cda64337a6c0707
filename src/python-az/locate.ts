/**
 * Where the Python az is, for the commands azx hands to it: the file `AZX_PYTHON_AZ` names, else
 * the first `az` on PATH that is not azx itself. azx is usually installed as `az` too, as a symlink
 * to its bin/run.js (npm's global bin), so candidates are compared by their real paths.
 *
 * A wrapper script that runs azx again (`exec azx "$@"` saved as `az`) cannot be recognised by its
 * path. Instead, each delegation records the real path it ran in `AZX_DELEGATED_TO` for the child,
 * and a search skips the paths recorded there: azx reached again through such a wrapper looks
 * further along PATH instead of running the wrapper forever.
 */
import {accessSync, constants, realpathSync, statSync} from 'node:fs'
import {delimiter, dirname, join} from 'node:path'

/** Names the Python az a user picked; wins over PATH. */
export const PYTHON_AZ_VARIABLE = 'AZX_PYTHON_AZ'
/** Real paths azx has already handed this command to, up the process tree (PATH delimiter between them). */
export const DELEGATED_TO_VARIABLE = 'AZX_DELEGATED_TO'

export type PythonAzLookup =
  /** `path` as found (a symlink stays a symlink: its target decides how it runs). */
  | {kind: 'found'; path: string}
  | {kind: 'missing'}
  /** `AZX_PYTHON_AZ` names something that cannot run as the Python az. */
  | {kind: 'unusable'; path: string; reason: string}

/**
 * The Python az, or why there is none. `ownBin` is the real path of azx's own bin/run.js; `env`
 * gives PATH, `AZX_PYTHON_AZ` and `AZX_DELEGATED_TO`.
 */
export function findPythonAz(env: NodeJS.ProcessEnv, ownBin: string): PythonAzLookup {
  const seen = new Set((env[DELEGATED_TO_VARIABLE] ?? '').split(delimiter).filter(Boolean))
  const chosen = env[PYTHON_AZ_VARIABLE]
  if (chosen) {
    const real = executableRealPath(chosen)
    if (!real) return {kind: 'unusable', path: chosen, reason: 'it is not an executable file'}
    if (isAzx(chosen, real, ownBin) || seen.has(real)) return {kind: 'unusable', path: chosen, reason: 'it runs azx, not the Python az'}
    return {kind: 'found', path: chosen}
  }

  for (const dir of (env.PATH ?? '').split(delimiter)) {
    // An empty entry means the working directory; a command that runs whatever az lies there is not wanted.
    if (!dir) continue
    for (const name of candidateNames(env)) {
      const candidate = join(dir, name)
      const real = executableRealPath(candidate)
      if (real && !isAzx(candidate, real, ownBin) && !seen.has(real)) return {kind: 'found', path: candidate}
    }
  }

  return {kind: 'missing'}
}

/** `env` for a child that runs `executable` as the Python az: the delegation recorded in `AZX_DELEGATED_TO`. */
export function delegationEnv(env: NodeJS.ProcessEnv, executable: string): NodeJS.ProcessEnv {
  let real = executable
  try {
    real = realpathSync(executable)
  } catch {
    // Recorded as given: it is about to fail to start anyway.
  }

  return {...env, [DELEGATED_TO_VARIABLE]: [env[DELEGATED_TO_VARIABLE], real].filter(Boolean).join(delimiter)}
}

/** The real path of `path` when it is a file this process may execute. */
function executableRealPath(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined
    accessSync(path, constants.X_OK)
    return realpathSync(path)
  } catch {
    return undefined
  }
}

/**
 * True when `candidate` runs azx: a link to its bin/run.js, or on Windows the `az.cmd` shim npm
 * writes beside its `node_modules/azx`.
 */
function isAzx(candidate: string, real: string, ownBin: string): boolean {
  if (real === ownBin) return true
  if (process.platform !== 'win32') return false
  try {
    return realpathSync(join(dirname(candidate), 'node_modules', 'azx', 'bin', 'run.js')) === ownBin
  } catch {
    return false
  }
}

/** `az`, or on Windows `az` with each of PATHEXT's extensions (the Python az installs `az.cmd`). */
function candidateNames(env: NodeJS.ProcessEnv): string[] {
  if (process.platform !== 'win32') return ['az']
  return (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .filter(Boolean)
    .map((extension) => `az${extension.toLowerCase()}`)
}
