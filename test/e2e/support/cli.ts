/**
 * Runs the built CLI (bin/run.js) as a child process, the way a user's shell would, with its own
 * temporary config dir. End-to-end tests never import the CLI's modules.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname
export const BIN = join(REPO_ROOT, 'bin', 'run.js')

export interface CliResult {
  exitCode: number | null
  stderr: string
  stdout: string
}

export interface CliOptions {
  /** The `az` to run: this repository's bin/run.js unless another (an installed one) is named. */
  bin?: string
  /** The working directory (for `--local` config); defaults to a fresh temporary directory. */
  cwd?: string
  /** Extra environment; `AZURE_CONFIG_DIR` comes from the sandbox. */
  env?: NodeJS.ProcessEnv
  /** Text written to stdin, which is then closed. */
  input?: string
  timeoutMs?: number
}

/** A temporary config dir and home for one test, removed by `dispose()`. */
export class CliSandbox {
  readonly configDir: string
  readonly home: string
  readonly root: string

  /** `bin`: the `az` this sandbox runs (see CliOptions). */
  constructor(readonly bin = BIN) {
    this.root = mkdtempSync(join(tmpdir(), 'azx-e2e-'))
    this.configDir = join(this.root, 'azure')
    this.home = join(this.root, 'home')
  }

  /** Runs `az <args>` and resolves when it exits; never rejects on a non-zero exit code. */
  run(args: string[], options: CliOptions = {}): Promise<CliResult> {
    return runCli(args, {
      bin: this.bin,
      ...options,
      env: {AZURE_CONFIG_DIR: this.configDir, HOME: this.home, XDG_DATA_HOME: join(this.root, 'data'), ...options.env},
      cwd: options.cwd ?? this.root,
    })
  }

  dispose(): void {
    rmSync(this.root, {force: true, recursive: true})
  }
}

/**
 * Environment variables of the test process that would change the CLI's behaviour. NODE_ENV too:
 * jest sets it to `test`, which makes oclif load the TypeScript sources (three times slower)
 * instead of the build a user runs; and CI, which turns colours on in oclif's own output.
 */
const LEAKY = /^(AZURE_|AZX_|BROWSER$|CI$|NODE_ENV$|NODE_OPTIONS$|DEBUG$|FORCE_COLOR$|NO_COLOR$)/

/** The test process's environment without what would change the CLI's behaviour, plus `extra`. */
export function cliEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!LEAKY.test(key)) env[key] = value
  return {...env, ...extra}
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env = cliEnvironment(options.env)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({exitCode, stderr, stdout})
    })
    child.stdin.end(options.input ?? '')
  })
}
