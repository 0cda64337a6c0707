/**
 * The Python az (Debian's azure-cli, 2.45) as a child process on a sandbox's config dir, for the
 * interoperability tests. It must be installed: without it the tests fail and say how to install it.
 */
import {execFile, spawn} from 'node:child_process'
import {accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {promisify} from 'node:util'

import {cliEnvironment} from '@azx/core/testing'
import type {CommandOutput} from '@azx/core/testing'

import {BIN} from './cli.js'

/** As runCli's: a run killed by a signal (the time limit) exits with 1. */
export type PythonAzResult = CommandOutput

/** Where the Python az runs: a sandbox's config dir and home (see CliSandbox), in `root`. */
export interface PythonAzSandbox {
  configDir: string
  home: string
  root: string
}

export interface PythonAzOptions {
  /**
   * Environment on top of the defaults (no telemetry, no colour), such as the emulator's proxy and
   * CA (pythonAzEnv()); `undefined` removes a default.
   */
  env?: Record<string, string | undefined>
  /** The working directory (for `--local` config); the sandbox's root by default. */
  cwd?: string
  /** Sees stderr as it arrives (the device code message). */
  onStderr?: (stderrSoFar: string) => void
  timeoutMs?: number
}

/** The Python az on PATH (not this repo's own `az`); a failure that says how to install it when there is none. */
export function pythonAzPath(): string {
  const ownBin = realpathSync(BIN)
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'az')
    try {
      accessSync(candidate, constants.X_OK)
      if (realpathSync(candidate) !== ownBin) return candidate
    } catch {
      // not in this directory
    }
  }

  throw new Error('These tests run the Python az, which is not installed. Install it: apt-get install -y azure-cli')
}

const COMMAND_INDEX = 'commandIndex.json'
let commandIndex: Promise<string | undefined> | undefined

/**
 * The Python az's command index, which it writes into a config dir on its first run there, after
 * importing every command module to build it: about 2 of the 3 s such a run takes, 0.6 s with the
 * index. Built once per installed az (named by its script's size and time) in the temporary
 * directory, and shared by every test file. The Python az checks the index's version and cloud
 * profile before it uses one, and builds its own when they differ. Undefined if it was not
 * written: then each run builds its own, as without this.
 */
function commandIndexFile(executable: string): Promise<string | undefined> {
  commandIndex ??= (async () => {
    const {mtimeMs, size} = statSync(realpathSync(executable))
    const file = join(tmpdir(), `azx-tests-python-az-command-index-${size}-${Math.round(mtimeMs)}.json`)
    if (existsSync(file)) return file
    const dir = mkdtempSync(join(tmpdir(), 'azx-python-az-index-'))
    try {
      const env = cliEnvironment({AZURE_CONFIG_DIR: join(dir, 'azure'), AZURE_CORE_COLLECT_TELEMETRY: 'false', HOME: dir})
      // Not signed in, so it fails; it has written the index by then.
      await promisify(execFile)(executable, ['account', 'show'], {env}).catch(() => undefined)
      const draft = `${file}.${process.pid}.tmp`
      copyFileSync(join(dir, 'azure', COMMAND_INDEX), draft)
      renameSync(draft, file)
      return file
    } catch {
      return undefined
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })()
  return commandIndex
}

/**
 * Gives a config dir that has no command index the Python az would write there first: the same
 * file, before its run instead of during it. Where that fails (a config dir the test made
 * read-only), the Python az builds the index itself, or works without it.
 */
async function provideCommandIndex(executable: string, configDir: string): Promise<void> {
  if (existsSync(join(configDir, COMMAND_INDEX))) return
  const index = await commandIndexFile(executable)
  if (index === undefined) return
  try {
    // The mode the Python az gives a config dir it creates (the umask's).
    mkdirSync(configDir, {recursive: true})
    copyFileSync(index, join(configDir, COMMAND_INDEX))
  } catch {
    // The Python az decides what a config dir it cannot write means.
  }
}

/**
 * Runs the Python az on the sandbox's config dir, in the environment azx gets in these tests
 * (cliEnvironment); resolves when it exits, whatever its status, and kills it after the time limit.
 */
export async function runPythonAz(sandbox: PythonAzSandbox, args: string[], options: PythonAzOptions = {}): Promise<PythonAzResult> {
  const executable = pythonAzPath()
  await provideCommandIndex(executable, sandbox.configDir)
  const env = cliEnvironment({
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    ...options.env,
    AZURE_CONFIG_DIR: sandbox.configDir,
    HOME: sandbox.home,
  })
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {cwd: options.cwd ?? sandbox.root, env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      options.onStderr?.(stderr)
    })
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({exitCode: exitCode ?? 1, stderr, stdout})
    })
  })
}
