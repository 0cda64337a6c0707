// The programs under comparison (azx, the Python az, and `node -e 0` as the floor) and the
// sandboxes they run in: a temporary config dir, HOME and data dir each, pointed at the emulator.
import {accessSync, constants, cpSync, mkdirSync, mkdtempSync, realpathSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {runChecked} from './processes.mjs'

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '')
export const BIN = join(ROOT, 'bin', 'run.js')

/**
 * Variables of this process that would send a CLI elsewhere, change what it prints or slow it
 * down: the caller's Azure and azx settings, proxies and CA bundles (the emulator's are set
 * explicitly), a browser, Node flags and debug output, colours.
 */
const LEAKY =
  /^(AZURE_|AZX_|HTTPS?_PROXY$|NO_PROXY$|ALL_PROXY$|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_FILE$|NODE_EXTRA_CA_CERTS$|BROWSER$|NODE_OPTIONS$|NODE_ENV$|DEBUG$|CI$|NO_COLOR$|FORCE_COLOR$)/i

/** The Python az on PATH, not this repository's own `az` (npm puts node_modules/.bin first). */
export function pythonAzPath() {
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

  return undefined
}

function inheritedEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !LEAKY.test(name)))
}

/**
 * A program under test in its own sandbox. `prefix` is the argv before the command's own
 * arguments; `env` is added to the cleaned environment; `networkEnv` too, but only for commands
 * that talk to the emulator (see `options`). The sandbox's config dir starts empty.
 */
export class Cli {
  constructor({name, prefix, env = {}, networkEnv = {}, tempRoot}) {
    this.name = name
    this.prefix = prefix
    this.networkEnv = networkEnv
    this.root = mkdtempSync(join(tempRoot, `${name}-`))
    this.configDir = join(this.root, 'config')
    mkdirSync(this.configDir)
    for (const dir of ['home', 'data', 'cwd']) mkdirSync(join(this.root, dir))
    this.env = {
      ...inheritedEnvironment(),
      ...env,
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
      AZURE_CORE_NO_COLOR: 'true',
      HOME: join(this.root, 'home'),
      XDG_DATA_HOME: join(this.root, 'data'),
    }
  }

  argv(args) {
    return [...this.prefix, ...args]
  }

  /**
   * Run options: this sandbox's environment, on `configDir` (by default its own). `network: false`
   * leaves out `networkEnv`, for commands that must answer from the files: Node 20 reads
   * NODE_EXTRA_CA_CERTS at start-up, whether or not a connection follows (here about 50 ms), which
   * a user without the emulator's CA does not pay; and a cached command that went to the network
   * anyway would then fail loudly on the emulator's certificate.
   */
  options(configDir = this.configDir, {network = true, ...extra} = {}) {
    const env = {...this.env, ...(network ? this.networkEnv : {}), AZURE_CONFIG_DIR: configDir}
    // An empty working directory: no `.azure/config` of the caller's applies.
    return {env, cwd: join(this.root, 'cwd'), ...extra}
  }

  /** Runs `args` and fails loudly with the CLI's stderr unless it exits 0. */
  runChecked(args, {configDir, ...extra} = {}) {
    return runChecked(this.argv(args), this.options(configDir, extra))
  }

  /** A fresh copy of this sandbox's config dir, for runs that must not see each other's files. */
  copyConfigDir(name) {
    const copy = join(this.root, name)
    cpSync(this.configDir, copy, {recursive: true})
    return copy
  }
}

/** azx, trusting the emulator's CA (NODE_EXTRA_CA_CERTS) when it goes to the network: it needs neither discovery nor the proxy. */
export function azxCli(emulator, tempRoot) {
  return new Cli({name: 'azx', prefix: [process.execPath, BIN], networkEnv: emulator.nodeEnv(), tempRoot})
}

/**
 * The Python az through the emulator's CONNECT proxy with its CA (REQUESTS_CA_BUNDLE): MSAL Python
 * insists on asking login.microsoftonline.com for instance discovery. Always, even for cached
 * commands: `requests` reads the bundle only when it connects, and the proxy keeps az's own calls
 * elsewhere (the version check) on this machine.
 */
export function pythonAzCli(emulator, tempRoot, azPath) {
  return new Cli({name: 'az', prefix: [azPath], env: emulator.pythonAzEnv(), tempRoot})
}

/** `node -e 0` with azx's environment: the floor of any Node CLI. */
export function nodeCli(emulator, tempRoot) {
  return new Cli({name: 'node', prefix: [process.execPath, '-e', '0'], networkEnv: emulator.nodeEnv(), tempRoot})
}

/** Registers a cloud whose endpoints are the emulator and makes it current, with the CLI's own commands. */
export async function useEmulatorCloud(cli, emulator) {
  await cli.runChecked([
    'cloud',
    'register',
    '--name',
    'Emu',
    '--endpoint-active-directory',
    emulator.url,
    '--endpoint-resource-manager',
    `${emulator.url}/`,
    '--endpoint-active-directory-resource-id',
    'https://management.core.windows.net/',
    '--endpoint-active-directory-graph-resource-id',
    'https://graph.windows.net/',
  ])
  await cli.runChecked(['cloud', 'set', '--name', 'Emu'])
}

/** Signs `username` in with the device code flow, approved by the emulator the moment the code is issued. */
export async function signInWithDeviceCode(cli, emulator, username, options = {}) {
  emulator.autoApproveDeviceCodes(username)
  try {
    return await cli.runChecked(['login', '--use-device-code', '--output', 'json'], {timeoutMs: 180_000, ...options})
  } finally {
    emulator.autoApproveDeviceCodes(undefined)
  }
}
