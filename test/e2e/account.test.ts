/**
 * `az account …` through the built CLI against the emulator: list, show, set, clear,
 * get-access-token, tenant list and import, for a user, a service principal and a managed
 * identity. Messages that need no network were compared with the Python az 2.45; where current az
 * differs from 2.45 (`expires_on`, the re-login advice), current az is followed.
 */
import {generateKeyPairSync, randomBytes} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {DEFAULT_SEED_PATH} from '@azx/emulator'
import type {SeedFile} from '@azx/emulator'

import {accountSandbox, ARM_SCOPE, claims, copySandbox, readProfile, RESOURCES, wallClock, writeProfile} from './support/account.js'
import {CliSandbox} from './support/cli.js'
import type {CliResult} from './support/cli.js'
import {ALICE, AUTOMATION_APP, CONTOSO, CONTOSO_DEV, FABRIKAM, NORTHWIND, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

const CONTOSO_PROD = '50000000-0000-4000-8000-000000000002'
const CONTOSO_LEGACY = '50000000-0000-4000-8000-000000000003'
/** Two subscriptions named alike (in different casing), in two tenants Alice reaches. */
const SANDBOX_CONTOSO = '50000000-0000-4000-8000-000000000009'
const SANDBOX_FABRIKAM = '50000000-0000-4000-8000-000000000010'
/** Only Fabrikam lists it (Fabrikam Shared is also listed by Contoso, which manages it). */
const FABRIKAM_RESEARCH = '50000000-0000-4000-8000-000000000011'

const LOGIN_MESSAGE = "ERROR: Please run 'az login' to setup account.\n"
const SKIPPED_WARNING = "WARNING: A few accounts are skipped as they don't have 'Enabled' state. Use '--all' to display them.\n"
const RELOGIN = 'Run the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\n'

/** The default seed plus two subscriptions with the same name in different tenants, and one more in Fabrikam. */
function seed(): SeedFile {
  const file = JSON.parse(readFileSync(DEFAULT_SEED_PATH, 'utf8')) as SeedFile & {subscriptions: object[]}
  file.subscriptions.push(
    {displayName: 'Shared Sandbox', id: SANDBOX_CONTOSO, state: 'Enabled', tenant: CONTOSO},
    {displayName: 'shared sandbox', id: SANDBOX_FABRIKAM, state: 'Enabled', tenant: FABRIKAM},
    {displayName: 'Fabrikam Research', id: FABRIKAM_RESEARCH, state: 'Enabled', tenant: FABRIKAM},
  )
  return file
}

let emulator: Emulator
/** A sandbox with the emulator cloud registered and active, and nothing else: each block starts from a copy. */
let template: EmulatorSandbox

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false, seed: seed()})
  template = await accountSandbox(emulator)
})
afterAll(async () => {
  template.dispose()
  await emulator.close()
})

function json<T = Record<string, unknown>>(result: CliResult): T {
  expect(result).toMatchObject({exitCode: 0})
  return JSON.parse(result.stdout) as T
}

/** The lines of an `az` table, each split into its cells. */
function tableRows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/ {2,}/))
}

describe('not signed in (checked against az 2.45)', () => {
  let sandbox: CliSandbox
  beforeAll(() => {
    sandbox = new CliSandbox()
  })
  afterAll(() => sandbox.dispose())

  it('lists nothing, with a warning and exit 0', async () => {
    expect(await sandbox.run(['account', 'list'])).toEqual({
      exitCode: 0,
      stderr: 'WARNING: Please run "az login" to access your accounts.\n',
      stdout: '[]\n',
    })
  })

  it('show, get-access-token and tenant list say to sign in, exit 1', async () => {
    const commands = [
      ['account', 'show'],
      ['account', 'show', '-n', 'x'],
      ['account', 'get-access-token'],
      ['account', 'get-access-token', '--query', 'accessToken', '-o', 'tsv'],
      ['account', 'tenant', 'list'],
    ]
    // They only read, so they may run at once.
    const results = await Promise.all(commands.map((args) => sandbox.run(args)))
    for (const result of results) expect(result).toEqual({exitCode: 1, stderr: LOGIN_MESSAGE, stdout: ''})
  })

  it('account set names the value lowercased and the cloud', async () => {
    expect(await sandbox.run(['account', 'set', '-s', 'FooBar'])).toEqual({
      exitCode: 1,
      stderr: "ERROR: The subscription of 'foobar' doesn't exist in cloud 'AzureCloud'.\n",
      stdout: '',
    })
  })

  it('account set without a subscription is a usage error, exit 2', async () => {
    expect(await sandbox.run(['account', 'set'])).toEqual({
      exitCode: 2,
      // az prints the command's help examples here; az 2.45's `account set` has none, azx's help has one.
      stderr:
        'ERROR: the following arguments are required: --subscription/-s/--name/-n\n\nExamples from AI knowledge base:\n' +
        'az account set --subscription "My Demos"\nSet the default subscription.\n' +
        '\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n',
      stdout: '',
    })
  })

  it('get-access-token refuses --subscription with --tenant before anything else', async () => {
    expect(await sandbox.run(['account', 'get-access-token', '-s', 'a', '--tenant', 'b'])).toEqual({
      exitCode: 1,
      stderr: 'ERROR: Please specify only one of subscription and tenant, not both\n',
      stdout: '',
    })
  })

  it('get-access-token rejects an unknown --resource-type, exit 2', async () => {
    const result = await sandbox.run(['account', 'get-access-token', '--resource-type', 'foo'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(
      /^ERROR: az account get-access-token: 'foo' is not a valid value for '--resource-type'\. Allowed values: oss-rdbms, arm, aad-graph, ms-graph, batch, media, data-lake\.\n/,
    )
  })

  it('account clear succeeds silently with nothing to clear', async () => {
    expect(await sandbox.run(['account', 'clear'])).toEqual({exitCode: 0, stderr: '', stdout: ''})
  })
})

describe('a signed-in user', () => {
  let sandbox: EmulatorSandbox
  const enabled = ['Contoso Dev', 'Contoso Prod', 'Fabrikam Research', 'Fabrikam Shared', 'Shared Sandbox', 'shared sandbox']

  beforeAll(async () => {
    sandbox = copySandbox(template)
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
  })
  afterAll(() => sandbox.dispose())
  beforeEach(() => emulator.requests.clear())

  describe('az account list', () => {
    it("lists the current cloud's Enabled subscriptions with cloudName, warning about the others", async () => {
      const result = await sandbox.run(['account', 'list'])
      expect(result.stderr).toBe(SKIPPED_WARNING)
      const listed = json<Record<string, unknown>[]>(result)
      expect(listed.map((subscription) => subscription.name).sort()).toEqual(enabled)
      for (const subscription of listed) {
        expect(subscription).toMatchObject({cloudName: 'Emu', state: 'Enabled', user: {name: ALICE, type: 'user'}})
        expect(subscription).not.toHaveProperty('environmentName')
      }

      expect(listed.filter((subscription) => subscription.isDefault).map((subscription) => subscription.id)).toEqual([CONTOSO_DEV])
      expect(emulator.requests.count()).toBe(0)
    })

    it('lists every state with --all, without the warning', async () => {
      const result = await sandbox.run(['account', 'list', '--all'])
      expect(result.stderr).toBe('')
      const states = new Set(json<{state: string}[]>(result).map((subscription) => subscription.state))
      expect(states).toEqual(new Set(['Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted']))
    })

    it("prints az's table columns with -o table", async () => {
      const result = await sandbox.ok(['account', 'list', '-o', 'table'])
      const [header, rule, ...rows] = tableRows(result.stdout)
      expect(header).toEqual(['Name', 'CloudName', 'SubscriptionId', 'TenantId', 'State', 'IsDefault'])
      expect(rule.every((cell) => /^-+$/.test(cell))).toBe(true)
      expect(rows).toContainEqual(['Contoso Dev', 'Emu', CONTOSO_DEV, CONTOSO, 'Enabled', 'True'])
      expect(rows).toContainEqual(['Contoso Prod', 'Emu', CONTOSO_PROD, CONTOSO, 'Enabled', 'False'])
      expect(rows).toHaveLength(enabled.length)
    })

    it('shows other clouds only with --all', async () => {
      const copy = copySandbox(sandbox)
      try {
        const profile = readProfile(copy)
        const elsewhere = {
          ...profile.subscriptions[0],
          environmentName: 'AzureCloud',
          id: '60000000-0000-4000-8000-000000000001',
          isDefault: false,
          name: 'Public Sub',
        }
        writeProfile(copy, {...profile, subscriptions: [...profile.subscriptions, elsewhere]})
        const current = json<{name: string}[]>(await copy.run(['account', 'list']))
        expect(current.map((subscription) => subscription.name)).not.toContain('Public Sub')
        const all = json<{cloudName: string; name: string}[]>(await copy.run(['account', 'list', '--all']))
        expect(all.find((subscription) => subscription.name === 'Public Sub')?.cloudName).toBe('AzureCloud')
      } finally {
        copy.dispose()
      }
    })

    it('--refresh finds the subscriptions again with the stored account and replaces the stored list', async () => {
      const copy = copySandbox(sandbox)
      try {
        const profile = readProfile(copy)
        const stale = {...profile.subscriptions[0], id: '59999999-0000-4000-8000-000000000001', isDefault: false, name: 'Gone Sub'}
        const elsewhere = {
          ...profile.subscriptions[0],
          environmentName: 'AzureCloud',
          id: '60000000-0000-4000-8000-000000000001',
          isDefault: false,
          name: 'Public Sub',
        }
        writeProfile(copy, {
          ...profile,
          subscriptions: [...profile.subscriptions.filter((subscription) => subscription.id !== CONTOSO_PROD), stale, elsewhere],
        })

        const result = await copy.run(['account', 'list', '--refresh'])
        const listed = json<{id: string; isDefault: boolean; name: string}[]>(result)
        expect(listed.map((subscription) => subscription.name).sort()).toEqual(enabled)
        expect(listed.find((subscription) => subscription.isDefault)?.id).toBe(CONTOSO_DEV)
        // The tenant that needs MFA is reported as az login reports it.
        expect(result.stderr).toContain(`WARNING: Authentication failed against tenant ${NORTHWIND} 'Northwind (MFA required)': AADSTS50076`)
        expect(result.stderr).toContain(
          'WARNING: If you need to access subscriptions in the following tenants, please use `az login --tenant TENANT_ID`.',
        )
        expect(result.stderr).toContain(SKIPPED_WARNING)
        // ARM's tenant list (two pages: the seed pages every 2 items), then each tenant's subscriptions.
        expect(emulator.requests.count({method: 'GET', route: 'tenants'})).toBe(2)
        expect(emulator.requests.count({route: 'subscriptions'})).toBeGreaterThanOrEqual(3)

        const stored = readProfile(copy).subscriptions
        expect(stored.map((subscription) => subscription.name)).not.toContain('Gone Sub')
        expect(stored.filter((subscription) => subscription.environmentName === 'Emu')).toHaveLength(readProfile(sandbox).subscriptions.length)
        // Not refreshed, so kept (az drops other clouds' subscriptions here).
        expect(stored.find((subscription) => subscription.name === 'Public Sub')?.environmentName).toBe('AzureCloud')
      } finally {
        copy.dispose()
      }
    })
  })

  describe('az account show and --subscription', () => {
    it('shows the default subscription as stored, with environmentName', async () => {
      const shown = json(await sandbox.run(['account', 'show']))
      const stored = readProfile(sandbox).subscriptions.find((subscription) => subscription.id === CONTOSO_DEV)!
      expect(shown).toEqual(stored)
      expect(shown).toMatchObject({environmentName: 'Emu', isDefault: true, name: 'Contoso Dev', tenantId: CONTOSO})
      expect(emulator.requests.count()).toBe(0)
    })

    it.each([
      ['-s', CONTOSO_PROD.toUpperCase()],
      ['--subscription', 'contoso prod'],
      ['-n', 'CONTOSO PROD'],
      ['--name', CONTOSO_PROD],
    ])('finds a subscription by ID or name in any casing: %s %s', async (flag, value) => {
      expect(json(await sandbox.run(['account', 'show', flag, value]))).toMatchObject({id: CONTOSO_PROD, isDefault: false, name: 'Contoso Prod'})
    })

    it('says how to correct an unknown subscription', async () => {
      expect(await sandbox.run(['account', 'show', '-s', 'Nope'])).toEqual({
        exitCode: 1,
        stderr: "ERROR: Subscription 'Nope' not found. Check the spelling and casing and try again.\n",
        stdout: '',
      })
    })

    it('refuses an ambiguous name and lists the IDs that match', async () => {
      const result = await sandbox.run(['account', 'show', '-s', 'SHARED SANDBOX'])
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(/^ERROR: Multiple subscriptions with the name 'SHARED SANDBOX' found\. Specify the subscription ID\.\n/)
      expect(result.stderr).toContain(SANDBOX_CONTOSO)
      expect(result.stderr).toContain(SANDBOX_FABRIKAM)
    })

    it('takes an ID where a name is ambiguous', async () => {
      expect(json(await sandbox.run(['account', 'show', '-s', SANDBOX_FABRIKAM]))).toMatchObject({name: 'shared sandbox', tenantId: FABRIKAM})
    })
  })

  describe('az account set', () => {
    let copy: EmulatorSandbox
    beforeAll(() => {
      copy = copySandbox(sandbox)
    })
    afterAll(() => copy.dispose())

    it('sets the default by name in any casing, prints nothing, and records it in clouds.config', async () => {
      expect(await copy.run(['account', 'set', '-n', 'CONTOSO prod'])).toEqual({exitCode: 0, stderr: '', stdout: ''})
      const defaults = readProfile(copy).subscriptions.filter((subscription) => subscription.isDefault)
      expect(defaults.map((subscription) => subscription.id)).toEqual([CONTOSO_PROD])
      expect(readFileSync(join(copy.configDir, 'clouds.config'), 'utf8')).toContain(`subscription = ${CONTOSO_PROD}`)
      expect(json(await copy.run(['account', 'show']))).toMatchObject({id: CONTOSO_PROD})
      expect(json(await copy.run(['account', 'get-access-token']))).toMatchObject({subscription: CONTOSO_PROD, tenant: CONTOSO})
    })

    it('accepts an ID in any casing, and a Disabled subscription', async () => {
      const defaultOf = () => readProfile(copy).subscriptions.filter((subscription) => subscription.isDefault)
      await copy.ok(['account', 'set', '--subscription', CONTOSO_LEGACY.toUpperCase()])
      expect(defaultOf()).toEqual([expect.objectContaining({id: CONTOSO_LEGACY, state: 'Disabled'})])
      await copy.ok(['account', 'set', '-s', 'Fabrikam Research'])
      expect(defaultOf()).toEqual([expect.objectContaining({id: FABRIKAM_RESEARCH, tenantId: FABRIKAM})])
    })

    it('names an unknown value lowercased, with the cloud', async () => {
      expect(await copy.run(['account', 'set', '-s', 'NoSuch Sub'])).toEqual({
        exitCode: 1,
        stderr: "ERROR: The subscription of 'nosuch sub' doesn't exist in cloud 'Emu'.\n",
        stdout: '',
      })
    })

    it('refuses an ambiguous name, listing the IDs that match, and changes nothing', async () => {
      const before = readFileSync(join(copy.configDir, 'azureProfile.json'), 'utf8')
      const result = await copy.run(['account', 'set', '--name', 'Shared SANDBOX'])
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toMatch(/^ERROR: The subscription of 'shared sandbox' has more than one match in cloud 'Emu'\.\n/)
      expect(result.stderr).toContain(SANDBOX_CONTOSO)
      expect(result.stderr).toContain(SANDBOX_FABRIKAM)
      expect(readFileSync(join(copy.configDir, 'azureProfile.json'), 'utf8')).toBe(before)
    })
  })

  describe('az account get-access-token', () => {
    it("prints az's JSON, keys sorted, for the default subscription, from the cache with zero requests", async () => {
      const result = await sandbox.ok(['account', 'get-access-token'])
      expect(emulator.requests.count()).toBe(0)
      const token = JSON.parse(result.stdout)
      expect(Object.keys(token)).toEqual(['accessToken', 'expiresOn', 'expires_on', 'subscription', 'tenant', 'tokenType'])
      expect(token).toMatchObject({subscription: CONTOSO_DEV, tenant: CONTOSO, tokenType: 'Bearer'})
      expect(result.stdout).toMatch(/"expires_on": \d+,\n/)
      const jwt = claims(token.accessToken)
      expect(jwt).toMatchObject({aud: RESOURCES.arm, tid: CONTOSO, upn: ALICE})
      // MSAL computes the expiry from expires_in, so it may differ from the JWT's exp by the request's duration.
      expect(Math.abs(token.expires_on - (jwt.exp as number))).toBeLessThanOrEqual(2)
      expect(token.expires_on).toBeGreaterThan(Date.now() / 1000 + 3000)

      const again = JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout)
      expect(again.accessToken).toBe(token.accessToken)
      expect(emulator.requests.count()).toBe(0)
    })

    it('prints expiresOn as local wall-clock time, the same instant as expires_on', async () => {
      const byZone: Record<string, {expiresOn: string; expires_on: number}> = {}
      for (const timeZone of ['America/New_York', 'UTC']) {
        byZone[timeZone] = json(await sandbox.run(['account', 'get-access-token'], {env: {TZ: timeZone}}))
        expect(byZone[timeZone].expiresOn).toBe(wallClock(byZone[timeZone].expires_on, timeZone))
      }

      expect(byZone.UTC.expires_on).toBe(byZone['America/New_York'].expires_on)
      expect(byZone.UTC.expiresOn).toBe(
        new Date(byZone.UTC.expires_on * 1000)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d{3}Z$/, '.000000'),
      )
      expect(byZone.UTC.expiresOn).not.toBe(byZone['America/New_York'].expiresOn)
    })

    it('prints the bare token with --query accessToken -o tsv, and one tab-separated line with -o tsv', async () => {
      const token = json<{accessToken: string; expiresOn: string; expires_on: number}>(await sandbox.run(['account', 'get-access-token']))
      expect(await sandbox.run(['account', 'get-access-token', '--query', 'accessToken', '-o', 'tsv'])).toEqual({
        exitCode: 0,
        stderr: '',
        stdout: `${token.accessToken}\n`,
      })
      const tsv = await sandbox.ok(['account', 'get-access-token', '-o', 'tsv'])
      expect(tsv.stdout).toBe(`${[token.accessToken, token.expiresOn, token.expires_on, CONTOSO_DEV, CONTOSO, 'Bearer'].join('\t')}\n`)
    })

    it.each(Object.entries(RESOURCES))('--resource-type %s gets a token for %s', async (type, resource) => {
      const token = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token', '--resource-type', type]))
      expect(claims(token.accessToken).aud).toBe(resource)
    })

    it('--resource appends /.default, keeping a trailing slash', async () => {
      const plain = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token', '--resource', 'https://management.azure.com']))
      expect(claims(plain.accessToken).aud).toBe('https://management.azure.com')
      const slash = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token', '--resource', 'https://vault.azure.net/']))
      expect(claims(slash.accessToken).aud).toBe('https://vault.azure.net/')
    })

    it('--scope is repeatable and takes several values, and wins over --resource', async () => {
      const repeated = json<{accessToken: string}>(
        await sandbox.run([
          'account',
          'get-access-token',
          '--scope',
          'https://graph.microsoft.com/User.Read',
          '--scope',
          'https://graph.microsoft.com/Mail.Read',
        ]),
      )
      expect(claims(repeated.accessToken)).toMatchObject({aud: 'https://graph.microsoft.com', scp: 'User.Read Mail.Read'})
      const several = json<{accessToken: string}>(
        await sandbox.run([
          'account',
          'get-access-token',
          '--resource',
          'https://management.azure.com',
          '--scope',
          'https://graph.microsoft.com/User.Read',
          'https://graph.microsoft.com/Mail.Read',
        ]),
      )
      expect(claims(several.accessToken)).toMatchObject({aud: 'https://graph.microsoft.com', scp: 'User.Read Mail.Read'})
    })

    it.each([
      ['--subscription', 'fabrikam research'],
      ['-s', FABRIKAM_RESEARCH.toUpperCase()],
      ['-n', 'Fabrikam Research'],
    ])("%s %s: a token from that subscription's tenant", async (flag, value) => {
      const token = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token', flag, value]))
      expect(token).toMatchObject({subscription: FABRIKAM_RESEARCH, tenant: FABRIKAM})
      expect(claims(token.accessToken).tid).toBe(FABRIKAM)
    })

    it('--subscription is resolved as everywhere: unknown and ambiguous names fail', async () => {
      expect(await sandbox.run(['account', 'get-access-token', '--subscription', 'Nope'])).toEqual({
        exitCode: 1,
        stderr: "ERROR: Subscription 'Nope' not found. Check the spelling and casing and try again.\n",
        stdout: '',
      })
      const ambiguous = await sandbox.run(['account', 'get-access-token', '--subscription', 'shared sandbox'])
      expect(ambiguous.exitCode).toBe(1)
      expect(ambiguous.stderr).toMatch(/^ERROR: Multiple subscriptions with the name 'shared sandbox' found\. Specify the subscription ID\.\n/)
      expect(ambiguous.stderr).toContain(SANDBOX_FABRIKAM)
    })

    it('--tenant gets a token from that tenant, without a subscription', async () => {
      const result = await sandbox.ok(['account', 'get-access-token', '--tenant', FABRIKAM])
      const token = JSON.parse(result.stdout)
      expect(Object.keys(token)).toEqual(['accessToken', 'expiresOn', 'expires_on', 'tenant', 'tokenType'])
      expect(token.tenant).toBe(FABRIKAM)
      expect(claims(token.accessToken).tid).toBe(FABRIKAM)
    })

    it("passes Entra ID's MFA error through with az's re-login advice, exit 1", async () => {
      const result = await sandbox.run(['account', 'get-access-token', '--tenant', NORTHWIND])
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toMatch(/^ERROR: AADSTS50076: /)
      expect(result.stderr.endsWith(`${RELOGIN}az login --tenant "${NORTHWIND}" --scope "${ARM_SCOPE}"\n`)).toBe(true)
    })

    it('refreshes a token close to expiry with exactly one refresh token grant', async () => {
      emulator.setAccessTokenLifetime(120)
      try {
        // A resource not asked for yet: its token now lives 120 s, within MSAL's 5 minute refresh window.
        const first = json<{accessToken: string; expires_on: number}>(
          await sandbox.run(['account', 'get-access-token', '--resource', 'https://storage.azure.com']),
        )
        expect(emulator.requests.count({grantType: 'refresh_token', route: 'token'})).toBe(1)
        // Whole seconds: up to one more than the lifetime.
        expect(first.expires_on - Date.now() / 1000).toBeLessThanOrEqual(121)

        emulator.requests.clear()
        const second = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token', '--resource', 'https://storage.azure.com']))
        expect(emulator.requests.entries().map((entry) => `${entry.route} ${entry.grantType ?? ''}`.trim())).toEqual(['token refresh_token'])
        expect(second.accessToken).not.toBe(first.accessToken)
      } finally {
        emulator.setAccessTokenLifetime(3599)
      }
    })
  })

  describe('az account tenant list', () => {
    it('lists the tenants ARM reports for the account, following nextLink, with the cached token', async () => {
      const tenants = json<{id: string; tenantId: string; displayName: string; defaultDomain: string}[]>(
        await sandbox.run(['account', 'tenant', 'list']),
      )
      expect(tenants.map((tenant) => tenant.tenantId)).toEqual([CONTOSO, FABRIKAM, NORTHWIND])
      expect(tenants[0]).toMatchObject({defaultDomain: 'contoso.example', displayName: 'Contoso', id: `/tenants/${CONTOSO}`})
      // Two pages (the seed pages every 2 items), and no token request.
      expect(emulator.requests.entries().map((entry) => `${entry.method} ${entry.route}`)).toEqual(['GET tenants', 'GET tenants'])
    })

    it('renders the automatic table', async () => {
      const [header, , ...rows] = tableRows((await sandbox.ok(['account', 'tenant', 'list', '-o', 'table'])).stdout)
      expect(header).toEqual(expect.arrayContaining(['DefaultDomain', 'DisplayName', 'TenantId']))
      expect(rows).toHaveLength(3)
    })
  })

  describe('az account clear', () => {
    it('forgets every account, subscription, token and service principal entry, offline', async () => {
      const copy = copySandbox(sandbox)
      try {
        await copy.loginServicePrincipal()
        writeProfile(copy, {...readProfile(copy), installationId: '7e57ab1e-0000-4000-8000-000000000001'})
        writeFileSync(join(copy.configDir, 'accessTokens.json'), '[]')
        const config = readFileSync(join(copy.configDir, 'config'), 'utf8')
        for (const name of ['msal_token_cache.json', 'service_principal_entries.json']) expect(existsSync(join(copy.configDir, name))).toBe(true)
        emulator.requests.clear()

        // An unreachable proxy: clearing must not need the network (az 2.45 crashes here offline).
        const offline = {HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9'}
        expect(await copy.run(['account', 'clear'], {env: offline})).toEqual({exitCode: 0, stderr: '', stdout: ''})
        expect(emulator.requests.count()).toBe(0)

        const raw = readFileSync(join(copy.configDir, 'azureProfile.json'), 'utf8')
        expect(raw.startsWith('\uFEFF')).toBe(true)
        expect(readProfile(copy)).toEqual({installationId: '7e57ab1e-0000-4000-8000-000000000001', subscriptions: []})
        const left = readdirSync(copy.configDir)
        for (const name of [
          'msal_token_cache.json',
          'msal_token_cache.bin',
          'service_principal_entries.json',
          'service_principal_entries.bin',
          'accessTokens.json',
        ]) {
          expect(left).not.toContain(name)
        }

        // Settings and clouds stay, with the stale default subscription, as az leaves them.
        expect(readFileSync(join(copy.configDir, 'config'), 'utf8')).toBe(config)
        expect(readFileSync(join(copy.configDir, 'clouds.config'), 'utf8')).toMatch(/^\[Emu\]\n[\s\S]*subscription = /)
        for (const args of [
          ['account', 'show'],
          ['account', 'get-access-token'],
        ]) {
          expect(await copy.run(args, {env: offline})).toEqual({exitCode: 1, stderr: LOGIN_MESSAGE, stdout: ''})
        }

        expect(await copy.run(['account', 'list'], {env: offline})).toEqual({
          exitCode: 0,
          stderr: 'WARNING: Please run "az login" to access your accounts.\n',
          stdout: '[]\n',
        })
      } finally {
        copy.dispose()
      }
    })
  })
})

describe('a service principal', () => {
  let sandbox: EmulatorSandbox

  beforeAll(async () => {
    sandbox = copySandbox(template)
    await sandbox.loginServicePrincipal()
  })
  afterAll(() => sandbox.dispose())
  beforeEach(() => emulator.requests.clear())

  it('gets the cached app token with zero requests', async () => {
    const token = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token']))
    expect(token).toMatchObject({subscription: CONTOSO_DEV, tenant: CONTOSO, tokenType: 'Bearer'})
    expect(claims(token.accessToken)).toMatchObject({appid: AUTOMATION_APP, aud: RESOURCES.arm, idtyp: 'app', tid: CONTOSO})
    expect(emulator.requests.count()).toBe(0)
  })

  it('asks once for a new resource, then answers from the cache', async () => {
    const first = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token', '--resource-type', 'ms-graph']))
    expect(claims(first.accessToken).aud).toBe(RESOURCES['ms-graph'])
    expect(emulator.requests.entries().map((entry) => `${entry.route} ${entry.grantType}`)).toEqual(['token client_credentials'])
    emulator.requests.clear()
    const second = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token', '--resource-type', 'ms-graph']))
    expect(second.accessToken).toBe(first.accessToken)
    expect(emulator.requests.count()).toBe(0)
  })

  it('asks again for a token close to expiry', async () => {
    emulator.setAccessTokenLifetime(120)
    try {
      await sandbox.ok(['account', 'get-access-token', '--resource-type', 'batch'])
      emulator.requests.clear()
      await sandbox.ok(['account', 'get-access-token', '--resource-type', 'batch'])
      expect(emulator.requests.entries().map((entry) => `${entry.route} ${entry.grantType}`)).toEqual(['token client_credentials'])
    } finally {
      emulator.setAccessTokenLifetime(3599)
    }
  })

  it('resolves --subscription by name', async () => {
    expect(json(await sandbox.run(['account', 'get-access-token', '-s', 'contoso PROD']))).toMatchObject({
      subscription: CONTOSO_PROD,
      tenant: CONTOSO,
    })
  })

  it('--tenant of its own tenant: no subscription in the output', async () => {
    const token = json(await sandbox.run(['account', 'get-access-token', '--tenant', CONTOSO]))
    expect(token).toMatchObject({tenant: CONTOSO})
    expect(token).not.toHaveProperty('subscription')
  })

  it('--tenant without a stored credential there: az warning, then Entra ID error', async () => {
    const result = await sandbox.run(['account', 'get-access-token', '--tenant', FABRIKAM])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(
      new RegExp(
        `^WARNING: Could not retrieve credential from local cache for service principal ${AUTOMATION_APP} under tenant ${FABRIKAM}\\. ` +
          `Trying credential under tenant ${CONTOSO}, assuming that is an app credential\\.\nERROR: AADSTS700016: `,
      ),
    )
  })

  it('lists its tenant and refreshes its subscriptions in its tenant only', async () => {
    const tenants = json<{tenantId: string}[]>(await sandbox.run(['account', 'tenant', 'list']))
    expect(tenants.map((tenant) => tenant.tenantId)).toEqual([CONTOSO])
    emulator.requests.clear()
    const listed = json<{name: string}[]>(await sandbox.run(['account', 'list', '--refresh']))
    expect(listed.map((subscription) => subscription.name)).toEqual(['Contoso Dev', 'Contoso Prod'])
    expect(emulator.requests.count({route: 'tenants'})).toBe(0)
    expect(emulator.requests.count({route: 'subscriptions'})).toBeGreaterThan(0)
  })
})

describe('a managed identity', () => {
  let sandbox: EmulatorSandbox
  let env: Record<string, string>

  beforeAll(async () => {
    env = emulator.managedIdentity.env('imds')
    sandbox = copySandbox(template)
    await sandbox.ok(['login', '--identity'], {env})
  })
  afterAll(() => sandbox.dispose())
  beforeEach(() => emulator.requests.clear())

  it('gets a token from the identity endpoint, as az keeps none on disk', async () => {
    const result = await sandbox.ok(['account', 'get-access-token'], {env})
    const token = JSON.parse(result.stdout)
    expect(Object.keys(token)).toEqual(['accessToken', 'expiresOn', 'expires_on', 'subscription', 'tenant', 'tokenType'])
    expect(token).toMatchObject({subscription: CONTOSO_DEV, tenant: CONTOSO, tokenType: 'Bearer'})
    expect(token.expiresOn).toBe(wallClock(token.expires_on, 'UTC'))
    expect(claims(token.accessToken)).toMatchObject({aud: RESOURCES.arm, tid: CONTOSO})
    expect(emulator.requests.entries().map((entry) => entry.route)).toEqual(['imds'])
  })

  it('asks the endpoint for the resource of --resource-type', async () => {
    const token = json<{accessToken: string}>(await sandbox.run(['account', 'get-access-token', '--resource-type', 'ms-graph'], {env}))
    expect(claims(token.accessToken).aud).toBe(RESOURCES['ms-graph'])
  })

  it('takes --tenant only for its own tenant', async () => {
    expect(json(await sandbox.run(['account', 'get-access-token', '--tenant', CONTOSO], {env}))).not.toHaveProperty('subscription')
    expect(await sandbox.run(['account', 'get-access-token', '--tenant', FABRIKAM], {env})).toEqual({
      exitCode: 1,
      stderr:
        'ERROR: For managed identity account, getting access token for non-current tenants ' +
        `is not supported. The specified tenant must be the current tenant ${CONTOSO}\n`,
      stdout: '',
    })
  })
})

describe('revoked and expired refresh tokens', () => {
  /** A user signed in with short-lived access tokens, so every later token needs the refresh token. */
  async function signedInWithShortTokens(): Promise<EmulatorSandbox> {
    const sandbox = copySandbox(template)
    emulator.setAccessTokenLifetime(120)
    try {
      await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO])
    } finally {
      emulator.setAccessTokenLifetime(3599)
    }

    return sandbox
  }

  it("revoked: Entra ID's error with az logout / az login --tenant … --scope …, exit 1; refresh keeps the accounts", async () => {
    const sandbox = await signedInWithShortTokens()
    try {
      emulator.revokeRefreshTokens(ALICE)
      const result = await sandbox.run(['account', 'get-access-token'])
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(/^ERROR: AADSTS50173: The provided grant has expired due to it being revoked/)
      expect(result.stderr.endsWith(`${RELOGIN}az login --tenant "${CONTOSO}" --scope "${ARM_SCOPE}"\n`)).toBe(true)

      const graph = await sandbox.run(['account', 'get-access-token', '--resource-type', 'ms-graph'])
      expect(graph.stderr.endsWith(`az login --tenant "${CONTOSO}" --scope "${RESOURCES['ms-graph']}/.default"\n`)).toBe(true)

      const before = readProfile(sandbox)
      const refresh = await sandbox.run(['account', 'list', '--refresh'])
      expect(refresh.exitCode).toBe(0)
      expect(refresh.stderr).toMatch(new RegExp(`^WARNING: Refreshing for '${ALICE}' failed with an error 'AADSTS50173: `))
      expect(refresh.stderr).toContain(". The existing accounts were not modified. You can run 'az login' later to explicitly refresh them\n")
      expect(readProfile(sandbox)).toEqual(before)
    } finally {
      sandbox.dispose()
    }
  })

  // Moves the emulator's clock 90 days on, so it runs last.
  it("expired: Entra ID's error with the same advice, exit 1", async () => {
    const sandbox = await signedInWithShortTokens()
    try {
      emulator.clock.advance(90 * 24 * 3600 + 60)
      const result = await sandbox.run(['account', 'get-access-token', '--tenant', FABRIKAM])
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toMatch(/^ERROR: AADSTS700082: The refresh token has expired due to inactivity\./)
      expect(result.stderr.endsWith(`${RELOGIN}az login --tenant "${FABRIKAM}" --scope "${ARM_SCOPE}"\n`)).toBe(true)
    } finally {
      sandbox.dispose()
    }
  })
})

describe('az account import (the older azure CLI)', () => {
  let sandbox: CliSandbox
  let privateKey: string
  /** Stands for the PKCS#12 of a management certificate: only its base64 form matters here. */
  let certificate: string

  beforeAll(() => {
    sandbox = new CliSandbox()
    privateKey = generateKeyPairSync('ec', {namedCurve: 'P-256'}).privateKey.export({format: 'pem', type: 'pkcs8'}).toString()
    certificate = Buffer.concat([Buffer.from([0x30, 0x82, 0x0a, 0x3c]), randomBytes(96), Buffer.from(privateKey)]).toString('base64')
  })
  afterAll(() => sandbox.dispose())

  /** The parts of the key and certificate that must never be printed. */
  function expectNoSecrets(result: CliResult): void {
    const printed = result.stdout + result.stderr
    expect(printed).not.toContain('PRIVATE KEY')
    for (const line of privateKey.split('\n').filter((text) => text.length > 20 && !text.startsWith('-----'))) expect(printed).not.toContain(line)
    expect(printed).not.toContain(certificate.slice(0, 24))
  }

  function expectNothingStored(): void {
    const stored = existsSync(sandbox.configDir) ? readdirSync(sandbox.configDir) : []
    for (const name of stored) expect(readFileSync(join(sandbox.configDir, name), 'utf8')).not.toContain(certificate.slice(0, 24))
    for (const name of ['azureProfile.json', 'msal_token_cache.json', 'service_principal_entries.json']) expect(stored).not.toContain(name)
  }

  function expectAdvice(result: CliResult, file: string): void {
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^ERROR: /)
    expect(result.stderr).toContain('Azure Service Management')
    expect(result.stderr).toContain('retired on 31 August 2024')
    expect(result.stderr).toMatch(/az login --service-principal .*--certificate/)
    expect(result.stderr).toContain('Nothing was stored')
    expect(result.stderr).toContain(`delete '${file}'`)
  }

  it('schema 2.0: lists every subscription, explains the retirement, stores nothing, exit 1', async () => {
    const file = join(sandbox.root, 'contoso.publishsettings')
    writeFileSync(
      file,
      `<?xml version="1.0" encoding="utf-8"?>
<PublishData>
  <!-- exported with its key:
${privateKey}  -->
  <PublishProfile SchemaVersion="2.0" PublishMethod="AzureServiceManagementAPI">
    <Subscription ServiceManagementUrl="https://management.core.windows.net" Id="11111111-1111-1111-1111-111111111111"
      Name="Contoso Dev" ManagementCertificate="${certificate}" />
    <Subscription ServiceManagementUrl="https://management.core.windows.net" Id="22222222-2222-2222-2222-222222222222"
      Name="R&amp;D &lt;classic&gt;" ManagementCertificate="${certificate}" />
  </PublishProfile>
</PublishData>
`,
    )
    const result = await sandbox.run(['account', 'import', file])
    expectAdvice(result, file)
    expect(result.stderr).toContain('schema 2.0')
    expect(result.stderr).toContain('11111111-1111-1111-1111-111111111111  Contoso Dev  (https://management.core.windows.net)')
    expect(result.stderr).toContain('22222222-2222-2222-2222-222222222222  R&D <classic>  (https://management.core.windows.net)')
    expectNoSecrets(result)
    expectNothingStored()
  })

  it('schema 1.0: the certificate and URL on the profile', async () => {
    const file = join(sandbox.root, 'legacy.publishsettings')
    writeFileSync(
      file,
      `<?xml version="1.0" encoding="utf-8"?>
<PublishData>
  <PublishProfile PublishMethod="AzureServiceManagementAPI" Url="https://management.core.windows.net/" ManagementCertificate="${certificate}">
    <Subscription Id="33333333-3333-3333-3333-333333333333" Name="Pay-As-You-Go" />
  </PublishProfile>
</PublishData>
`,
    )
    const result = await sandbox.run(['account', 'import', file])
    expectAdvice(result, file)
    expect(result.stderr).toContain('schema 1.0')
    expect(result.stderr).toContain('33333333-3333-3333-3333-333333333333  Pay-As-You-Go  (https://management.core.windows.net/)')
    expectNoSecrets(result)
    expectNothingStored()
  })

  it('rejects a file that is not publish settings, and a missing file, exit 1', async () => {
    const file = join(sandbox.root, 'not.publishsettings')
    writeFileSync(file, '<Settings><Key>value</Key></Settings>')
    expect(await sandbox.run(['account', 'import', file])).toEqual({
      exitCode: 1,
      stderr: `ERROR: '${file}' is not a publish settings file: it has no PublishData/PublishProfile element.\n`,
      stdout: '',
    })
    const missing = join(sandbox.root, 'missing.publishsettings')
    expect(await sandbox.run(['account', 'import', missing])).toEqual({exitCode: 1, stderr: `ERROR: Cannot read '${missing}': ENOENT.\n`, stdout: ''})
    expectNothingStored()
  })
})
