/**
 * The quick start (src/runner) against oclif's own start, command line by command line: every
 * kind of line the runner answers (each built-in command, reading and writing, help, commands azx
 * does not have, usage errors, signing in) runs twice, as usual and with AZX_QUICK_START=0, on
 * copies of one signed-in config dir, and must print the same bytes, exit with the same code and
 * leave the same files. A preloaded probe (support/runner-probe.ts) records what the runner did
 * with the line, which shows that the first run was the runner's. (A user plugin's commands, and
 * the command index as plugins come and go: plugins.test.ts.)
 */
import {readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {accountSandbox, copySandbox} from './support/account.js'
import type {CliResult} from './support/cli.js'
import {runnerProbe} from './support/runner-probe.js'
import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, FABRIKAM, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

let emulator: Emulator
let signedIn: EmulatorSandbox
/** The cache dir every run of the runner in bothStarts shares, so that a line's second run takes its command's pack. */
let sharedCacheDir: string

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
  signedIn = await accountSandbox(emulator)
  sharedCacheDir = join(signedIn.root, 'shared-cache')
  await signedIn.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
  // A cloud that is not the active one, for `cloud unregister` to remove.
  await signedIn.ok(['cloud', 'register', '--name', 'Spare', '--cloud-config', emulatorCloudConfig()])
})

/** The `--cloud-config` of a cloud whose Entra ID and Resource Manager are the emulator's. */
function emulatorCloudConfig(): string {
  return JSON.stringify({
    endpoints: {
      activeDirectory: emulator.url,
      activeDirectoryResourceId: 'https://management.core.windows.net/',
      resourceManager: `${emulator.url}/`,
    },
  })
}

afterAll(async () => {
  signedIn?.dispose()
  await emulator?.close()
})

interface Probed extends CliResult {
  /** What the runner did. */
  runner: string
  /** Whether MSAL was loaded. */
  msal: boolean
  /** The config dir's files afterwards, by name (the token cache, whose tokens differ per sign-in, by its accounts). */
  files: Record<string, string>
}

/** Runs `args` on a fresh copy of the signed-in sandbox; the copy is removed afterwards. */
async function runOnCopy(args: string[], env: NodeJS.ProcessEnv): Promise<Probed> {
  const copy = copySandbox(signedIn)
  const probe = runnerProbe(copy.root)
  try {
    const result = await copy.run(args, {env: {...probe.env, ...env}})
    return {...result, files: configFiles(copy.configDir), ...probe.read()}
  } finally {
    copy.dispose()
  }
}

/** `args` on the signed-in sandbox itself (a sequence that builds on what the last command stored). */
async function runSignedIn(args: string[]): Promise<CliResult & {msal: boolean; runner: string}> {
  const probe = runnerProbe(signedIn.root)
  const result = await signedIn.run(args, {env: probe.env})
  return {...result, ...probe.read()}
}

function configFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(dir)) {
    // The Python az's own note of when it last looked for updates (az version) is not azx's.
    if (name.endsWith('.lockfile') || name === 'commands' || name === 'versionCheck.json') continue
    const text = readFileSync(join(dir, name), 'utf8')
    files[name] = name === 'msal_token_cache.json' ? Object.keys(JSON.parse(text).Account ?? {}).join(',') : text
  }

  return files
}

/**
 * The line as the runner starts it, then through oclif's own start; each on its own copy. The
 * runner starts it twice, with the code caches of earlier lines (as oclif's start, in the same
 * cache dir): its command's pack is made or completed by the first run and used by the second
 * (src/runner/load.ts); both answer the same.
 */
async function bothStarts(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{quick: Probed; oclif: Probed}> {
  const shared = {...env, XDG_CACHE_HOME: sharedCacheDir}
  const recording = await runOnCopy(args, shared)
  // A line the runner answered runs again, from its command's pack.
  const quick = recording.runner === 'answered' ? await runOnCopy(args, shared) : recording
  expect(outcome(quick)).toEqual(outcome(recording))
  const oclif = await runOnCopy(args, {...shared, AZX_QUICK_START: '0'})
  expect(oclif.runner).toBe('declined')
  return {oclif, quick}
}

/** What a user sees and keeps: output, exit code, files (each copy is in a folder of its own). */
function outcome({exitCode, files, stderr, stdout}: Probed) {
  const anySandbox = (text: string) => text.replaceAll(/\/[^\s"'(]*azx-e2e-[^/\s"']+\//g, '<sandbox>/')
  return {exitCode, files, stderr: anySandbox(stderr), stdout: anySandbox(stdout)}
}

async function expectSameAnswer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Probed> {
  const {oclif, quick} = await bothStarts(args, env)
  expect(outcome(quick)).toEqual(outcome(oclif))
  expect(quick.runner).toBe('answered')
  return quick
}

describe('every built-in command, as the runner starts it and as oclif does', () => {
  it.each([
    [['account', 'show']],
    [['account', 'show', '--name', 'Contoso Prod', '-o', 'table']],
    [['account', 'list', '-o', 'table']],
    [['account', 'list', '--all', '--query', '[].name', '-o', 'tsv']],
    [['account', 'get-access-token']],
    [['account', 'get-access-token', '--query', 'accessToken', '--output', 'tsv']],
    [['account', 'get-access-token', '--tenant', FABRIKAM, '-o', 'yaml']],
    [['account', 'get-access-token', '--resource-type', 'arm', '--min-validity', '600', '--query', 'tokenType']],
    [['account', 'get-access-token', '--scope', 'https://management.core.windows.net//.default', '-s', 'Contoso Prod']],
    [['account', 'tenant', 'list', '-o', 'table']],
    [['account', 'status', '--query', '[].status']],
    [['account', 'identity-endpoint', 'list']],
    [['config', 'get']],
    [['config', 'get', 'cloud']],
    [['config', 'mode', 'arm']],
    [['cloud', 'list', '-o', 'table']],
    [['cloud', 'show', '--name', 'AzureChinaCloud']],
    [['cloud', 'list-profiles']],
    [['plugins', 'list']],
    // Lines az reads its own way: the last of a repeated flag, a prefix of a long flag.
    [['account', 'show', '-o', 'json', '--output', 'TSV', '--query', 'name']],
    [['account', 'show', '--sub', 'Contoso Prod', '--que', 'name', '--out', 'tsv']],
    // Logging flags, which the commands themselves handle.
    [['account', 'show', '--verbose']],
    [['account', 'list', '--only-show-errors']],
  ])('reads: az %j', async (args) => {
    await expectSameAnswer(args)
  })

  // The Python az's versions are asked of it and kept in the data dir; delegation.test.ts checks that part.
  it.each([[['version']], [['--version']], [['version', '--query', 'plugins', '-o', 'yaml']]])(
    'reads: az %j, without the Python az',
    async (args) => {
      await expectSameAnswer(args, {AZURE_CORE_DELEGATE_TO_PYTHON_AZ: 'false'})
    },
  )

  it.each([
    [['account', 'set', '--subscription', 'Contoso Prod']],
    [['account', 'clear']],
    [['logout']],
    [['config', 'set', 'core.output=table', 'defaults.group=rg-web']],
    [['config', 'unset', 'cloud.name']],
    [['cloud', 'set', '--name', 'AzureCloud']],
    [['cloud', 'update', '--name', 'AzureChinaCloud', '--profile', '2019-03-01-hybrid']],
    [['cloud', 'unregister', '--name', 'Spare']],
    [['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO]],
  ])('writes: az %j', async (args) => {
    expect((await expectSameAnswer(args)).exitCode).toBe(0)
  })

  it('writes: az cloud register, with the metadata of its Resource Manager', async () => {
    expect((await expectSameAnswer(['cloud', 'register', '--name', 'Other', '--cloud-config', emulatorCloudConfig()])).exitCode).toBe(0)
  })
})

describe('help, as the runner starts it and as oclif does', () => {
  it.each([
    [[]],
    [['--help']],
    [['account']],
    [['account', 'tenant', '-h']],
    [['account', 'get-access-token', '--help']],
    [['config', 'set', '--help']],
    [['plugins', 'install', '--help']],
    [['account', 'show', '--help', '--query', 'name']],
  ])('az %j', async (args) => {
    expect((await expectSameAnswer(args)).stdout).not.toBe('')
  })
})

describe('commands azx does not have, as the runner starts them and as oclif does', () => {
  const withoutPythonAz = {AZURE_CORE_DELEGATE_TO_PYTHON_AZ: 'false'}

  it.each([
    [['acount', 'list']],
    [['account', 'shw']],
    [['account', 'show', 'extra']],
    [['plugins', 'bogus']],
    [['vm', 'list', '--resource-group', 'rg-web']],
  ])('az %j, not handed to the Python az', async (args) => {
    expect(await expectSameAnswer(args, withoutPythonAz)).toMatchObject({exitCode: 2})
  })

  it('az vm list, handed to the Python az with its words and its exit code', async () => {
    const stand = join(signedIn.root, 'python-az')
    writeFileSync(stand, '#!/bin/sh\necho "python az: $*"\nexit 3\n', {mode: 0o755})
    expect(await expectSameAnswer(['vm', 'list', '-g', 'rg web'], {AZX_PYTHON_AZ: stand})).toMatchObject({
      exitCode: 3,
      stdout: 'python az: vm list -g rg web\n',
    })
  })
})

describe('usage errors, as the runner starts the command and as oclif does', () => {
  it.each([
    [['account', 'set']],
    [['account', 'show', '--bogus', 'x']],
    [['account', 'show', '-o', 'xml']],
    [['account', 'show', '--query', '[?']],
    [['account', 'show', '--o', 'json']],
    [['account', 'get-access-token', '-t']],
    [['account', 'get-access-token', '--resource-type', 'bogus']],
    [['account', 'get-access-token', '--min-validity', 'soon']],
    [['account', 'get-access-token', '-o', 'xml', '-o', 'json']],
    [['account', 'show', '--only-show-errors', '--debug']],
    [['cloud', 'set']],
  ])('az %j', async (args) => {
    expect(await expectSameAnswer(args)).toMatchObject({exitCode: 2})
  })

  it.each([
    ['az config set nodot', ['config', 'set', 'nodot']],
    ['az cloud unregister of the active cloud', ['cloud', 'unregister', '--name', 'Emu']],
  ])('%s: az’s error, exit 1', async (_line, args) => {
    expect(await expectSameAnswer(args)).toMatchObject({exitCode: 1})
  })
})

describe('what the runner leaves to oclif', () => {
  it.each([
    ['a command of oclif’s own plugins', ['autocomplete', 'script', 'bash']],
    ['`az help`', ['help', 'account']],
  ])('%s: declined, and oclif answers', async (_what, args) => {
    const {oclif, quick} = await bothStarts(args)
    expect(quick.runner).toBe('declined')
    expect(outcome(quick)).toEqual(outcome(oclif))
  })

  it('oclif’s debug output (DEBUG): declined, and oclif prints it', async () => {
    const {oclif, quick} = await bothStarts(['account', 'show'], {DEBUG: 'oclif:*'})
    expect(quick).toMatchObject({exitCode: 0, runner: 'declined', stdout: oclif.stdout})
    expect(quick.stderr).toContain('oclif:config runCommand account:show')
  })

  it('a code cache V8 refuses: compiled again, the same answer', async () => {
    const copy = copySandbox(signedIn)
    const probe = runnerProbe(copy.root)
    const cacheDir = join(copy.home, '.cache', 'azx', 'code-cache')
    const run = async () => ({...(await copy.run(['account', 'show'], {env: probe.env})), ...probe.read()})
    try {
      const first = await run()
      for (const name of readdirSync(cacheDir)) writeFileSync(join(cacheDir, name), 'not a code cache')
      expect(await run()).toEqual(first)
      expect(first).toMatchObject({exitCode: 0, runner: 'answered'})
    } finally {
      rmSync(copy.root, {force: true, recursive: true})
    }
  })
})

describe('a command’s pack (src/runner/load.ts)', () => {
  /** A copy of the signed-in sandbox, its code cache dir, and a run of `args` on it that reports the runner's outcome. */
  function packSandbox(args: string[]) {
    const copy = copySandbox(signedIn)
    const probe = runnerProbe(copy.root)
    const cacheDir = join(copy.home, '.cache', 'azx', 'code-cache')
    const run = async () => ({...(await copy.run(args, {env: probe.env})), ...probe.read()})
    const packFile = () =>
      join(
        cacheDir,
        readdirSync(cacheDir).find((name) => name.startsWith('pack.') && name.endsWith('.js'))!,
      )
    return {cacheDir, copy, packFile, run}
  }

  /** The first line of a pack: the bundles it was made from and its files. */
  function packHeader(file: string): {bundles: Record<string, string>; files: string[]} {
    const text = readFileSync(file, 'latin1')
    return JSON.parse(text.slice('//azx-pack '.length, text.indexOf('\n'))) as {bundles: Record<string, string>; files: string[]}
  }

  it('the first run keeps what the command loaded as its pack; later runs take the modules from it, with the same answer', async () => {
    const {cacheDir, copy, packFile, run} = packSandbox(['account', 'show'])
    try {
      const first = await run()
      expect(first).toMatchObject({exitCode: 0, runner: 'answered'})
      const header = packHeader(packFile())
      expect(header.files.some((file) => file.endsWith('/command.account__show.cjs'))).toBe(true)
      expect(Object.keys(header.bundles)).toEqual([expect.stringMatching(/\/dist\/bundles\/host\/bundle\.json$/)])

      // Without the files' own code caches: a run that read its modules from their files would make them again.
      const ownCaches = () => readdirSync(cacheDir).filter((name) => !name.startsWith('pack.'))
      for (const name of ownCaches()) rmSync(join(cacheDir, name))
      expect(await run()).toEqual(first)
      expect(await run()).toEqual(first)
      const packed = new Set(header.files.map((file) => file.slice(file.indexOf('/bundles/') + '/bundles/'.length).replaceAll('/', '+')))
      expect(ownCaches().filter((name) => packed.has(name.slice(0, name.lastIndexOf('@'))))).toEqual([])
      expect(readdirSync(cacheDir).filter((name) => name.startsWith('pack.') && name.includes('.js@'))).toHaveLength(1)
    } finally {
      rmSync(copy.root, {force: true, recursive: true})
    }
  })

  it('a pack made from another build of a bundle is left aside, and made anew', async () => {
    const {copy, packFile, run} = packSandbox(['account', 'show'])
    try {
      const first = await run()
      const file = packFile()
      const header = packHeader(file)
      const older = Object.fromEntries(Object.keys(header.bundles).map((manifest) => [manifest, '1-1']))
      // Modules that would fail the command, were they run.
      const failing = header.files.map(() => '(function () { throw new Error("a module of an older build") })')
      writeFileSync(file, `//azx-pack ${JSON.stringify({bundles: older, files: header.files})}\n[\n${failing.join(',\n')}\n]\n`)
      expect(await run()).toEqual(first)
      expect(packHeader(file).bundles).toEqual(header.bundles)
      expect(await run()).toEqual(first)
    } finally {
      rmSync(copy.root, {force: true, recursive: true})
    }
  })
})

describe('a token from the cache file, MSAL only when the cache cannot answer', () => {
  const tokenGrants = () => emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)

  it('a token that is not cached yet: MSAL gets it once, then it comes from the cache file, without a request', async () => {
    emulator.requests.clear()
    const first = await runSignedIn(['account', 'get-access-token', '--resource-type', 'ms-graph'])
    expect(first).toMatchObject({exitCode: 0, msal: true, runner: 'answered'})
    expect(tokenGrants()).toEqual(['refresh_token'])
    emulator.requests.clear()
    const second = await runSignedIn(['account', 'get-access-token', '--resource-type', 'ms-graph'])
    expect(second).toMatchObject({exitCode: 0, msal: false, runner: 'answered', stdout: first.stdout})
    expect(emulator.requests.count()).toBe(0)
  })

  it('a cached token that does not stay valid for --min-validity: MSAL renews it, then the cache answers', async () => {
    // A cached token of 20 minutes, then a minimum longer than it has left and shorter than a new one lives.
    emulator.setAccessTokenLifetime(1200)
    const cached = JSON.parse((await signedIn.ok(['account', 'get-access-token', '--resource-type', 'data-lake'])).stdout)
    emulator.setAccessTokenLifetime(3599)
    const minValidity = String(cached.expires_on - Math.floor(Date.now() / 1000) + 600)
    emulator.requests.clear()
    const renewed = await runSignedIn(['account', 'get-access-token', '--resource-type', 'data-lake', '--min-validity', minValidity])
    expect(renewed).toMatchObject({exitCode: 0, msal: true})
    expect(tokenGrants()).toEqual(['refresh_token'])
    const token = JSON.parse(renewed.stdout)
    expect(token.accessToken).not.toBe(cached.accessToken)
    expect(token.expires_on - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(Number(minValidity) - 2)

    emulator.requests.clear()
    expect(await runSignedIn(['account', 'get-access-token', '--resource-type', 'data-lake', '--min-validity', minValidity])).toMatchObject({
      exitCode: 0,
      msal: false,
      stdout: renewed.stdout,
    })
    expect(emulator.requests.count()).toBe(0)
  })

  it('a token close to expiry: MSAL refreshes it', async () => {
    emulator.setAccessTokenLifetime(120)
    try {
      await signedIn.ok(['account', 'get-access-token', '--resource-type', 'batch'])
      emulator.requests.clear()
      expect(await runSignedIn(['account', 'get-access-token', '--resource-type', 'batch'])).toMatchObject({exitCode: 0, msal: true})
      expect(tokenGrants()).toEqual(['refresh_token'])
    } finally {
      emulator.setAccessTokenLifetime(3599)
    }
  })
})
