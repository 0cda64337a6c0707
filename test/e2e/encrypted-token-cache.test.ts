/**
 * core.encrypt_token_cache=true on Linux, for real: the token cache and the service principal
 * entries go through @azure/msal-node-extensions and keytar to libsecret, into the Secret Service
 * of a gnome-keyring on a private D-Bus session (support/secret-service.ts). The keyring's items are
 * read back with keytar, as the extensions store them; the files on disk hold no token or secret.
 * Where the Secret Service cannot be reached, the command fails with the error that says how to
 * turn encryption off, and never falls back to a plaintext file.
 */
import {execFile} from 'node:child_process'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {REPO_ROOT} from './support/cli.js'
import {startSecretService} from './support/secret-service.js'
import type {SecretService} from './support/secret-service.js'
import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, CONTOSO_DEV, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

const run = promisify(execFile)
/** The keyring item's service name (packages/core/src/token-cache/encrypted-store.ts); its account is the file's path. */
const KEYRING_SERVICE = 'azx.msal_token_cache'
const ENCRYPTED_CACHE = 'msal_token_cache.bin'
const ENCRYPTED_PRINCIPALS = 'service_principal_entries.bin'
const NO_SESSION_BUS = {DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined}

type CacheSection = Record<string, {secret: string; home_account_id?: string | null}>
type Cache = Partial<Record<'AccessToken' | 'IdToken' | 'RefreshToken', CacheSection>>

let emulator: Emulator
let secretService: SecretService

beforeAll(async () => {
  ;[emulator, secretService] = await Promise.all([startEmulator({autoApproveDeviceCodes: ALICE, proxyPort: false}), startSecretService()])
})

afterAll(async () => {
  await Promise.all([emulator?.close(), secretService?.close()])
})

/** The Secret Service's items for these files, read with keytar as @azure/msal-node-extensions stores them. */
async function keyringItems(sandbox: EmulatorSandbox): Promise<Map<string, string>> {
  const script = `require('keytar').findCredentials(${JSON.stringify(KEYRING_SERVICE)}).then((items) => process.stdout.write(JSON.stringify(items)))`
  const {stdout} = await run(process.execPath, ['-e', script], {cwd: REPO_ROOT, env: {...secretService.env, PATH: process.env.PATH}})
  const items = JSON.parse(stdout) as {account: string; password: string}[]
  return new Map(
    items
      .filter(({account}) => account.startsWith(`${sandbox.configDir}/`))
      .map(({account, password}) => [account.slice(sandbox.configDir.length + 1), password]),
  )
}

async function storedCache(sandbox: EmulatorSandbox): Promise<Cache> {
  const text = (await keyringItems(sandbox)).get(ENCRYPTED_CACHE)
  if (text === undefined) throw new Error(`The Secret Service holds no ${ENCRYPTED_CACHE} for this config dir`)
  return JSON.parse(text) as Cache
}

function secretsOf(cache: Cache): string[] {
  return [cache.AccessToken, cache.IdToken, cache.RefreshToken].flatMap((section) => Object.values(section ?? {}).map((entry) => entry.secret))
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('core.encrypt_token_cache=true with a Secret Service (gnome-keyring)', () => {
  let sandbox: EmulatorSandbox
  const secrets = new Set<string>()
  const withKeyring = (args: string[]) => sandbox.ok(args, {env: secretService.env})

  beforeAll(async () => {
    sandbox = new EmulatorSandbox(emulator)
    await sandbox.useEmulatorCloud()
    await sandbox.ok(['config', 'set', 'core.encrypt_token_cache=true'])
  })

  afterAll(() => sandbox?.dispose())

  it('az login keeps the tokens in the Secret Service; msal_token_cache.bin only marks when they changed', async () => {
    await withKeyring(['login', '--use-device-code', '--output', 'none'])
    const files = readdirSync(sandbox.configDir)
    expect(files).toContain(ENCRYPTED_CACHE)
    expect(files).not.toContain('msal_token_cache.json')
    const cache = await storedCache(sandbox)
    expect(Object.keys(cache.RefreshToken ?? {})).toHaveLength(1)
    for (const secret of secretsOf(cache)) secrets.add(secret)
    expect(readFileSync(join(sandbox.configDir, ENCRYPTED_CACHE), 'utf8')).not.toContain('RefreshToken')
  })

  it('az account get-access-token answers from the encrypted store with no request', async () => {
    emulator.requests.clear()
    const {stdout} = await withKeyring(['account', 'get-access-token', '--subscription', CONTOSO_DEV, '--query', 'accessToken', '--output', 'tsv'])
    expect(emulator.requests.entries()).toEqual([])
    expect(secretsOf(await storedCache(sandbox))).toContain(stdout.trim())
  })

  it("a service principal's secret and tokens go to the Secret Service too", async () => {
    await withKeyring(['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO, '--output', 'none'])
    const items = await keyringItems(sandbox)
    expect(JSON.parse(items.get(ENCRYPTED_PRINCIPALS)!)).toEqual([{client_id: AUTOMATION_APP, client_secret: AUTOMATION_SECRET, tenant: CONTOSO}])
    expect(readdirSync(sandbox.configDir)).not.toContain('service_principal_entries.json')
    emulator.requests.clear()
    const {stdout} = await withKeyring(['account', 'get-access-token', '--query', 'accessToken', '--output', 'tsv'])
    expect(emulator.requests.entries()).toEqual([])
    const cache = await storedCache(sandbox)
    expect(secretsOf(cache)).toContain(stdout.trim())
    for (const secret of [...secretsOf(cache), AUTOMATION_SECRET]) secrets.add(secret)
  })

  it('no token or secret is on disk in plaintext: not in the config dir, the home, nor the keyring files', () => {
    const files = [...filesUnder(sandbox.root), ...filesUnder(secretService.keyringDir)]
    expect(files).toEqual(expect.arrayContaining([join(sandbox.configDir, ENCRYPTED_CACHE), join(sandbox.configDir, ENCRYPTED_PRINCIPALS)]))
    expect(secrets.size).toBeGreaterThanOrEqual(6)
    const leaks = files.flatMap((file) => {
      const content = readFileSync(file, 'latin1')
      return [...secrets].filter((secret) => content.includes(secret)).map(() => file)
    })
    expect(leaks).toEqual([])
  })

  it('az logout forgets each account in the Secret Service', async () => {
    await withKeyring(['logout', '--username', AUTOMATION_APP])
    expect(JSON.parse((await keyringItems(sandbox)).get(ENCRYPTED_PRINCIPALS)!)).toEqual([])
    await withKeyring(['logout', '--username', ALICE])
    const cache = await storedCache(sandbox).catch(() => ({}) as Cache)
    expect(secretsOf(cache)).toEqual([])
    const after = await sandbox.run(['account', 'get-access-token'], {env: secretService.env})
    expect([after.exitCode, after.stderr]).toEqual([1, expect.stringContaining("Please run 'az login' to setup account.")])
  })
})

describe('core.encrypt_token_cache=true when the Secret Service cannot be reached', () => {
  it('a command after a sign-in fails with the error that says how to turn encryption off, and writes no plaintext cache', async () => {
    const sandbox = new EmulatorSandbox(emulator)
    try {
      await sandbox.useEmulatorCloud()
      await sandbox.ok(['config', 'set', 'core.encrypt_token_cache=true'])
      await sandbox.ok(['login', '--use-device-code', '--output', 'none'], {env: secretService.env})
      const before = readdirSync(sandbox.configDir).sort()

      const result = await sandbox.run(['account', 'get-access-token', '--subscription', CONTOSO_DEV], {env: NO_SESSION_BUS})
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(
        'ERROR: The encrypted token cache (core.encrypt_token_cache=true) is not available: ' +
          'the Secret Service (libsecret over D-Bus, through keytar) did not work (',
      )
      expect(result.stderr).toContain('  az config set core.encrypt_token_cache=false\n')
      expect(readdirSync(sandbox.configDir).sort()).toEqual(before)
      // The tokens are still there for when the Secret Service is back.
      await sandbox.ok(['account', 'get-access-token', '--subscription', CONTOSO_DEV], {env: secretService.env})
    } finally {
      sandbox.dispose()
    }
  })
})
