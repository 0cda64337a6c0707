/**
 * Third-party plugins end to end: the example plugin (test/fixtures/plugin-group, built only on
 * @azx/core's public API) packed and installed with `az plugins install` without any registry,
 * linked from its source folder, and found by its short name in a (local) registry; its commands
 * run against the emulator after a login, started by the runner from the command index as oclif
 * would start them, and the index follows every install, link, update and removal. Last, the same
 * commands in-process through @azx/core/testing, as a plugin's own tests would run them.
 */
import {execFile, execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:http'
import type {Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'

import {CliSandbox, REPO_ROOT} from './support/cli.js'
import type {CliResult} from './support/cli.js'
import {GROUP_TABLE, NO_REGISTRY, PLUGIN_FIXTURE, PLUGIN_INSTALL_TIMEOUT} from './support/plugin-group.js'
import {printedRelogin} from './support/relogin.js'
import {runnerProbe} from './support/runner-probe.js'
import {ALICE, CONTOSO, CONTOSO_DEV, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

const run = promisify(execFile)
const CONTOSO_PROD = '50000000-0000-4000-8000-000000000002'

const MISSING_GROUP =
  "ERROR: (ResourceGroupNotFound) Resource group 'rg-missing' could not be found.\n" +
  "Code: ResourceGroupNotFound\nMessage: Resource group 'rg-missing' could not be found.\n"

let emulator: Emulator
let packDir: string
let tarball: string

beforeAll(async () => {
  packDir = mkdtempSync(join(tmpdir(), 'azx-plugin-pack-'))
  // The fixture is not part of the build: compile it, write its manifest and pack it (bundled dependencies).
  const [started, built] = await Promise.all([
    startEmulator({proxyPort: false}),
    run(process.execPath, [join(PLUGIN_FIXTURE, 'build.mjs'), '--pack', packDir], {maxBuffer: 1 << 24}),
  ])
  emulator = started
  tarball = (JSON.parse(built.stdout) as {tarball: string}).tarball
}, 180_000)

afterAll(async () => {
  await emulator?.close()
  if (packDir) rmSync(packDir, {force: true, recursive: true})
})

interface IndexedCommands {
  commands: Record<string, {bundleFile?: string; plugin: string; quick: boolean}>
  plugins: {bundle?: string; name: string; type: string}[]
}

/** The command index the sandbox's commands start from (src/command-index): the user's, in the cache dir. */
function userIndex(sandbox: CliSandbox): IndexedCommands {
  return JSON.parse(readFileSync(join(sandbox.home, '.cache', 'azx', 'command-index.json'), 'utf8')) as IndexedCommands
}

/** The plugin's commands in the index: which plugin, whether the runner starts them, and whether from a bundle. */
function groupCommands(sandbox: CliSandbox) {
  const {commands} = userIndex(sandbox)
  return Object.fromEntries(
    Object.entries(commands)
      .filter(([id]) => id.startsWith('group'))
      .map(([id, command]) => [id, {bundled: Boolean(command.bundleFile), plugin: command.plugin, quick: command.quick}]),
  )
}

/** `args` through the runner (which must answer, or decline) and through oclif's own start: the same result. */
async function expectSameFromBothStarts(sandbox: EmulatorSandbox, args: string[], runner = 'answered'): Promise<CliResult> {
  const probe = runnerProbe(sandbox.root)
  const quick = await sandbox.run(args, {env: probe.env})
  const outcome = probe.read().runner
  const oclif = await sandbox.run(args, {env: {AZX_QUICK_START: '0'}})
  expect({args, quick, runner: outcome}).toEqual({args, quick: oclif, runner})
  return quick
}

/** The user plugins oclif recorded in the sandbox's data dir. */
function userPlugins(sandbox: CliSandbox): unknown[] {
  const file = join(sandbox.root, 'data', 'azx', 'package.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as {oclif: {plugins: unknown[]}}).oclif.plugins : []
}

describe('a plugin installed from its tarball, with no registry', () => {
  let sandbox: EmulatorSandbox
  let install: CliResult
  let signedOut: CliResult

  beforeAll(async () => {
    sandbox = new EmulatorSandbox(emulator)
    await sandbox.useEmulatorCloud()
    install = await sandbox.run(['plugins', 'install', `./${basename(tarball)}`], {cwd: packDir, env: NO_REGISTRY, timeoutMs: PLUGIN_INSTALL_TIMEOUT})
    signedOut = await sandbox.run(['group', 'list'])
    await sandbox.loginServicePrincipal()
  }, PLUGIN_INSTALL_TIMEOUT)

  afterAll(() => sandbox?.dispose())

  test('az plugins install ./x.tgz puts it in the data dir, with its own copy of @azx/core and its manifest', async () => {
    expect([install.exitCode, install.stderr]).toEqual([0, expect.stringContaining('installed v0.1.0')])
    expect(userPlugins(sandbox)).toEqual([{name: '@azx/plugin-group', type: 'user', url: `file:${tarball}`}])
    const installed = join(sandbox.root, 'data', 'azx', 'node_modules', '@azx', 'plugin-group')
    expect(existsSync(join(installed, 'oclif.manifest.json'))).toBe(true)
    expect(existsSync(join(installed, 'node_modules', '@azx', 'core', 'package.json'))).toBe(true)

    expect((await sandbox.ok(['plugins'])).stdout).toContain('group 0.1.0')
    expect(JSON.parse((await sandbox.ok(['plugins', 'list'])).stdout)).toEqual([{name: '@azx/plugin-group', type: 'user', version: '0.1.0'}])
    const version = await sandbox.ok(['--version'])
    expect(version.stdout).toContain(`Extensions:\n${'@azx/plugin-group'.padEnd(34)}0.1.0\n`)
    // The runner lists the plugins from the command index; oclif lists them itself.
    expect(version.stdout).toBe((await sandbox.ok(['--version'], {env: {AZX_QUICK_START: '0'}})).stdout)
    expect((await sandbox.ok(['version'])).stdout).toBe((await sandbox.ok(['version'], {env: {AZX_QUICK_START: '0'}})).stdout)
  })

  test('az plugins install puts its commands in the command index, with its bundle: the runner starts them, as oclif does', async () => {
    const bundled = {bundled: true, plugin: '@azx/plugin-group', quick: true}
    expect(groupCommands(sandbox)).toEqual({'group:list': bundled, 'group:show': bundled})
    const {bundle} = userIndex(sandbox).plugins.find((plugin) => plugin.name === '@azx/plugin-group')!
    expect(bundle).toBe(join(sandbox.home, '.cache', 'azx', 'bundles', '@azx+plugin-group@0.1.0'))
    expect(existsSync(join(bundle!, 'bundle.json'))).toBe(true)
    expect((await expectSameFromBothStarts(sandbox, ['group', 'list', '-o', 'table'])).stdout).toBe(GROUP_TABLE)
    // Its pack (src/runner/load.ts) holds modules of both bundles, the host's and the plugin's, and the second run takes them from it.
    const pack = readFileSync(join(sandbox.home, '.cache', 'azx', 'code-cache', 'pack.command.group%3Alist.js'), 'latin1')
    const {bundles} = JSON.parse(pack.slice('//azx-pack '.length, pack.indexOf('\n'))) as {bundles: Record<string, string>}
    expect(Object.keys(bundles)).toHaveLength(2)
    expect(Object.keys(bundles)).toEqual(
      expect.arrayContaining([join(bundle!, 'bundle.json'), expect.stringMatching(/\/dist\/bundles\/host\/bundle\.json$/)]),
    )
    expect((await expectSameFromBothStarts(sandbox, ['group', 'list', '-o', 'table'])).stdout).toBe(GROUP_TABLE)
    // The SDK's check for a form body does not load Node's fetch implementation (src/plugin-bundles/bundle.ts).
    const loaded = join(sandbox.root, 'node-modules-loaded.json')
    const recorder = join(sandbox.root, 'record-node-modules.cjs')
    const record = `require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(process.moduleLoadList))`
    writeFileSync(recorder, `process.on('exit', () => ${record})`)
    expect((await sandbox.run(['group', 'list', '-o', 'table'], {env: {NODE_OPTIONS: `--require ${recorder}`}})).stdout).toBe(GROUP_TABLE)
    const nodeModules = JSON.parse(readFileSync(loaded, 'utf8')) as string[]
    expect(nodeModules).toContain('NativeModule https')
    expect(nodeModules.filter((name) => name.includes('undici'))).toEqual([])
    expect(await expectSameFromBothStarts(sandbox, ['group', 'show', '-n', 'rg-missing'])).toEqual({exitCode: 3, stderr: MISSING_GROUP, stdout: ''})
    expect((await expectSameFromBothStarts(sandbox, ['group', 'show'])).exitCode).toBe(2)
    expect((await expectSameFromBothStarts(sandbox, ['group', 'list', '--help'])).stdout).toContain('List resource groups.')
    expect((await expectSameFromBothStarts(sandbox, ['group'])).stdout).toContain('Manage resource groups.')
  })

  test('a plugin changed outside az plugins: the next command runs through oclif, which makes the index again', async () => {
    const manifest = join(sandbox.root, 'data', 'azx', 'node_modules', '@azx', 'plugin-group', 'oclif.manifest.json')
    utimesSync(manifest, new Date(2001, 0, 1), new Date(2001, 0, 1))
    const probe = runnerProbe(sandbox.root)
    const stale = await sandbox.run(['group', 'list', '--query', 'length(@)'], {env: probe.env})
    expect([stale.stdout, probe.read().runner]).toEqual(['4\n', 'stale'])
    const again = await sandbox.run(['group', 'list', '--query', 'length(@)'], {env: probe.env})
    expect([again.stdout, probe.read().runner]).toEqual(['4\n', 'answered'])
  })

  test("its own copy of @azx/core runs, on the host's service registry", async () => {
    // At exit, the process reports which copy of @azx/core owns the registry, which services it
    // handed out and for which config dir, and where MSAL (loaded by @azx/core's sign-in code
    // through require) came from. The cached access tokens go first, so that the plugin's
    // credential must ask MSAL.
    const cacheFile = join(sandbox.configDir, 'msal_token_cache.json')
    writeFileSync(cacheFile, JSON.stringify({...JSON.parse(readFileSync(cacheFile, 'utf8')), AccessToken: {}}))
    const probe = join(packDir, 'probe.mjs')
    writeFileSync(
      probe,
      `import {createRequire} from 'node:module'
process.on('exit', () => {
  const registry = globalThis[Symbol.for('azx.core.services.v1')]
  const msal = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('/@azure/msal-node/'))
  const instances = [...registry.instances.keys()].map((key) => JSON.parse(key))
  const services = instances.map(([name]) => name).sort()
  const dirs = [...new Set(instances.map(([, dir]) => dir))]
  process.stderr.write('PROBE ' + JSON.stringify({owner: registry.owner, services, dirs, msal: msal[0]}) + '\\n')
})
`,
    )
    const result = await sandbox.ok(['group', 'list', '-o', 'none'], {env: {NODE_OPTIONS: `--import ${probe}`}})
    const report = JSON.parse(/^PROBE (.*)$/m.exec(result.stderr)![1]) as {dirs: string[]; msal: string; owner: string; services: string[]}
    expect(report.owner).toBe(`file://${join(REPO_ROOT, 'packages', 'core', 'dist', 'registry', 'index.js')}`)
    expect(report.services).toEqual(expect.arrayContaining(['clouds', 'http', 'profile', 'token-cache']))
    expect(report.dirs).toEqual([sandbox.configDir])
    expect(report.msal.startsWith(join(sandbox.root, 'data', 'azx', 'node_modules', '@azx', 'plugin-group', 'node_modules'))).toBe(true)
  })

  test('its commands say to log in first, as az does', () => {
    expect(signedOut).toEqual({exitCode: 1, stderr: "ERROR: Please run 'az login' to setup account.\n", stdout: ''})
  })

  test('az group list: az table, --query, --subscription by name and by ID', async () => {
    expect((await sandbox.ok(['group', 'list', '-o', 'table'])).stdout).toBe(GROUP_TABLE)
    expect((await sandbox.ok(['group', 'list', '--query', '[].name', '-o', 'tsv'])).stdout).toBe('rg-web\nrg-data\nrg-identity\nrg-vm\n')
    expect(JSON.parse((await sandbox.ok(['group', 'list', '--subscription', 'Contoso Prod'])).stdout)).toEqual([
      {
        id: `/subscriptions/${CONTOSO_PROD}/resourceGroups/rg-prod`,
        location: 'westus2',
        managedBy: null,
        name: 'rg-prod',
        properties: {provisioningState: 'Succeeded'},
        tags: null,
        type: 'Microsoft.Resources/resourceGroups',
      },
    ])
    expect((await sandbox.ok(['group', 'list', '--subscription', CONTOSO_PROD, '--query', '[0].location', '-o', 'tsv'])).stdout).toBe('westus2\n')
    expect(await sandbox.run(['group', 'list', '--subscription', 'Contoso Nowhere'])).toMatchObject({
      exitCode: 1,
      stderr: "ERROR: Subscription 'Contoso Nowhere' not found. Check the spelling and casing and try again.\n",
    })
  })

  test('az group show: a group, and a missing one is exit 3 with ARM error text', async () => {
    const show = await sandbox.ok(['group', 'show', '--name', 'rg-web'])
    expect(JSON.parse(show.stdout)).toEqual({
      id: `/subscriptions/${CONTOSO_DEV}/resourceGroups/rg-web`,
      location: 'eastus',
      managedBy: null,
      name: 'rg-web',
      properties: {provisioningState: 'Succeeded'},
      tags: {env: 'dev'},
      type: 'Microsoft.Resources/resourceGroups',
    })
    expect((await sandbox.ok(['group', 'show', '-g', 'RG-DATA', '--query', 'location', '-o', 'tsv'])).stdout).toBe('westeurope\n')
    expect(await sandbox.run(['group', 'show', '-n', 'rg-missing'])).toEqual({exitCode: 3, stderr: MISSING_GROUP, stdout: ''})
    const noName = await sandbox.run(['group', 'show'])
    expect(noName.exitCode).toBe(2)
    expect(noName.stderr).toContain('--name')
  })

  test('shell completion for bash, zsh and PowerShell covers the plugin: the cache is rebuilt on install', async () => {
    const script = await sandbox.ok(['autocomplete', 'script', 'bash'])
    const cache = join(sandbox.home, '.cache', 'azx', 'autocomplete')
    expect(script.stdout).toContain(`AZ_AC_BASH_SETUP_PATH=${join(cache, 'bash_setup')}`)
    expect(completeInBash(cache, ['az', 'gr'])).toEqual(['group'])
    expect(completeInBash(cache, ['az', 'group', ''])).toEqual(['list', 'show'])
    expect(completeInBash(cache, ['az', 'group', 'show', '--su'])).toEqual(['--subscription'])
    expect(completeInBash(cache, ['az', 'acc'])).toEqual(['account'])
    expect(readFileSync(join(cache, 'functions', 'zsh', '_az'), 'utf8')).toContain('"show[Gets a resource group.]"')
    expect(readFileSync(join(cache, 'functions', 'powershell', 'az.ps1'), 'utf8')).toContain('"summary" = "List resource groups."')
    for (const shell of ['bash', 'zsh', 'powershell']) expect((await sandbox.run(['autocomplete', shell])).exitCode).toBe(0)
  })

  test(
    'az plugins update works offline; az plugins uninstall removes the commands',
    async () => {
      const before = statSync(join(sandbox.home, '.cache', 'azx', 'command-index.json')).mtimeMs
      expect((await sandbox.run(['plugins', 'update'], {env: NO_REGISTRY, timeoutMs: PLUGIN_INSTALL_TIMEOUT})).exitCode).toBe(0)
      expect(statSync(join(sandbox.home, '.cache', 'azx', 'command-index.json')).mtimeMs).toBeGreaterThan(before)
      expect(groupCommands(sandbox)['group:list']).toEqual({bundled: true, plugin: '@azx/plugin-group', quick: true})
      expect((await expectSameFromBothStarts(sandbox, ['group', 'list', '--query', 'length(@)'])).stdout).toBe('4\n')

      expect((await sandbox.run(['plugins', 'uninstall', 'group'], {env: NO_REGISTRY})).exitCode).toBe(0)
      expect(userPlugins(sandbox)).toEqual([])
      expect(groupCommands(sandbox)).toEqual({})
      expect(existsSync(join(sandbox.home, '.cache', 'azx', 'bundles', '@azx+plugin-group@0.1.0'))).toBe(false)
      // Without delegation to the Python az, which has an `az group list` of its own.
      const gone = await sandbox.run(['group', 'list'], {env: {AZURE_CORE_DELEGATE_TO_PYTHON_AZ: 'false'}})
      expect(gone.exitCode).toBe(2)
      expect(gone.stderr).toMatch(/^ERROR: 'group' is misspelled or not recognized by the system\./)
    },
    PLUGIN_INSTALL_TIMEOUT,
  )
})

describe('a plugin linked from its source folder', () => {
  test('az plugins link runs the working copy; uninstall unlinks it', async () => {
    const sandbox = new EmulatorSandbox(emulator)
    try {
      await sandbox.useEmulatorCloud()
      await sandbox.loginServicePrincipal()
      expect((await sandbox.run(['plugins', 'link', PLUGIN_FIXTURE, '--no-install'])).exitCode).toBe(0)
      expect(userPlugins(sandbox)).toEqual([{name: '@azx/plugin-group', root: PLUGIN_FIXTURE, type: 'link'}])
      // A working copy is oclif's to run (TypeScript sources, its warning about them): in the index, and started by oclif.
      const linked = {bundled: false, plugin: '@azx/plugin-group', quick: false}
      expect(groupCommands(sandbox)).toEqual({'group:list': linked, 'group:show': linked})
      const names = await expectSameFromBothStarts(sandbox, ['group', 'list', '--query', '[].name', '-o', 'tsv'], 'declined')
      expect(names.stdout).toBe('rg-web\nrg-data\nrg-identity\nrg-vm\n')
      // The host's commands still start through the runner.
      await expectSameFromBothStarts(sandbox, ['account', 'show', '--query', 'name'])
      expect((await sandbox.ok(['plugins'])).stdout).toContain(`group 0.1.0 (link) ${PLUGIN_FIXTURE}`)
      const version = (await sandbox.ok(['version'])).stdout
      expect(JSON.parse(version).extensions).toEqual({'@azx/plugin-group': '0.1.0'})
      expect(version).toBe((await sandbox.ok(['version'], {env: {AZX_QUICK_START: '0'}})).stdout)
      expect((await sandbox.ok(['group', 'list', '-o', 'table'])).stdout).toBe(GROUP_TABLE)
      expect((await sandbox.ok(['group', 'list', '--subscription', 'Contoso Prod', '--query', '[].name', '-o', 'tsv'])).stdout).toBe('rg-prod\n')
      expect(await sandbox.run(['group', 'show', '-n', 'rg-missing'])).toMatchObject({exitCode: 3, stderr: expect.stringContaining(MISSING_GROUP)})

      expect((await sandbox.run(['plugins', 'uninstall', '@azx/plugin-group'])).exitCode).toBe(0)
      expect(userPlugins(sandbox)).toEqual([])
      expect(groupCommands(sandbox)).toEqual({})
      expect((await sandbox.run(['group', 'list'], {env: {AZURE_CORE_DELEGATE_TO_PYTHON_AZ: 'false'}})).exitCode).toBe(2)
    } finally {
      sandbox.dispose()
    }
  })
})

describe("a claims challenge to the example plugin's SDK client", () => {
  test('AzxCredential takes the claims: a step-up the session can do just works; a revoked session ends in az advice, which fixes it', async () => {
    const sandbox = new EmulatorSandbox(emulator)
    const wire = () => emulator.requests.entries().map((entry) => `${entry.route}${entry.grantType ? `:${entry.grantType}` : ''} ${entry.status}`)
    try {
      await sandbox.useEmulatorCloud()
      emulator.autoApproveDeviceCodes(ALICE)
      await sandbox.ok(['login', '--use-device-code', '--tenant', CONTOSO, '-o', 'none'])
      await sandbox.ok(['plugins', 'link', PLUGIN_FIXTURE, '--no-install'])

      // The SDK's bearer token policy sees the challenge and asks AzxCredential for a token with the claims.
      emulator.setTenantPolicies(CONTOSO, {authenticationContext: 'p1'})
      emulator.requests.clear()
      expect((await sandbox.ok(['group', 'list', '-o', 'table'])).stdout).toBe(GROUP_TABLE)
      // The first page again with the new token, then the second page on it (the seed's page size is 2).
      expect(wire()).toEqual(['resource-groups 401', 'token:refresh_token 200', 'resource-groups 200', 'resource-groups 200'])

      emulator.revokeSessions(ALICE)
      const failed = await sandbox.run(['group', 'list'])
      expect(failed.exitCode).toBe(1)
      expect(failed.stderr).toMatch(/^ERROR: AADSTS50173: /m)
      const {login, logout} = printedRelogin(failed.stderr)
      expect(login).toEqual(expect.arrayContaining(['--tenant', CONTOSO, '--claims-challenge']))

      await sandbox.ok(logout)
      await sandbox.ok([...login, '-o', 'none'])
      expect((await sandbox.ok(['group', 'list', '-o', 'table'])).stdout).toBe(GROUP_TABLE)
    } finally {
      emulator.setTenantPolicies(CONTOSO, {authenticationContext: null})
      emulator.autoApproveDeviceCodes(undefined)
      sandbox.dispose()
    }
  })
})

/** What bash would offer for the last word of `words`, from az's completion cache (duplicates dropped). */
function completeInBash(cache: string, words: string[]): string[] {
  const script = `source "$1/bash_setup"; COMP_WORDS=("\${@:2}"); COMP_CWORD=$(($# - 2)); _az_autocomplete; printf '%s\\n' "\${COMPREPLY[@]}"`
  const output = execFileSync('bash', ['-c', script, 'complete', cache, ...words], {encoding: 'utf8'})
  return [...new Set(output.split('\n').filter(Boolean))]
}

/** A registry that knows one package, and records what npm asks it for. */
class LocalRegistry {
  readonly requests: string[] = []
  private server: Server | undefined
  private readonly packages = new Map<string, {manifest: Record<string, unknown>; tarball: Buffer}>()

  url = ''

  add(manifest: {name: string; version: string} & Record<string, unknown>, tarball: Buffer): void {
    this.packages.set(manifest.name, {manifest, tarball})
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const path = decodeURIComponent(request.url ?? '/')
      this.requests.push(path)
      const tarball = [...this.packages.values()].find((entry) => path === `/tarballs/${tarballName(entry.manifest)}`)
      if (tarball) {
        response.writeHead(200, {'content-type': 'application/octet-stream'}).end(tarball.tarball)
        return
      }

      const entry = this.packages.get(path.slice(1))
      if (!entry) {
        response.writeHead(404, {'content-type': 'application/json'}).end('{"error":"Not found"}')
        return
      }

      const {manifest, tarball: bytes} = entry
      const dist = {
        integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
        shasum: createHash('sha1').update(bytes).digest('hex'),
        tarball: `${this.url}/tarballs/${tarballName(manifest)}`,
      }
      const version = manifest.version as string
      response
        .writeHead(200, {'content-type': 'application/json'})
        .end(JSON.stringify({'dist-tags': {latest: version}, name: manifest.name, versions: {[version]: {...manifest, dist}}}))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve))
  }
}

function tarballName(manifest: Record<string, unknown>): string {
  return `${String(manifest.name).replace('@', '').replace('/', '-')}-${String(manifest.version)}.tgz`
}

describe('az plugins install NAME', () => {
  const registry = new LocalRegistry()
  const sandbox = new CliSandbox()

  beforeAll(async () => {
    // A small package named @azx/plugin-group (a manifest, no commands), so the install is quick.
    const source = mkdtempSync(join(tmpdir(), 'azx-registry-package-'))
    const manifest = {name: '@azx/plugin-group', oclif: {commands: './dist/commands', topicSeparator: ' '}, type: 'module', version: '0.2.0'}
    mkdirSync(join(source, 'package', 'dist', 'commands'), {recursive: true})
    writeFileSync(join(source, 'package', 'package.json'), JSON.stringify(manifest))
    writeFileSync(join(source, 'package', 'oclif.manifest.json'), JSON.stringify({commands: {}, version: '0.2.0'}))
    await run('tar', ['-czf', join(source, 'package.tgz'), '-C', source, 'package'])
    registry.add(manifest, readFileSync(join(source, 'package.tgz')))
    rmSync(source, {force: true, recursive: true})
    await registry.start()
  })

  afterAll(async () => {
    sandbox.dispose()
    await registry.stop()
  })

  /** `az plugins install`, with the local registry through oclif's AZ_NPM_REGISTRY. */
  const install = (name: string) =>
    sandbox.run(['plugins', 'install', name], {
      env: {AZ_NPM_REGISTRY: registry.url, npm_config_fetch_retries: '0', npm_config_registry: registry.url, npm_config_update_notifier: 'false'},
      timeoutMs: PLUGIN_INSTALL_TIMEOUT,
    })

  test(
    'a short name is looked up as @azx/plugin-NAME first, and installed under that name',
    async () => {
      const result = await install('group')
      expect([result.exitCode, result.stderr]).toEqual([0, expect.stringContaining('installed v0.2.0')])
      expect(registry.requests[0]).toBe('/@azx/plugin-group')
      expect(registry.requests).not.toContain('/group')
      expect(userPlugins(sandbox)).toEqual([{name: '@azx/plugin-group', tag: 'latest', type: 'user'}])
      expect((await sandbox.run(['plugins'])).stdout).toContain('group 0.2.0')
    },
    PLUGIN_INSTALL_TIMEOUT,
  )

  test(
    'a short name with no @azx/plugin- package falls back to the name as given',
    async () => {
      registry.requests.length = 0
      const result = await install('foo')
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toContain('foo does not exist in the registry.')
      expect(registry.requests.indexOf('/@azx/plugin-foo')).toBe(0)
      expect(registry.requests).toContain('/foo')
    },
    PLUGIN_INSTALL_TIMEOUT,
  )
})

describe('the example plugin in-process, through @azx/core/testing', () => {
  test('runs its commands against an emulator session, as a plugin author would test them', async () => {
    const {startEmulatorSession, EMULATOR_SEED} = await import('@azx/core/testing')
    const {default: GroupList} = await import('../fixtures/plugin-group/src/commands/group/list.js')
    const {default: GroupShow} = await import('../fixtures/plugin-group/src/commands/group/show.js')
    const session = await startEmulatorSession()
    try {
      expect(await session.runCommand(GroupList, ['-o', 'table'], {root: PLUGIN_FIXTURE})).toEqual({exitCode: 0, stderr: '', stdout: GROUP_TABLE})
      const prod = await session.runCommand(GroupList, ['--subscription', EMULATOR_SEED.prodSubscription.name, '--query', '[].name', '-o', 'tsv'], {
        root: PLUGIN_FIXTURE,
      })
      expect(prod.stdout).toBe(`${EMULATOR_SEED.prodSubscription.resourceGroups.join('\n')}\n`)
      expect(await session.runCommand(GroupShow, ['-n', 'rg-missing'], {root: PLUGIN_FIXTURE})).toEqual({
        exitCode: 3,
        stderr: MISSING_GROUP,
        stdout: '',
      })
    } finally {
      await session.dispose()
    }
  })
})
