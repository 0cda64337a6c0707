/**
 * azx as a person installs it: `npm run pack`'s tarball installed with `npm install -g` into a
 * temporary prefix, with an empty home and an empty npm cache, then used only through that
 * prefix's `az`, one step after another on one config dir.
 *
 * The workspace packages come from the tarball: the install must not ask the registry for any
 * @azx package (npm's http log shows every request). The public dependencies and the optional
 * native ones (keytar built for this machine) come from the public registry, as for a user: that
 * takes about as long as unpacking from a prepared cache (extracting ~8000 files dominates), and
 * tests what users get.
 *
 * Each step is one test on the state the steps before left: a new step is one more `it` at the end.
 */
import {execFile} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, delimiter, dirname, join} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {REPO_ROOT} from './support/cli.js'
import {GROUP_TABLE, NO_REGISTRY, PLUGIN_FIXTURE, PLUGIN_INSTALL_TIMEOUT} from './support/plugin-group.js'
import {pythonAzPath} from './support/python-az.js'
import {runnerProbe} from './support/runner-probe.js'
import {AUTOMATION_APP, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

const run = promisify(execFile)
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {version: string}).version
const INSTALL_TIMEOUT = 300_000

let work: string
let prefix: string
let az: string
let pluginTarball: Promise<string>
let installLog: string
let emulator: Emulator

/**
 * The environment of `npm install -g`: the test's own, without its npm configuration, with an
 * empty home and cache. Node's headers come from the Node installation, as node-gyp finds them
 * through `nodedir` (scripts/test.sh does the same), so keytar builds here without nodejs.org.
 */
function installEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))
  const nodePrefix = dirname(dirname(process.execPath))
  const nodedir = existsSync(join(nodePrefix, 'include', 'node', 'node.h')) ? {npm_config_nodedir: nodePrefix} : {}
  return {...env, ...nodedir, HOME: join(work, 'home'), npm_config_cache: join(work, 'npm-cache'), npm_config_update_notifier: 'false'}
}

interface NpmTree {
  dependencies?: Record<string, NpmTree & {version?: string}>
}

/** Every package in `npm ls --json --all`'s tree, by name (the last version seen). */
function installedVersions(tree: NpmTree, versions = new Map<string, string | undefined>()): Map<string, string | undefined> {
  for (const [name, node] of Object.entries(tree.dependencies ?? {})) {
    if (node.version) versions.set(name, node.version)
    installedVersions(node, versions)
  }

  return versions
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'azx-install-'))
  prefix = join(work, 'prefix')
  az = join(prefix, 'bin', 'az')
  mkdirSync(join(work, 'home'))
  // The example plugin builds while azx installs (apart from its working copy, which
  // plugins.test.ts links); its step waits for it.
  pluginTarball = run(process.execPath, [join(PLUGIN_FIXTURE, 'build.mjs'), '--pack-only', join(work, 'plugin')], {maxBuffer: 1 << 24}).then(
    ({stdout}) => (JSON.parse(stdout) as {tarball: string}).tarball,
  )
  pluginTarball.catch(() => {})
  const [packed, started] = await Promise.all([
    run(process.execPath, [join(REPO_ROOT, 'scripts', 'pack.mjs'), '--out', work]),
    startEmulator({proxyPort: false}),
  ])
  emulator = started
  const install = await run('npm', ['install', '--global', '--prefix', prefix, '--loglevel', 'http', packed.stdout.trim()], {
    cwd: work,
    env: installEnvironment(),
    maxBuffer: 1 << 26,
  })
  installLog = install.stderr
}, INSTALL_TIMEOUT)

afterAll(async () => {
  await emulator?.close()
  if (work) rmSync(work, {force: true, recursive: true})
})

describe('the installed tarball', () => {
  let sandbox: EmulatorSandbox

  beforeAll(() => {
    sandbox = new EmulatorSandbox(emulator, az)
  })

  afterAll(() => sandbox?.dispose())

  it('installs with the workspace packages from the tarball and everything else from the registry', async () => {
    expect(installLog).toMatch(/http fetch GET 200 https:\/\/\S+\/@oclif%2fcore /)
    expect(installLog).not.toMatch(/http fetch \S+ \S+ \S*@azx/)
    const {stdout} = await run('npm', ['ls', '--global', '--prefix', prefix, '--all', '--json'], {env: installEnvironment(), maxBuffer: 1 << 26})
    const versions = installedVersions(JSON.parse(stdout) as NpmTree)
    for (const name of ['azx', '@azx/core', '@azx/plugin-account', '@azx/plugin-cloud', '@azx/plugin-config', '@azx/plugin-login']) {
      expect([name, versions.get(name)]).toEqual([name, VERSION])
    }

    for (const name of ['@azure/msal-node-extensions', '@azure/msal-node-runtime', 'keytar', '@oclif/core', '@azure/msal-node']) {
      expect([name, versions.has(name)]).toEqual([name, true])
    }

    const installed = join(prefix, 'lib', 'node_modules', 'azx')
    const files = [
      'dist/runner.cjs',
      'dist/command-index.json',
      'dist/bundles/host/bundle.json',
      'node_modules/@azx/plugin-account/oclif.manifest.json',
      'node_modules/keytar/build/Release/keytar.node',
    ]
    expect(files.filter((file) => !existsSync(join(installed, file)))).toEqual([])
  })

  it('az --version and azx --version name azx and its plugins', async () => {
    const version = await sandbox.ok(['--version'])
    expect(version.stdout).toMatch(new RegExp(`^azx {2,}${VERSION.replaceAll('.', '\\.')}\n`))
    expect(version.stdout).toContain(`Plugins:\n${'@azx/plugin-account'.padEnd(34)}${VERSION}\n`)
    const viaAzx = await sandbox.ok(['--version'], {bin: join(prefix, 'bin', 'azx')})
    expect(viaAzx.stdout).toBe(version.stdout)
  })

  it('az login --service-principal signs in against the emulator', async () => {
    await sandbox.useEmulatorCloud()
    const login = await sandbox.loginServicePrincipal()
    const subscriptions = JSON.parse(login.stdout) as {isDefault: boolean; user: unknown}[]
    expect(subscriptions.find((subscription) => subscription.isDefault)?.user).toEqual({name: AUTOMATION_APP, type: 'servicePrincipal'})
  })

  it('az account get-access-token starts through the runner, from the index and bundle it ships, with a cached token and no request', async () => {
    const probe = runnerProbe(sandbox.root)
    emulator.requests.clear()
    const token = await sandbox.ok(['account', 'get-access-token', '--query', 'accessToken', '--output', 'tsv'], {env: probe.env})
    expect(token.stdout).toMatch(/^eyJ[\w.-]+\n$/)
    expect(emulator.requests.entries()).toEqual([])
    expect(probe.read()).toEqual({msal: false, runner: 'answered'})
  })

  it(
    "az plugins install of the example plugin's tarball, with no registry, and its command on the host's services",
    async () => {
      const tarball = await pluginTarball
      const install = await sandbox.run(['plugins', 'install', `./${basename(tarball)}`], {
        cwd: dirname(tarball),
        env: NO_REGISTRY,
        timeoutMs: PLUGIN_INSTALL_TIMEOUT,
      })
      expect([install.exitCode, install.stderr]).toEqual([0, expect.stringContaining(`installed v0.1.0`)])
      const probe = join(sandbox.root, 'registry-probe.mjs')
      writeFileSync(
        probe,
        `process.on('exit', () => process.stderr.write('PROBE ' + globalThis[Symbol.for('azx.core.services.v1')].owner + '\\n'))\n`,
      )
      // Started by the runner, from the plugin's bundle the install made.
      const runner = runnerProbe(sandbox.root)
      const groups = await sandbox.ok(['group', 'list', '--output', 'table'], {env: {NODE_OPTIONS: `${runner.env.NODE_OPTIONS} --import ${probe}`}})
      expect(groups.stdout).toBe(GROUP_TABLE)
      expect(runner.read().runner).toBe('answered')
      expect(/^PROBE (.*)$/m.exec(groups.stderr)?.[1]).toBe(
        `file://${join(prefix, 'lib', 'node_modules', 'azx', 'node_modules', '@azx', 'core', 'dist', 'registry', 'index.js')}`,
      )
    },
    PLUGIN_INSTALL_TIMEOUT + 30_000,
  )

  it('a command azx does not have runs in the Python az, found on PATH past the installed az', async () => {
    // The prefix's `az` (npm's symlink to azx) comes first on PATH, as for a user: azx skips itself.
    const path = [join(prefix, 'bin'), ...(process.env.PATH ?? '').split(delimiter)].join(delimiter)
    const env = {AZURE_CORE_COLLECT_TELEMETRY: 'false', PATH: path}
    expect(await sandbox.run(['extension', 'list', '--output', 'json'], {env, timeoutMs: 120_000})).toEqual({exitCode: 0, stderr: '', stdout: '[]\n'})
    const report = JSON.parse((await sandbox.ok(['version'], {env})).stdout) as {'python-az'?: {'azure-cli'?: string; location: string}}
    expect(report['python-az']).toEqual(expect.objectContaining({'azure-cli': expect.stringMatching(/^2\./), location: pythonAzPath()}))
  }, 180_000)
})
