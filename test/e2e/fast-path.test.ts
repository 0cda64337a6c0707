/**
 * The fast path (@azx/core/fast-path): `az account get-access-token` (with `--min-validity` when the
 * cached token stays valid that long), `az account show` and `az --version` answered before oclif
 * loads. Every command line is run twice, through the fast path and with AZX_FAST_PATH=0, and must
 * print the same bytes and exit with the same code. A preloaded probe records whether oclif was
 * loaded, which shows which path answered.
 */
import {appendFileSync, existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {accountSandbox, copySandbox} from './support/account.js'
import type {CliResult} from './support/cli.js'
import {ALICE, FABRIKAM, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

let emulator: Emulator
let sandbox: EmulatorSandbox
let probe: string
let marker: string

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
  const template = await accountSandbox(emulator)
  sandbox = copySandbox(template)
  template.dispose()
  await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
  probe = join(sandbox.root, 'oclif-probe.cjs')
  marker = join(sandbox.root, 'oclif-loaded')
  // Node puts every CommonJS module in require.cache, those an ES module imports too (oclif is CommonJS).
  writeFileSync(
    probe,
    `process.on('exit', () => { if (Object.keys(require.cache).some((path) => path.includes('@oclif/core'))) require('node:fs').writeFileSync(${JSON.stringify(marker)}, '') })\n`,
  )
})
afterAll(async () => {
  sandbox?.dispose()
  await emulator?.close()
})

interface ProbedResult extends CliResult {
  oclifLoaded: boolean
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}, on: EmulatorSandbox = sandbox): Promise<ProbedResult> {
  rmSync(marker, {force: true})
  const result = await on.run(args, {env: {NODE_OPTIONS: `--require ${probe}`, ...env}})
  return {...result, oclifLoaded: existsSync(marker)}
}

/** The command line through the fast path, then through oclif; both results. */
async function bothPaths(args: string[], on: EmulatorSandbox = sandbox): Promise<{fast: ProbedResult; oclif: ProbedResult}> {
  const fast = await run(args, {}, on)
  const oclif = await run(args, {AZX_FAST_PATH: '0'}, on)
  expect(oclif.oclifLoaded).toBe(true)
  return {fast, oclif}
}

const output = ({exitCode, stderr, stdout}: CliResult) => ({exitCode, stderr, stdout})

describe('answered without oclif, byte for byte what the command prints', () => {
  it.each([
    [['account', 'get-access-token']],
    [['account', 'get-access-token', '--query', 'accessToken', '--output', 'tsv']],
    [['account', 'get-access-token', '-o', 'yaml']],
    [['account', 'get-access-token', '--subscription', 'Contoso Prod']],
    [['account', 'get-access-token', '-n', 'contoso prod', '--scope', 'https://management.core.windows.net//.default']],
    [['account', 'get-access-token', '--tenant', FABRIKAM]],
    [['account', 'get-access-token', '--resource-type', 'ARM', '-o', 'table']],
    [['account', 'get-access-token', '--min-validity', '600']],
    [['account', 'get-access-token', '--min-validity=0', '--query', 'expires_on']],
    [['account', 'show']],
    [['account', 'show', '--name', 'Contoso Prod', '-o', 'table']],
    [['account', 'show', '--query', 'user.name', '-o', 'tsv']],
    [['--version']],
    [['version']],
    [['version', '--query', 'plugins', '-o', 'yaml']],
  ])('az %j', async (args) => {
    const {fast, oclif} = await bothPaths(args)
    expect(output(fast)).toEqual(output(oclif))
    expect(fast.exitCode).toBe(0)
    expect(fast.oclifLoaded).toBe(false)
  })

  // az reads the last of a repeated flag and any unambiguous prefix of a long flag.
  it.each([
    [['account', 'get-access-token', '-o', 'yaml', '-o', 'json', '--query', 'tokenType', '-o', 'tsv'], ['account', 'get-access-token', '--query', 'tokenType', '-o', 'tsv']],
    [['account', 'show', '-o', 'json', '--output', 'TSV', '--query', 'name'], ['account', 'show', '-o', 'tsv', '--query', 'name']],
    [['account', 'show', '--sub', 'Contoso Prod', '--que', 'name', '--out', 'tsv'], ['account', 'show', '--subscription', 'Contoso Prod', '--query', 'name', '--output', 'tsv']],
    [['account', 'get-access-token', '--resource-t', 'arm', '--ten', FABRIKAM, '--que', 'tenant'], ['account', 'get-access-token', '--tenant', FABRIKAM, '--query', 'tenant']],
  ])('az %j, as az %j', async (args, same) => {
    const {fast, oclif} = await bothPaths(args)
    expect(output(fast)).toEqual(output(oclif))
    expect(fast).toMatchObject({exitCode: 0, oclifLoaded: false, stdout: (await run(same)).stdout})
  })
})

describe('a service principal', () => {
  it('gets its cached app token without oclif, as the command prints it', async () => {
    const principal = copySandbox(sandbox)
    try {
      await principal.loginServicePrincipal()
      emulator.requests.clear()
      const {fast, oclif} = await bothPaths(['account', 'get-access-token'], principal)
      expect(output(fast)).toEqual(output(oclif))
      expect(fast).toMatchObject({exitCode: 0, oclifLoaded: false})
      expect(emulator.requests.count()).toBe(0)
    } finally {
      principal.dispose()
    }
  })
})

describe('left to oclif, with the same result', () => {
  it.each([
    ['an unknown subscription', ['account', 'show', '-s', 'Nowhere'], 1],
    ['--subscription with --tenant', ['account', 'get-access-token', '-s', 'Contoso Prod', '--tenant', FABRIKAM], 1],
    ['an unknown --resource-type', ['account', 'get-access-token', '--resource-type', 'bogus'], 2],
    ['a --min-validity that is not a number', ['account', 'get-access-token', '--min-validity', 'soon'], 2],
    ['a negative --min-validity', ['account', 'get-access-token', '--min-validity=-5'], 2],
    ['an unknown flag', ['account', 'show', '--bogus'], 2],
    ['a bad --query', ['account', 'show', '--query', '[?'], 2],
    ['a flag without its value', ['account', 'get-access-token', '-t'], 2],
    ['--query without its value', ['account', 'show', '--query'], 2],
    ['--subscription without its value', ['account', 'show', '-o', 'json', '-s'], 2],
    ['an ambiguous prefix', ['account', 'show', '--o', 'json'], 2],
    ['a value refused before a later one', ['account', 'get-access-token', '-o', 'xml', '-o', 'json'], 2],
    ['a bad --query before a good one', ['account', 'show', '--query', '[?', '--query', 'name'], 2],
    // Repeated flags whose earlier values only their parsers can check: oclif reads them, the last one wins.
    ['a repeated --query', ['account', 'show', '--query', 'id', '--query', 'name', '-o', 'tsv'], 0],
    ['a repeated --subscription, by its aliases', ['account', 'show', '-s', 'Nowhere', '--name', 'Contoso Prod'], 0],
  ])('%s', async (_what, args, exitCode) => {
    const {fast, oclif} = await bothPaths(args as string[])
    expect(output(fast)).toEqual(output(oclif))
    expect(fast.exitCode).toBe(exitCode)
    expect(fast.oclifLoaded).toBe(true)
  })

  it.each([
    ['config', '[core]\noutput = json\noutput = table\n', "sets 'output' twice in the section [core]", ['version']],
    ['clouds.config', '[Emu]\nendpoint_active_directory = https://login.elsewhere.example\n', 'has the section [Emu] twice', []],
  ])('a %s with a section or key written twice: the same refusal, exit 1', async (file, addition, refusal, more) => {
    const twice = copySandbox(sandbox)
    try {
      appendFileSync(join(twice.configDir, file), addition)
      const before = readFileSync(join(twice.configDir, file), 'utf8')
      for (const args of [['account', 'get-access-token'], ['account', 'show'], more].filter((words) => words.length > 0)) {
        const {fast, oclif} = await bothPaths(args, twice)
        expect(output(fast)).toEqual(output(oclif))
        expect(fast).toMatchObject({exitCode: 1, oclifLoaded: true, stdout: ''})
        expect(fast.stderr).toContain(refusal)
      }

      expect(readFileSync(join(twice.configDir, file), 'utf8')).toBe(before)
    } finally {
      twice.dispose()
    }
  })

  it('--debug and --help', async () => {
    expect(await run(['account', 'get-access-token', '--debug'])).toMatchObject({exitCode: 0, oclifLoaded: true})
    const help = await run(['account', 'show', '--help'])
    expect(help).toMatchObject({exitCode: 0, oclifLoaded: true})
    expect(help.stdout).toContain('Get the details of a subscription.')
    // A prefix of --help is help too, as in az.
    expect(await run(['account', 'show', '--hel'])).toEqual({...help, oclifLoaded: true})
  })

  it('a token that is not cached yet: MSAL gets it once, then the fast path answers from the cache', async () => {
    emulator.requests.clear()
    const first = await run(['account', 'get-access-token', '--resource-type', 'ms-graph'])
    expect(first).toMatchObject({exitCode: 0, oclifLoaded: true})
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual(['refresh_token'])
    emulator.requests.clear()
    const second = await run(['account', 'get-access-token', '--resource-type', 'ms-graph'])
    expect(second).toMatchObject({exitCode: 0, oclifLoaded: false, stdout: first.stdout})
    expect(emulator.requests.count()).toBe(0)
  })

  it('a cached token that does not stay valid for --min-validity: declined, MSAL refreshes it, then the fast path answers', async () => {
    // A cached token of 20 minutes, then a minimum longer than it has left and shorter than a new one lives.
    emulator.setAccessTokenLifetime(1200)
    const cached = JSON.parse((await sandbox.ok(['account', 'get-access-token', '--resource-type', 'data-lake'])).stdout)
    emulator.setAccessTokenLifetime(3599)
    const minValidity = String(cached.expires_on - Math.floor(Date.now() / 1000) + 600)
    emulator.requests.clear()
    const {fast, oclif} = await bothPaths(['account', 'get-access-token', '--resource-type', 'data-lake', '--min-validity', minValidity])
    expect(output(fast)).toEqual(output(oclif))
    expect(fast).toMatchObject({exitCode: 0, oclifLoaded: true})
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual(['refresh_token'])
    const renewed = JSON.parse(fast.stdout)
    expect(renewed.accessToken).not.toBe(cached.accessToken)
    expect(renewed.expires_on - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(Number(minValidity) - 2)

    emulator.requests.clear()
    const again = await run(['account', 'get-access-token', '--resource-type', 'data-lake', '--min-validity', minValidity])
    expect(again).toMatchObject({exitCode: 0, oclifLoaded: false, stdout: fast.stdout})
    expect(emulator.requests.count()).toBe(0)
  })

  it('a token close to expiry: declined, and MSAL refreshes it', async () => {
    emulator.setAccessTokenLifetime(120)
    try {
      await sandbox.ok(['account', 'get-access-token', '--resource-type', 'batch'])
      emulator.requests.clear()
      const again = await run(['account', 'get-access-token', '--resource-type', 'batch'])
      expect(again).toMatchObject({exitCode: 0, oclifLoaded: true})
      expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual(['refresh_token'])
    } finally {
      emulator.setAccessTokenLifetime(3599)
    }
  })
})
