/**
 * `az plugins install` of plugins from outside azx: npm runs no install scripts unless
 * --allow-scripts, a plugin outside the @azx scope and the trust list is installed only after a yes
 * on the terminal (driven in a real pseudo terminal) or with --yes, and a plugin that cannot be
 * loaded is one warning line. Small local tarballs, no registry.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {CliSandbox} from './support/cli.js'
import type {CliResult} from './support/cli.js'
import {PtyCli} from './support/pty.js'

/** npm with no registry it can reach. */
const NO_REGISTRY = {
  npm_config_fetch_retries: '0',
  npm_config_offline: 'true',
  npm_config_registry: 'http://127.0.0.1:9',
  npm_config_update_notifier: 'false',
}
const INSTALL_TIMEOUT = 120_000
/** A postinstall script that leaves a file behind in the installed package. */
const POSTINSTALL = `node -e "require('fs').writeFileSync('postinstall-ran', '')"`

let tarballs: string

/** `name`'s tarball as npm packs it: package.json (with a postinstall script), and `files`. */
function packPlugin(name: string, files: Record<string, string> = {'oclif.manifest.json': JSON.stringify({commands: {}, version: '1.0.0'})}): string {
  const stage = mkdtempSync(join(tmpdir(), 'azx-trust-stage-'))
  const pkg = {name, oclif: {commands: './commands', topicSeparator: ' '}, scripts: {postinstall: POSTINSTALL}, type: 'module', version: '1.0.0'}
  const all: Record<string, string> = {'package.json': JSON.stringify(pkg), ...files}
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(join(stage, 'package', path, '..'), {recursive: true})
    writeFileSync(join(stage, 'package', path), content)
  }

  const tarball = join(tarballs, `${name.replace('@', '').replace('/', '-')}-1.0.0.tgz`)
  execFileSync('tar', ['-czf', tarball, '-C', stage, 'package'])
  rmSync(stage, {force: true, recursive: true})
  return tarball
}

let hello: string
let azxTiny: string
let broken: string
let brokenCommand: string

beforeAll(() => {
  tarballs = mkdtempSync(join(tmpdir(), 'azx-trust-tarballs-'))
  hello = packPlugin('azx-hello-plugin')
  azxTiny = packPlugin('@azx/plugin-tiny')
  const helloJs = {'commands/hello.js': "import missing from 'no-such-module'\nexport default missing\n"}
  // No manifest: oclif imports every command to list them, and this one imports a package that is not there.
  broken = packPlugin('azx-broken-plugin', helloJs)
  // A manifest lists the command, whose module fails only when it runs.
  const command = {
    aliases: [],
    args: {},
    flags: {},
    id: 'hello',
    isESM: true,
    pluginName: 'azx-broken-command',
    pluginType: 'user',
    relativePath: ['commands', 'hello.js'],
    summary: 'Hi.',
  }
  brokenCommand = packPlugin('azx-broken-command', {
    ...helloJs,
    'oclif.manifest.json': JSON.stringify({commands: {hello: command}, version: '1.0.0'}),
  })
})

afterAll(() => rmSync(tarballs, {force: true, recursive: true}))

let sandbox: CliSandbox
beforeEach(() => {
  sandbox = new CliSandbox()
})
afterEach(() => sandbox.dispose())

const dataDir = () => join(sandbox.root, 'data', 'azx')
const configDir = () => join(sandbox.root, 'config', 'azx')
const trustList = () => join(configDir(), 'trusted-plugins.json')
const env = (extra: Record<string, string> = {}) => ({...NO_REGISTRY, XDG_CONFIG_HOME: join(sandbox.root, 'config'), ...extra})

function install(args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
  return sandbox.run(['plugins', 'install', ...args], {cwd: tarballs, env: env(extra), timeoutMs: INSTALL_TIMEOUT})
}

/** The user plugins oclif recorded in the sandbox's data dir. */
function installed(): string[] {
  const file = join(dataDir(), 'package.json')
  if (!existsSync(file)) return []
  return (JSON.parse(readFileSync(file, 'utf8')) as {oclif: {plugins: {name: string}[]}}).oclif.plugins.map((plugin) => plugin.name)
}

const postinstallRan = (name: string) => existsSync(join(dataDir(), 'node_modules', name, 'postinstall-ran'))

describe('a plugin from outside @azx', () => {
  it('is refused without a terminal unless --yes, and nothing is installed', async () => {
    const result = await install([hello])
    expect(result).toEqual({
      exitCode: 1,
      stderr:
        'ERROR: azx-hello-plugin is not an azx plugin (@azx) and is not in your trust ' +
        `list (${trustList()}), and there is no terminal to ask whether to install it.\n` +
        `To install it, run 'az plugins install ${hello} --yes', or add "azx-hello-plugin" to ${trustList()}.\n`,
      stdout: '',
    })
    expect(existsSync(dataDir())).toBe(false)
  })

  it('installs with --yes, without running its install scripts', async () => {
    const result = await install(['./azx-hello-plugin-1.0.0.tgz', '--yes'])
    expect([result.exitCode, result.stderr]).toEqual([0, expect.stringContaining('installed v1.0.0')])
    expect(result.stderr).toContain(
      'WARNING: npm did not run the install scripts of azx-hello-plugin (postinstall). ' +
        'If the plugin needs them, install it again with --allow-scripts.\n',
    )
    expect(installed()).toEqual(['azx-hello-plugin'])
    expect(postinstallRan('azx-hello-plugin')).toBe(false)
    // `az plugins update` and `uninstall` run npm in the data dir too: its .npmrc keeps scripts off there.
    expect(readFileSync(join(dataDir(), '.npmrc'), 'utf8')).toBe('ignore-scripts=true\n')
  })

  it('runs its install scripts with --allow-scripts', async () => {
    const result = await install([hello, '-y', '--allow-scripts'])
    expect(result.exitCode).toBe(0)
    expect(result.stderr).not.toContain('did not run the install scripts')
    expect(postinstallRan('azx-hello-plugin')).toBe(true)
  })

  it('installs without asking once it is in the trust list', async () => {
    mkdirSync(configDir(), {recursive: true})
    writeFileSync(trustList(), JSON.stringify(['@contoso/other', 'azx-hello-plugin']))
    expect((await install([hello])).exitCode).toBe(0)
    expect(installed()).toEqual(['azx-hello-plugin'])
    expect(postinstallRan('azx-hello-plugin')).toBe(false)
  })

  it('is refused when the trust list is not a list of names, naming the file', async () => {
    mkdirSync(configDir(), {recursive: true})
    writeFileSync(trustList(), '{"azx-hello-plugin": true}')
    expect(await install([hello, '--yes'])).toEqual({
      exitCode: 1,
      stderr:
        `ERROR: The trust list ${trustList()} is not a JSON array of package names.\n` +
        'Fix it, for example ["@contoso/azx-plugin-vm"], or delete it.\n',
      stdout: '',
    })
    expect(installed()).toEqual([])
  })
})

describe('a plugin of the @azx scope', () => {
  it('installs without asking, and without running its install scripts', async () => {
    const result = await install([azxTiny])
    expect([result.exitCode, result.stderr]).toEqual([0, expect.stringContaining('installed v1.0.0')])
    expect(result.stderr).not.toContain('trust list')
    expect(installed()).toEqual(['@azx/plugin-tiny'])
    expect(postinstallRan('@azx/plugin-tiny')).toBe(false)
  })
})

describe('on a terminal', () => {
  const terminals: PtyCli[] = []
  afterEach(() => {
    for (const cli of terminals.splice(0)) cli.kill()
  })

  /** `az plugins install` of the third-party tarball, on a terminal wide enough for the question on one line. */
  function ptyInstall(): PtyCli {
    const cli = new PtyCli(['plugins', 'install', hello], {
      columns: 400,
      cwd: tarballs,
      env: {AZURE_CONFIG_DIR: sandbox.configDir, HOME: sandbox.home, XDG_DATA_HOME: join(sandbox.root, 'data'), ...env()},
    })
    terminals.push(cli)
    return cli
  }

  const QUESTION =
    `azx-hello-plugin is not an azx plugin (@azx) and is not in your trust list (${'TRUST'}). ` +
    'A plugin runs with your permissions and your Azure sign-in. Install it? (y/N):'

  it('asks, and installs after a yes', async () => {
    const cli = ptyInstall()
    await cli.waitFor('Install it? (y/N):')
    expect(cli.text()).toContain(QUESTION.replace('TRUST', trustList()))
    expect(existsSync(join(dataDir(), 'node_modules'))).toBe(false)
    cli.type('y\r')
    expect(await cli.waitForExit(INSTALL_TIMEOUT)).toBe(0)
    expect(cli.text()).toContain(`To install azx-hello-plugin without this question, add "azx-hello-plugin" to ${trustList()}.`)
    expect(installed()).toEqual(['azx-hello-plugin'])
    expect(postinstallRan('azx-hello-plugin')).toBe(false)
  })

  it('installs nothing after a no, or just Enter', async () => {
    for (const answer of ['n\r', '\r']) {
      const cli = ptyInstall()
      await cli.waitFor('Install it? (y/N):')
      cli.type(answer)
      expect(await cli.waitForExit()).toBe(1)
      expect(cli.text()).toContain('ERROR: azx-hello-plugin was not installed.')
      expect(installed()).toEqual([])
      expect(existsSync(join(dataDir(), 'node_modules'))).toBe(false)
    }
  })
})

describe('a plugin that cannot be loaded', () => {
  const warning =
    "WARNING: The plugin azx-broken-plugin cannot be loaded (Cannot find package 'no-such-module'); " +
    'its commands are unavailable. To remove it: az plugins uninstall azx-broken-plugin\n'

  it('is one warning line on every command, which still works; its own command is one error line; uninstall removes it', async () => {
    expect((await install([broken, '--yes'])).exitCode).toBe(0)

    const other = await sandbox.run(['cloud', 'show', '--query', 'name', '-o', 'tsv'], {env: env()})
    expect(other).toEqual({exitCode: 0, stderr: warning, stdout: 'AzureCloud\n'})
    expect((await sandbox.run(['cloud', 'list', '--only-show-errors', '--query', 'length(@)'], {env: env()})).stderr).toBe('')

    // Its command is not there at all.
    const own = await sandbox.run(['hello'], {env: env()})
    expect([own.exitCode, own.stderr]).toEqual([
      2,
      expect.stringContaining(`${warning}ERROR: 'hello' is misspelled or not recognized by the system.\n`),
    ])

    expect((await sandbox.run(['plugins', 'uninstall', 'azx-broken-plugin'], {env: env()})).exitCode).toBe(0)
    expect(await sandbox.run(['cloud', 'show', '--query', 'name', '-o', 'tsv'], {env: env()})).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'AzureCloud\n',
    })
  })

  it('whose command cannot be loaded when it runs is one error line, exit 1', async () => {
    expect((await install([brokenCommand, '--yes'])).exitCode).toBe(0)
    expect(await sandbox.run(['cloud', 'show', '--query', 'name', '-o', 'tsv'], {env: env()})).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'AzureCloud\n',
    })
    expect(await sandbox.run(['hello'], {env: env()})).toEqual({
      exitCode: 1,
      stderr:
        'ERROR: The plugin azx-broken-command cannot be loaded (Cannot find package ' +
        "'no-such-module'). To remove it: az plugins uninstall azx-broken-command\n",
      stdout: '',
    })
  })

  it('whose package is gone from the data dir is one warning line too', async () => {
    expect((await install([hello, '--yes'])).exitCode).toBe(0)
    rmSync(join(dataDir(), 'node_modules', 'azx-hello-plugin'), {force: true, recursive: true})
    expect(await sandbox.run(['cloud', 'show', '--query', 'name', '-o', 'tsv'], {env: env()})).toEqual({
      exitCode: 0,
      stderr:
        'WARNING: The plugin azx-hello-plugin cannot be loaded (its package.json is missing or cannot be read); ' +
        'its commands are unavailable. To remove it: az plugins uninstall azx-hello-plugin\n',
      stdout: 'AzureCloud\n',
    })
  })
})
