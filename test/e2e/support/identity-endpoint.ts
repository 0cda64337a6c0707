/**
 * The identity endpoint (`az account identity-endpoint start`) as the tests drive it: the built CLI
 * started as a child process in a sandbox, the environment it prints, raw requests to it, and
 * programs that use the Azure SDKs' managed identity credentials with only that environment.
 */
import {spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {request} from 'node:http'
import type {IncomingHttpHeaders} from 'node:http'
import {join} from 'node:path'

import {BIN, REPO_ROOT} from './cli.js'
import {sandboxEnv} from './processes.js'
import type {EmulatorSandbox} from './signed-in.js'

export interface EndpointEnvironment {
  IDENTITY_ENDPOINT: string
  IDENTITY_HEADER: string
}

export interface Exit {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** A running `az account identity-endpoint start` in the foreground. */
export interface RunningEndpoint {
  readonly child: ChildProcess
  readonly env: EndpointEnvironment
  /** What it has written to stderr so far: its status lines. */
  stderr(): string
  /** Sends `signal` and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<Exit>
  /** Resolves when the process has exited. */
  exited: Promise<Exit>
}

/** The CLI processes the tests started and have not seen exit, to kill when a test fails half-way. */
const started = new Set<ChildProcess>()

export function killStartedEndpoints(): void {
  for (const child of started) child.kill('SIGKILL')
}

/** Runs `az account identity-endpoint start ARGS…` in the sandbox, with `env` added, without waiting for it. */
export function spawnEndpoint(
  sandbox: EmulatorSandbox,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): {child: ChildProcess; exited: Promise<Exit>; output: {stdout: string; stderr: string}} {
  const child = spawn(process.execPath, [BIN, 'account', 'identity-endpoint', 'start', ...args], {
    cwd: sandbox.root,
    env: sandboxEnv(sandbox, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.add(child)
  const output = {stderr: '', stdout: ''}
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk))
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (exitCode, signal) => {
      started.delete(child)
      resolve({exitCode, signal, stderr: output.stderr, stdout: output.stdout})
    })
  })
  return {child, exited, output}
}

/** Starts the endpoint (`--format dotenv`) and resolves once it has printed its environment; fails with its stderr if it exits first. */
export async function startEndpoint(sandbox: EmulatorSandbox, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningEndpoint> {
  const {child, exited, output} = spawnEndpoint(sandbox, ['--format', 'dotenv', ...args], extraEnv)
  const env = await new Promise<EndpointEnvironment>((resolve, reject) => {
    const check = () => {
      const parsed = parseDotenv(output.stdout)
      if (parsed.IDENTITY_ENDPOINT && parsed.IDENTITY_HEADER && output.stderr.includes('Serving tokens of')) {
        child.stdout!.off('data', check)
        child.stderr!.off('data', check)
        resolve(parsed as unknown as EndpointEnvironment)
      }
    }

    child.stdout!.on('data', check)
    child.stderr!.on('data', check)
    void exited.then((exit) => reject(new Error(`the endpoint exited (${exit.exitCode ?? exit.signal}) before it was ready:\n${exit.stderr}`)))
  })
  return {
    child,
    env,
    exited,
    stderr: () => output.stderr,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal)
      return exited
    },
  }
}

/** `NAME=value` lines. */
export function parseDotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  )
}

export interface EndpointResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Record<string, unknown>
  text: string
}

export interface TokenRequestOptions {
  /** The X-IDENTITY-HEADER value; the endpoint's own by default, null for none. */
  secret?: string | null
  apiVersion?: string | null
  method?: string
  path?: string
  /** The local address to connect from (another loopback address is another client). */
  localAddress?: string
}

/** One request to the endpoint, on a connection of its own, as an SDK's first request would be. */
export function requestToken(env: EndpointEnvironment, resource: string | undefined, options: TokenRequestOptions = {}): Promise<EndpointResponse> {
  const url = new URL(env.IDENTITY_ENDPOINT)
  if (options.path !== undefined) url.pathname = options.path
  const apiVersion = options.apiVersion === undefined ? '2019-08-01' : options.apiVersion
  if (apiVersion !== null) url.searchParams.set('api-version', apiVersion)
  if (resource !== undefined) url.searchParams.set('resource', resource)
  const secret = options.secret === undefined ? env.IDENTITY_HEADER : options.secret
  const headers: Record<string, string> = secret === null ? {} : {'X-IDENTITY-HEADER': secret}
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {agent: false, headers, localAddress: options.localAddress, method: options.method ?? 'GET'}, (response) => {
      let text = ''
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      response.on('end', () =>
        resolve({body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers, status: response.statusCode ?? 0, text}),
      )
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}

export interface SdkToken {
  scope: string
  token: string
  /** Node: expiresOnTimestamp (ms); Python: expiresOn (s). */
  expiresOnTimestamp?: number
  expiresOn?: number
}

export type SdkResult = SdkToken[] | {error: {name: string; message: string}}

/**
 * Runs an Azure SDK program (`support/identity-client.mjs`, or `identity_client.py` under Debian's
 * python3) with only `env`: no PATH beyond the interpreter, no az, no config dir.
 */
export function runSdkClient(
  language: 'node' | 'python',
  kind: 'managed' | 'default',
  env: Record<string, string>,
  scopes: string[],
  home: string,
): Promise<SdkResult> {
  const [command, script] = language === 'node' ? [process.execPath, 'identity-client.mjs'] : ['/usr/bin/python3', 'identity_client.py']
  return runProgram(command, [join(REPO_ROOT, 'test', 'e2e', 'support', script), kind, ...scopes], {...env, HOME: home}).then((exit) => {
    if (exit.exitCode !== 0) throw new Error(`${script} exited with ${exit.exitCode}:\n${exit.stderr}`)
    return JSON.parse(exit.stdout) as SdkResult
  })
}

/** Runs a program with exactly `env` (and the PATH of nothing but the interpreter's directory). */
export function runProgram(command: string, args: string[], env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {env: {PATH: '/nonexistent', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      resolve({exitCode, signal, stderr, stdout})
    })
  })
}

/** Every string in `text` that looks like a JWT. */
export function jwtsIn(text: string): string[] {
  return text.match(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g) ?? []
}
