/**
 * The files in the config dir: their modes whatever the umask, and what happens when one is
 * corrupt, truncated or foreign. Such a file is never silently overwritten: a command that only
 * reads it fails and says which file, what is wrong and what to do; a command that must rewrite it
 * (a login) first keeps it beside it under a new name, and says so.
 */
import {chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {
  CLOUDS,
  CONFIG,
  parseProfile,
  parseServicePrincipals,
  parseTokenCache,
  PROFILE,
  readState,
  SERVICE_PRINCIPALS,
  snapshot,
  TOKEN_CACHE,
} from './support/config-files.js'
import type {StateFile} from './support/config-files.js'
import {spawnAz, spawnAzOk} from './support/processes.js'
import type {SpawnResult} from './support/processes.js'
import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, CONTOSO_DEV, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

const SP_LOGIN = ['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO, '--output', 'none']
const USER_LOGIN = ['login', '--use-device-code', '--output', 'none']
const CONTOSO_TRIAL = '50000000-0000-4000-8000-000000000004'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({autoApproveDeviceCodes: ALICE, proxyPort: false})
})

afterAll(() => emulator?.close())

function mode(path: string): number {
  return statSync(path).mode & 0o777
}

function ok(sandbox: EmulatorSandbox, args: string[], umask?: number): Promise<SpawnResult> {
  return spawnAzOk(sandbox, args, {umask})
}

describe('file modes', () => {
  it.each([
    ['000', 0o000],
    ['077', 0o077],
  ])('are 0700 for the config dir and 0600 for every file that holds secrets, under umask %s', async (_name, umask) => {
    const sandbox = new EmulatorSandbox(emulator)
    try {
      const {url} = emulator
      const endpoints = [
        '--endpoint-active-directory',
        url,
        '--endpoint-resource-manager',
        `${url}/`,
        '--endpoint-active-directory-resource-id',
        'https://management.core.windows.net/',
      ]
      // The first command creates the config dir.
      await ok(
        sandbox,
        ['cloud', 'register', '--name', 'Emu', ...endpoints, '--endpoint-active-directory-graph-resource-id', 'https://graph.windows.net/'],
        umask,
      )
      await ok(sandbox, ['cloud', 'set', '--name', 'Emu'], umask)
      await ok(sandbox, USER_LOGIN, umask)
      await ok(sandbox, SP_LOGIN, umask)
      await ok(sandbox, ['config', 'set', 'defaults.location=eastus', '--only-show-errors'], umask)
      await ok(sandbox, ['account', 'set', '--subscription', CONTOSO_TRIAL], umask)
      const modes = Object.fromEntries(readdirSync(sandbox.configDir).map((name) => [name, mode(join(sandbox.configDir, name))]))
      expect({dir: mode(sandbox.configDir), ...modes}).toEqual({
        dir: 0o700,
        // Secrets: tokens, service principal credentials; config as az keeps it.
        [TOKEN_CACHE]: 0o600,
        [SERVICE_PRINCIPALS]: 0o600,
        [CONFIG]: 0o600,
        // No secrets, and az's own mode for them (inside a 0700 directory).
        [PROFILE]: 0o644,
        [CLOUDS]: 0o644,
      })
    } finally {
      sandbox.dispose()
    }
  })
})

describe('core.encrypt_token_cache=true where no encrypted store works (no D-Bus session, so no Secret Service)', () => {
  /** No session bus, whatever the session the tests run in (encrypted-token-cache.test.ts starts one of its own). */
  const encrypted = {AZURE_CORE_ENCRYPT_TOKEN_CACHE: 'true', DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined}

  it('fails with an error that says how to turn it off, and never falls back to a plaintext file', async () => {
    const sandbox = new EmulatorSandbox(emulator)
    try {
      await sandbox.useEmulatorCloud()
      const login = await spawnAz(sandbox, USER_LOGIN, {env: encrypted})
      expect(login.exitCode).toBe(1)
      expect(login.stderr).toContain('ERROR: The encrypted token cache (core.encrypt_token_cache=true) is not available: ')
      expect(login.stderr).toContain('  az config set core.encrypt_token_cache=false\n')
      expect(readdirSync(sandbox.configDir).filter((name) => name.startsWith('msal_token_cache'))).toEqual([])
    } finally {
      sandbox.dispose()
    }
  })

  it('keeps no service principal secret in a plaintext file either', async () => {
    const sandbox = new EmulatorSandbox(emulator)
    try {
      await sandbox.useEmulatorCloud()
      const login = await spawnAz(sandbox, SP_LOGIN, {env: encrypted})
      expect(login.exitCode).toBe(1)
      expect(login.stderr).toContain('ERROR: The encrypted token cache (core.encrypt_token_cache=true) is not available: ')
      expect(
        readdirSync(sandbox.configDir).filter((name) => name.startsWith('service_principal_entries') || name.startsWith('msal_token_cache')),
      ).toEqual([])
    } finally {
      sandbox.dispose()
    }
  })
})

describe('a file that cannot be used', () => {
  let sandbox: EmulatorSandbox
  let good: Map<StateFile, Buffer | undefined>
  let secrets: string[]

  beforeAll(async () => {
    const template = new EmulatorSandbox(emulator)
    await template.useEmulatorCloud()
    await ok(template, USER_LOGIN)
    await ok(template, SP_LOGIN)
    good = snapshot(template.configDir)
    template.dispose()
    const cache = parseTokenCache(good.get(TOKEN_CACHE)!)
    secrets = [...Object.values(cache.RefreshToken ?? {}), ...Object.values(cache.AccessToken ?? {})].map((entry) => String(entry.secret))
    secrets.push(AUTOMATION_SECRET)
  })

  beforeEach(() => {
    sandbox = new EmulatorSandbox(emulator)
    mkdirSync(sandbox.configDir, {mode: 0o700, recursive: true})
    for (const [name, bytes] of good) if (bytes) writeFileSync(join(sandbox.configDir, name), bytes)
    for (const name of [TOKEN_CACHE, SERVICE_PRINCIPALS, CONFIG]) chmodSync(join(sandbox.configDir, name), 0o600)
  })

  afterEach(() => sandbox.dispose())

  function path(name: string): string {
    return join(sandbox.configDir, name)
  }

  function kept(name: string): string[] {
    return readdirSync(sandbox.configDir).filter((entry) => entry.startsWith(`${name}.corrupt-`))
  }

  /** No secret of the config dir, and none of the bad file's content, in what the command printed. */
  function expectNoSecrets(run: SpawnResult, badContent: string): void {
    for (const secret of [...secrets, badContent.slice(-40)]) expect(run.stdout + run.stderr).not.toContain(secret)
  }

  it('a truncated token cache: reads fail naming it, and a login keeps it aside', async () => {
    const truncated = good.get(TOKEN_CACHE)!.subarray(0, 700).toString('utf8')
    writeFileSync(path(TOKEN_CACHE), truncated)
    const read = await spawnAz(sandbox, ['account', 'get-access-token', '--subscription', CONTOSO_TRIAL])
    expect(read.exitCode).toBe(1)
    expect(read.stderr).toBe(
      `ERROR: The token cache '${path(TOKEN_CACHE)}' cannot be read: it is truncated (the JSON ends early).\n` +
        "Run 'az account clear' to delete it (or move the file away to keep a copy), then sign in again with 'az login'.\n",
    )
    expect(readFileSync(path(TOKEN_CACHE), 'utf8')).toBe(truncated)
    expectNoSecrets(read, truncated)

    const login = await ok(sandbox, USER_LOGIN)
    const [aside] = kept(TOKEN_CACHE)
    expect(login.stderr).toContain(
      `WARNING: The token cache '${path(TOKEN_CACHE)}' could not be read (it is truncated (the JSON ends early)). It was moved to '${path(aside)}'`,
    )
    expect(readFileSync(path(aside), 'utf8')).toBe(truncated)
    // Kept as it was, mode included: it may hold tokens.
    expect(mode(path(aside))).toBe(0o600)
    expect(Object.values(readState(sandbox.configDir).tokenCache!.Account ?? {}).map((account) => account.username)).toEqual([ALICE])
    await ok(sandbox, ['account', 'get-access-token', '--subscription', CONTOSO_TRIAL])
  })

  it('a token cache that is JSON but not a token cache: the same', async () => {
    writeFileSync(path(TOKEN_CACHE), '[1, 2]')
    const read = await spawnAz(sandbox, ['account', 'get-access-token', '--subscription', CONTOSO_TRIAL])
    expect(read.exitCode).toBe(1)
    expect(read.stderr).toContain(`The token cache '${path(TOKEN_CACHE)}' cannot be read: it is JSON but not a token cache`)
    expect(readFileSync(path(TOKEN_CACHE), 'utf8')).toBe('[1, 2]')
  })

  it('an azureProfile.json of the older xplat CLI: named, its private key never printed, kept aside by a login', async () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAxplatsecretkeymaterial\n-----END RSA PRIVATE KEY-----\n'
    const xplat = JSON.stringify(
      {
        environments: [],
        subscriptions: [
          {
            environmentName: 'AzureCloud',
            id: '11111111-2222-3333-4444-555555555555',
            isDefault: true,
            managementCertificate: {cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', key},
            managementEndpointUrl: 'https://management.core.windows.net',
            name: 'Contoso Dev',
            registeredProviders: [],
          },
        ],
      },
      undefined,
      4,
    )
    writeFileSync(path(PROFILE), xplat)
    const list = await spawnAz(sandbox, ['account', 'list'])
    expect(list.exitCode).toBe(1)
    expect(list.stderr).toContain(
      `ERROR: The file '${path(PROFILE)}' cannot be used: it was written by the older Azure xplat CLI ('azure'), whose format az cannot read.\n`,
    )
    expect(list.stderr).toContain("Run 'az login' to sign in again")
    expect(list.stderr).toContain("holds a management certificate's private key in plain text")
    expect(list.stderr).not.toContain('xplatsecretkeymaterial')
    expect(readFileSync(path(PROFILE), 'utf8')).toBe(xplat)

    const login = await ok(sandbox, SP_LOGIN)
    const [aside] = kept(PROFILE)
    expect(login.stderr).toContain(`it has been kept as '${path(aside)}' and a new one has been started.`)
    expect(login.stderr).not.toContain('xplatsecretkeymaterial')
    expect(readFileSync(path(aside), 'utf8')).toBe(xplat)
    expect(parseProfile(readFileSync(path(PROFILE))).subscriptions.map((subscription) => subscription.id)).toContain(CONTOSO_DEV)
  })

  it('a corrupt service_principal_entries.json: reads fail naming it, and a service principal login keeps it aside', async () => {
    const corrupt = `${good.get(SERVICE_PRINCIPALS)!.toString('utf8').slice(0, -10)}`
    writeFileSync(path(SERVICE_PRINCIPALS), corrupt)
    const read = await spawnAz(sandbox, ['account', 'get-access-token', '--subscription', CONTOSO_DEV])
    expect(read.exitCode).toBe(1)
    expect(read.stderr).toBe(
      `ERROR: Failed to read '${path(SERVICE_PRINCIPALS)}': it is not valid JSON.\n` +
        'Sign in the service principals again with `az login --service-principal`, or run `az account clear` to start afresh.\n',
    )
    expect(readFileSync(path(SERVICE_PRINCIPALS), 'utf8')).toBe(corrupt)
    expectNoSecrets(read, corrupt)

    const login = await ok(sandbox, SP_LOGIN)
    const [aside] = kept(SERVICE_PRINCIPALS)
    expect(login.stderr).toContain(
      `WARNING: '${path(SERVICE_PRINCIPALS)}' could not be read (it is not valid JSON) and was moved to '${path(aside)}'.`,
    )
    expect(readFileSync(path(aside), 'utf8')).toBe(corrupt)
    expect(parseServicePrincipals(readFileSync(path(SERVICE_PRINCIPALS))).map((entry) => entry.client_id)).toEqual([AUTOMATION_APP])
    expect(mode(path(SERVICE_PRINCIPALS))).toBe(0o600)
  })

  it('a config file that does not parse: named, and never rewritten', async () => {
    writeFileSync(path(CONFIG), '[core\noutput = json\n')
    const set = await spawnAz(sandbox, ['config', 'set', 'defaults.location=eastus'])
    expect(set.exitCode).toBe(1)
    expect(set.stderr).toContain(`The config file '${path(CONFIG)}' is not in a format az can read`)
    expect(set.stderr).toContain('Correct or remove the file, then run the command again.')
    expect(readFileSync(path(CONFIG), 'utf8')).toBe('[core\noutput = json\n')
  })
})
