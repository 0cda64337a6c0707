/**
 * The Python az (Debian's azure-cli, 2.45) as a child process on a sandbox's config dir, for the
 * interoperability tests. It must be installed: without it the tests fail and say how to install it.
 */
import {spawn} from 'node:child_process'
import {accessSync, constants, realpathSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {BIN} from './cli.js'
import type {CliSandbox} from './cli.js'

export interface PythonAzResult {
  exitCode: number | null
  stderr: string
  stdout: string
}

export interface PythonAzOptions {
  /** Environment on top of the sandbox's (the emulator's proxy and CA, pythonAzEnv()). */
  env?: Record<string, string>
  /** Sees stderr as it arrives (the device code message). */
  onStderr?: (stderrSoFar: string) => void
  timeoutMs?: number
}

/** Variables of this process that would send az elsewhere or change what it prints. */
const LEAKY = /^(AZURE_|AZX_|HTTPS?_PROXY$|NO_PROXY$|ALL_PROXY$|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_FILE$|BROWSER$|NO_COLOR$|FORCE_COLOR$)/i

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

/** Runs the Python az on the sandbox's config dir; resolves when it exits, whatever its status. */
export function runPythonAz(sandbox: CliSandbox, args: string[], options: PythonAzOptions = {}): Promise<PythonAzResult> {
  const executable = pythonAzPath()
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!LEAKY.test(key)) env[key] = value
  Object.assign(env, options.env, {AZURE_CONFIG_DIR: sandbox.configDir, AZURE_CORE_COLLECT_TELEMETRY: 'false', AZURE_CORE_NO_COLOR: 'true', HOME: sandbox.home})
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {cwd: sandbox.root, env, stdio: ['ignore', 'pipe', 'pipe']})
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
      resolve({exitCode, stderr, stdout})
    })
  })
}
