/**
 * The Python az (Debian's azure-cli, 2.45) as a child process on a sandbox's config dir, for the
 * interoperability tests. It must be installed: without it the tests fail and say how to install it.
 */
import {spawn} from 'node:child_process'
import {accessSync, constants, realpathSync} from 'node:fs'
import {delimiter, join} from 'node:path'

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

/**
 * Runs the Python az on the sandbox's config dir, in the environment azx gets in these tests
 * (cliEnvironment); resolves when it exits, whatever its status, and kills it after the time limit.
 */
export function runPythonAz(sandbox: PythonAzSandbox, args: string[], options: PythonAzOptions = {}): Promise<PythonAzResult> {
  const executable = pythonAzPath()
  const env = cliEnvironment({AZURE_CORE_COLLECT_TELEMETRY: 'false', AZURE_CORE_NO_COLOR: 'true', ...options.env, AZURE_CONFIG_DIR: sandbox.configDir, HOME: sandbox.home})
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
