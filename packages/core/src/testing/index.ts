/**
 * @azx/core/testing: helpers for testing az plugins offline, with any test runner.
 *
 * - {@link createTestConfigDir}: a temporary `AZURE_CONFIG_DIR` for one test.
 * - {@link startEmulatorSession}: the local Entra ID + ARM emulator (@azx/emulator), registered as
 *   the active cloud of a temporary config dir and signed in, ready for in-process commands and
 *   for the built CLI.
 * - {@link runCommand}: a command class run in-process, its output and exit code captured.
 * - {@link runCli}: the built `az` run as a child process, in {@link cliEnvironment}.
 *
 * @azx/emulator is loaded only by {@link startEmulatorSession}; a published plugin adds it (and
 * `azx`, for {@link runCli}) to its devDependencies.
 */
import {spawn} from 'node:child_process'
import {mkdtemp, rm} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {Command, Config} from '@oclif/core'

import {requiredEndpoint} from '../clouds/endpoints.js'
import type {StoredSubscription} from '../profile/types.js'
import {service} from '../registry/index.js'

/** Who and what the emulator's default seed holds, for sign-ins and assertions. */
export const EMULATOR_SEED = {
  /** The Contoso tenant. */
  tenantId: '10000000-0000-4000-8000-000000000001',
  /** contoso-automation: a service principal with a secret, in Contoso Dev, Prod and Legacy. */
  servicePrincipal: {clientId: '30000000-0000-4000-8000-000000000001', secret: 'contoso-automation-secret-1'},
  /** A person in Contoso (home), Fabrikam and Northwind. */
  user: {password: 'alice-password-1', username: 'alice@contoso.example'},
  /** Contoso Dev: the default subscription after the service principal signs in; four resource groups. */
  devSubscription: {id: '50000000-0000-4000-8000-000000000001', name: 'Contoso Dev', resourceGroups: ['rg-web', 'rg-data', 'rg-identity', 'rg-vm']},
  /** Contoso Prod: one resource group, `rg-prod`. */
  prodSubscription: {id: '50000000-0000-4000-8000-000000000002', name: 'Contoso Prod', resourceGroups: ['rg-prod']},
} as const

/** A temporary config dir that the process's `AZURE_CONFIG_DIR` points at until {@link TestConfigDir.dispose}. */
export interface TestConfigDir {
  /** The directory (empty at first). */
  readonly path: string
  /** `AZURE_CONFIG_DIR` for a child process. */
  readonly env: {readonly AZURE_CONFIG_DIR: string}
  /** Puts `AZURE_CONFIG_DIR` back and removes the dir. */
  dispose(): Promise<void>
}

/**
 * Creates an empty temporary config dir and points `process.env.AZURE_CONFIG_DIR` at it, so the
 * services (profile, settings, token cache) of commands run in-process read and write only there:
 * the registry keeps their instances per config dir, so none brings state from another dir.
 */
export async function createTestConfigDir(): Promise<TestConfigDir> {
  const path = await mkdtemp(join(tmpdir(), 'azx-test-config-'))
  const restore = setEnv({AZURE_CONFIG_DIR: path})
  return {
    async dispose() {
      restore()
      await rm(path, {force: true, recursive: true})
    },
    env: {AZURE_CONFIG_DIR: path},
    path,
  }
}

/** The parts of @azx/emulator's `Emulator` the helpers promise; the object is the whole emulator. */
export interface TestEmulator {
  /** `https://localhost:PORT`: the authority host and the ARM endpoint. */
  readonly url: string
  /** The emulator's CA certificate (PEM file), made for this run. */
  readonly ca: string
  /** The system CA bundle plus the emulator's CA: the value for `NODE_EXTRA_CA_CERTS`. */
  readonly caBundle: string
  /** Every request the emulator answered, for "no network call" assertions. */
  readonly requests: {count(filter?: Record<string, unknown>): number; clear(): void}
  /** Faults to inject (`{route: 'resource-groups', status: 503, times: 1}`…). */
  readonly faults: {add(rule: Record<string, unknown>): {remove(): void}; clear(): void}
  close(): Promise<void>
}

/** How {@link startEmulatorSession} sets a session up. */
export interface EmulatorSessionOptions {
  /**
   * Sign in after start: `'service-principal'` (the default) signs in the seed's
   * contoso-automation with its secret, as `az login --service-principal` would; `false` leaves
   * the config dir signed out.
   */
  signIn?: 'service-principal' | false
  /** A seed file path or object for the emulator (default: its seed/default.json). */
  seed?: string | object
  /** The name the emulator's cloud is registered under (default `Emu`). */
  cloudName?: string
}

/** What the output of a command run looks like. */
export interface CommandOutput {
  /** 0 on success; az's codes otherwise (1 command error, 2 usage error, 3 not found). */
  exitCode: number
  stdout: string
  stderr: string
}

/** The emulator, a temporary config dir whose active cloud it is, and ways to run commands there. */
export interface EmulatorSession {
  readonly emulator: TestEmulator
  readonly configDir: TestConfigDir
  /**
   * Environment for a child process (the built CLI): `AZURE_CONFIG_DIR`, `NODE_EXTRA_CA_CERTS`,
   * and `XDG_DATA_HOME`/`XDG_CACHE_HOME` in the session's temporary dir, where `az plugins`
   * keeps user plugins.
   */
  readonly env: Readonly<Record<string, string>>
  /** The subscriptions stored by the sign-in (empty when signed out). */
  readonly subscriptions: readonly StoredSubscription[]
  /** Signs in a service principal with a secret (the seed's contoso-automation by default). */
  signInServicePrincipal(credentials?: {clientId: string; secret: string; tenantId: string}): Promise<StoredSubscription[]>
  /** {@link runCommand} in this session. */
  runCommand(command: CommandClass, argv?: string[], options?: RunCommandOptions): Promise<CommandOutput>
  /** {@link runCli} in this session (its config dir, CA and plugin dir). */
  runCli(args: string[], options?: RunCliOptions): Promise<CommandOutput>
  /** Stops the emulator, restores the environment, removes the temporary dirs. */
  dispose(): Promise<void>
}

/**
 * Starts the emulator on random local ports, creates a temporary config dir (see
 * {@link createTestConfigDir}), registers the emulator there as the active cloud and, unless
 * `signIn: false`, signs in its service principal. In this process `REQUESTS_CA_BUNDLE` names the
 * emulator's CA until dispose, so in-process requests (MSAL, ARM, Azure SDK clients given the
 * options of `subscriptionContext()`) trust it; child processes get `NODE_EXTRA_CA_CERTS` from
 * {@link EmulatorSession.env}.
 *
 * Needs the `openssl` command (the emulator makes a CA per run) and the @azx/emulator package.
 */
export async function startEmulatorSession(options: EmulatorSessionOptions = {}): Promise<EmulatorSession> {
  const emulatorModule = '@azx/emulator'
  const {startEmulator} = (await import(emulatorModule)) as {startEmulator(options?: {proxyPort?: false; seed?: unknown}): Promise<TestEmulator>}
  const emulator = await startEmulator({proxyPort: false, ...(options.seed === undefined ? {} : {seed: options.seed})})
  const configDir = await createTestConfigDir().catch(async (error: unknown) => {
    await emulator.close()
    throw error
  })
  const restoreTrust = setEnv({REQUESTS_CA_BUNDLE: emulator.ca})
  const scratch = await mkdtemp(join(tmpdir(), 'azx-test-data-'))
  const env = {
    ...configDir.env,
    NODE_EXTRA_CA_CERTS: emulator.caBundle,
    XDG_CACHE_HOME: join(scratch, 'cache'),
    XDG_DATA_HOME: join(scratch, 'data'),
  }
  let subscriptions: StoredSubscription[] = []
  const session: EmulatorSession = {
    configDir,
    async dispose() {
      restoreTrust()
      const http = await service('http')
      // Kept-alive sockets to the emulator would hold the test process open.
      http.destroy()
      await Promise.all([emulator.close(), configDir.dispose(), rm(scratch, {force: true, recursive: true})])
    },
    emulator,
    env,
    runCli: (args, runOptions = {}) => runCli(args, {...runOptions, env: {...env, ...runOptions.env}}),
    runCommand: (command, argv = [], runOptions = {}) => runCommand(command, argv, runOptions),
    async signInServicePrincipal(credentials) {
      subscriptions = await signInServicePrincipal(credentials ?? {...EMULATOR_SEED.servicePrincipal, tenantId: EMULATOR_SEED.tenantId})
      return subscriptions
    },
    get subscriptions() {
      return subscriptions
    },
  }

  try {
    await useEmulatorCloud(options.cloudName ?? 'Emu', emulator.url)
    if (options.signIn !== false) await session.signInServicePrincipal()
  } catch (error) {
    await session.dispose()
    throw error
  }

  return session
}

/** Registers the emulator's endpoints as a cloud and makes it the active one. */
async function useEmulatorCloud(name: string, url: string): Promise<void> {
  const clouds = await service('clouds')
  await clouds.register(name, {
    endpoints: {
      active_directory: url,
      active_directory_graph_resource_id: 'https://graph.windows.net/',
      active_directory_resource_id: 'https://management.core.windows.net/',
      microsoft_graph_resource_id: 'https://graph.microsoft.com/',
      resource_manager: `${url}/`,
    },
  })
  await clouds.setActive(name)
}

/** `az login --service-principal -u ID -p SECRET --tenant TENANT`, in-process and without output. */
async function signInServicePrincipal(credentials: {clientId: string; secret: string; tenantId: string}): Promise<StoredSubscription[]> {
  const auth = await import('../auth.js')
  const [clouds, profile] = await Promise.all([service('clouds'), service('profile')])
  const cloud = await clouds.activeCloud()
  const entry = {client_id: credentials.clientId, client_secret: credentials.secret, tenant: credentials.tenantId}
  const token = await auth.getServicePrincipalToken({
    cloud,
    entry,
    scopes: auth.resourceToScopes(requiredEndpoint(cloud, 'active_directory_resource_id')),
  })
  await auth.saveServicePrincipal(entry)
  const discovery = await auth.discoverSubscriptions({
    cloudName: cloud.name,
    resourceManager: requiredEndpoint(cloud, 'resource_manager'),
    tenant: credentials.tenantId,
    tokenFor: async () => token.token,
    user: {name: credentials.clientId, type: 'servicePrincipal'},
  })
  await profile.saveSubscriptions(discovery.subscriptions)
  return profile.listSubscriptions()
}

/** A command class: an AzCommand subclass, or any oclif command. */
export type CommandClass = Pick<typeof Command, 'run'> & (new (argv: string[], config: Config) => Command)

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /**
   * The plugin root whose package.json oclif loads as the command's config (default: the current
   * directory). User plugins are not loaded.
   */
  root?: string
}

/**
 * Runs a command class in this process, as `az` would run it, and captures what it writes to
 * stdout and stderr and the exit code it sets. Errors do not throw: like the CLI, they become
 * `ERROR: …` on stderr and a non-zero exit code. Runs must not overlap (output is captured by
 * replacing `process.stdout.write` and `process.stderr.write` for the duration).
 */
export async function runCommand(command: CommandClass, argv: string[] = [], options: RunCommandOptions = {}): Promise<CommandOutput> {
  let stdout = ''
  let stderr = ''
  const writeOut = process.stdout.write
  const writeErr = process.stderr.write
  const previousExitCode = process.exitCode
  process.exitCode = undefined
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  }) as typeof process.stderr.write
  let exitCode: number
  try {
    await command.run(argv, {devPlugins: false, root: options.root ?? process.cwd(), userPlugins: false})
    exitCode = Number(process.exitCode ?? 0)
  } catch (error) {
    // Only errors AzCommand did not handle get here (an oclif command, or oclif's own exit).
    const failure = error as Error & {oclif?: {exit?: number}}
    exitCode = failure.oclif?.exit ?? 1
    if (exitCode !== 0) stderr += `${failure.message}\n`
  } finally {
    process.stdout.write = writeOut
    process.stderr.write = writeErr
    process.exitCode = previousExitCode
  }

  return {exitCode, stderr, stdout}
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** The CLI's entry point; default `AZX_BIN`, else `azx/bin/run.js` resolved from the current directory. */
  bin?: string
  /** Added to the child's environment, {@link cliEnvironment}; `undefined` removes a variable. */
  env?: Record<string, string | undefined>
  cwd?: string
  /** Written to stdin, which is then closed. */
  input?: string
  /** The child is killed after this long (default 60 s). */
  timeoutMs?: number
}

/**
 * Variables of this process that would change what a child az (azx or the Python az) does: its
 * settings and config dir (`AZURE_*`), azx's own (`AZX_*`), where it connects and whom it trusts
 * (proxies, CA bundles), how Node runs it (`NODE_OPTIONS`; `NODE_ENV`, which jest sets to `test`
 * and which makes oclif load TypeScript sources where there are some), extra output (`DEBUG`, oclif's
 * `CI` colours, `NO_COLOR`, `FORCE_COLOR`) and the browser it opens (`BROWSER`).
 */
const INHERITED_NOT =
  /^(AZURE_|AZX_|HTTPS?_PROXY$|NO_PROXY$|ALL_PROXY$|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_FILE$|NODE_OPTIONS$|NODE_ENV$|DEBUG$|CI$|NO_COLOR$|FORCE_COLOR$|BROWSER$)/i

/**
 * The environment {@link runCli} gives the CLI: this process's, without the variables that would
 * change what az does (`AZURE_*`, `AZX_*`, proxies, CA bundles, `NODE_OPTIONS`, `NODE_ENV`,
 * `DEBUG`, `CI`, `NO_COLOR`, `FORCE_COLOR`, `BROWSER`), then `extra` (`undefined` removes a
 * variable). For a test that starts az another way (a terminal, the Python az).
 */
export function cliEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!INHERITED_NOT.test(key)) env[key] = value
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }

  return env
}

/**
 * Runs the built `az` (`node <bin> ...args`) as a child process, in {@link cliEnvironment}, and
 * resolves with its output and exit code; never rejects for a non-zero exit (a child killed by a
 * signal, at the time limit or otherwise, exits with 1). Give the child its config dir through
 * `options.env` (an {@link EmulatorSession}'s `runCli` does).
 */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CommandOutput> {
  const bin = options.bin ?? process.env.AZX_BIN ?? createRequire(join(process.cwd(), 'package.json')).resolve('azx/bin/run.js')
  const env = cliEnvironment(options.env)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({exitCode: code ?? 1, stderr, stdout})
    })
    child.stdin.end(options.input ?? '')
  })
}

/** Sets environment variables and returns a function that puts the old values back. */
function setEnv(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]))
  Object.assign(process.env, values)
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}
