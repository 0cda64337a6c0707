/**
 * The Python az's versions for `az version` and `az --version`: what its own `az version --output
 * json` prints. Running it costs 0.4 s (2 s in a config dir it has not indexed yet), too much for
 * every `az --version`, which azx answers in about 60 ms: the answer is kept in a file of azx's data
 * dir and used again while the Python az's executable file (the same real path, size, modification
 * and change time) and its extensions directory (modification time) stay the same. An upgrade
 * replaces the executable or its target; `az extension add|remove` changes the directory.
 */
import {execFile} from 'node:child_process'
import {mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {configDir} from '@azx/core/paths'

import {delegationTarget} from './delegation.js'
import {delegationEnv} from './locate.js'

/** `az version --output json` of the Python az: `azure-cli`, `azure-cli-core`, …, `extensions`. */
export type PythonAzVersions = Record<string, unknown> & {'azure-cli': string}

interface CacheFile {
  key: string
  versions: PythonAzVersions
}

/** How long the Python az may take to print its versions before azx reports them as unknown. */
const TIMEOUT_MS = 60_000

/**
 * The versions the Python az at `executable` reports, from `cacheFile` when it is still valid;
 * undefined when the Python az does not answer with them.
 */
export async function pythonAzVersions(
  executable: string,
  cacheFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonAzVersions | undefined> {
  const key = installationKey(executable, env)
  const cached = readCache(cacheFile)
  if (key && cached?.key === key) return cached.versions
  const versions = await askPythonAz(executable, env)
  if (versions && key) writeCache(cacheFile, {key, versions})
  return versions
}

/** What changes when the Python az or its extensions change; undefined when the executable cannot be examined. */
function installationKey(executable: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const real = realpathSync(executable)
    const file = statSync(real)
    const extensions = env.AZURE_EXTENSION_DIR || join(configDir(env), 'cliextensions')
    const extensionsChanged = statSync(extensions, {throwIfNoEntry: false})?.mtimeMs ?? 0
    return JSON.stringify([real, file.size, file.mtimeMs, file.ctimeMs, file.ino, extensions, extensionsChanged])
  } catch {
    return undefined
  }
}

function askPythonAz(executable: string, env: NodeJS.ProcessEnv): Promise<PythonAzVersions | undefined> {
  // Telemetry off: the user asked azx for its version, not the Python az for a command.
  const childEnv = {
    ...delegationEnv(env, executable),
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
  }
  return new Promise((resolve) => {
    const child = execFile(
      executable,
      ['version', '--output', 'json'],
      {encoding: 'utf8', env: childEnv, timeout: TIMEOUT_MS, windowsHide: true},
      (error, stdout) => {
        resolve(error ? undefined : parseVersions(stdout))
      },
    )
    child.stdin?.end()
  })
}

function parseVersions(text: string): PythonAzVersions | undefined {
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['azure-cli'] === 'string'
      ? (value as PythonAzVersions)
      : undefined
  } catch {
    return undefined
  }
}

function readCache(path: string): CacheFile | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>
    return typeof value.key === 'string' && value.versions ? (value as CacheFile) : undefined
  } catch {
    return undefined
  }
}

/** Written beside and renamed into place, so a parallel `az --version` reads the old file or the new one. */
function writeCache(path: string, content: CacheFile): void {
  try {
    mkdirSync(dirname(path), {recursive: true})
    const temporary = `${path}.${process.pid}.tmp`
    writeFileSync(temporary, `${JSON.stringify(content)}\n`)
    renameSync(temporary, path)
  } catch {
    // A data dir that cannot be written only means asking the Python az again next time.
  }
}

/** The Python az as `az version` reports it: where it is, and its versions when it gave them. */
export type PythonAzReport = Partial<PythonAzVersions> & {location: string}

/**
 * The Python az azx hands commands to, for `az version`; undefined when there is none or delegation
 * is off. `root` is the host's directory, `dataDir` azx's data dir (which keeps the versions).
 */
export async function pythonAzReport(root: string, dataDir: string): Promise<PythonAzReport | undefined> {
  const target = await delegationTarget(root)
  if (target.kind !== 'found') return undefined
  const versions = await pythonAzVersions(target.path, join(dataDir, 'python-az-versions.json'))
  return {location: target.path, ...versions}
}
