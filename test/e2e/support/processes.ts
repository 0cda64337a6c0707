/**
 * The built CLI as raw child processes, for the state tests: many at once, under a chosen umask,
 * or killed with SIGKILL at a chosen moment. The environment is the sandbox's (see cli.ts).
 */
import {spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'

import {cliEnvironment} from '@azx/core/testing'

import {BIN} from './cli.js'
import type {EmulatorSandbox} from './signed-in.js'

export interface SpawnOptions {
  /** Run under this umask (through `sh -c 'umask …; exec node …'`, so the PID is node's). */
  umask?: number
  /**
   * Run through this command line, which must exec the command appended to it (util-linux's
   * `setpriv` to run as another user, `unshare` to run in a mount namespace of its own), so the
   * PID stays node's. The tests run as root.
   */
  prefix?: string[]
  /** Send SIGKILL this many milliseconds after the spawn. */
  killAfterMs?: number
  /** Called with the child once it is spawned (to kill it when something happens). */
  onSpawn?: (child: ChildProcess) => void
  /** SIGKILL after this long in any case (a hung command fails the test, it does not hang it). */
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
}

export interface SpawnResult {
  args: string[]
  durationMs: number
  exitCode: number | null
  signal: NodeJS.Signals | null
  stderr: string
  stdout: string
}

/** The environment `sandbox.run` gives the CLI: its config dir and home, and the emulator's CA. */
export function sandboxEnv(sandbox: EmulatorSandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cliEnvironment({
    ...sandbox.emulator.nodeEnv(),
    AZURE_CONFIG_DIR: sandbox.configDir,
    HOME: sandbox.home,
    XDG_DATA_HOME: `${sandbox.root}/data`,
    ...extra,
  })
}

/** Runs `az <args>` in the sandbox; resolves when the process has exited, whatever its status. */
export function spawnAz(sandbox: EmulatorSandbox, args: string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  const env = sandboxEnv(sandbox, options.env)
  const node = [...(options.prefix ?? []), process.execPath, BIN, ...args]
  const [command, ...argv] =
    options.umask === undefined ? node : ['/bin/sh', '-c', `umask ${options.umask.toString(8).padStart(3, '0')}; exec "$0" "$@"`, ...node]
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {cwd: sandbox.root, env, stdio: ['ignore', 'pipe', 'pipe']})
    options.onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const kill = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
    const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      clearTimeout(kill)
      clearTimeout(timeout)
      resolve({args, durationMs: performance.now() - started, exitCode, signal, stderr, stdout})
    })
  })
}

/** Flags whose value is a secret, masked in messages. */
const SECRET_FLAGS = new Set(['-p', '--password', '--federated-token'])

/** The command line, with secrets masked. */
export function describeCommand(args: string[]): string {
  return `az ${args.map((arg, index) => (SECRET_FLAGS.has(args[index - 1]) ? '***' : arg)).join(' ')}`
}

/** Describes a run for a test failure message (the CLI never prints secrets on stderr). */
export function describeRun(result: SpawnResult): string {
  const status = result.signal ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`
  return `${describeCommand(result.args)} ${status} after ${Math.round(result.durationMs)} ms:\n${result.stderr}`
}

/** Runs `az <args>` in the sandbox and fails with its stderr unless it succeeds. */
export async function spawnAzOk(sandbox: EmulatorSandbox, args: string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  const result = await spawnAz(sandbox, args, options)
  if (result.exitCode !== 0) throw new Error(describeRun(result))
  return result
}
