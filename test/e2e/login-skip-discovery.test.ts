/**
 * `az login --skip-subscription-discovery` (today's az, 2.86; alias `--skip-sub`): the requests it
 * makes, read from the emulator's log (the sign-in, then one `GET /subscriptions/{id}` or nothing),
 * what it stores (merged with earlier sign-ins), and az's errors, with nothing stored for them.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeEach, describe, expect, it} from '@jest/globals'

import {readProfile} from './support/account.js'
import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, CONTOSO_DEV, emulatorPerFile} from './support/signed-in.js'

const CONTOSO_PROD = '50000000-0000-4000-8000-000000000002'
const UNKNOWN_SUBSCRIPTION = '50000000-0000-4000-8000-0000000000ff'

const {emulator, sandbox} = emulatorPerFile({approveDeviceCodesFor: ALICE})
beforeEach(() => emulator.requests.clear())

/** `METHOD path` of every request since the last clear. */
function requests(): string[] {
  return emulator.requests.entries().map((entry) => `${entry.method} ${entry.path}`)
}

const profileText = () =>
  existsSync(join(sandbox.configDir, 'azureProfile.json')) ? readFileSync(join(sandbox.configDir, 'azureProfile.json'), 'utf8') : undefined

describe('az login --skip-subscription-discovery', () => {
  it('with --subscription ID: the sign-in and one GET /subscriptions/{id}; that subscription alone, the default', async () => {
    const result = await sandbox.ok([
      'login',
      '--use-device-code',
      '--tenant',
      CONTOSO,
      '--skip-subscription-discovery',
      '--subscription',
      CONTOSO_PROD,
    ])
    expect(requests()).toEqual([
      `POST /${CONTOSO}/oauth2/v2.0/devicecode`,
      `POST /${CONTOSO}/oauth2/v2.0/token`,
      `GET /subscriptions/${CONTOSO_PROD}`,
    ])
    expect(JSON.parse(result.stdout)).toEqual([
      {
        cloudName: 'Emu',
        homeTenantId: CONTOSO,
        id: CONTOSO_PROD,
        isDefault: true,
        managedByTenants: [],
        name: 'Contoso Prod',
        state: 'Enabled',
        tenantId: CONTOSO,
        user: {name: ALICE, type: 'user'},
      },
    ])
    expect(readProfile(sandbox).subscriptions.map((subscription) => subscription.id)).toEqual([CONTOSO_PROD])
    const token = JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout)
    expect(token).toMatchObject({subscription: CONTOSO_PROD, tenant: CONTOSO})
  })

  it('alone (as --skip-sub): the sign-in and no ARM request at all; a tenant-level account', async () => {
    const result = await sandbox.ok(['login', '--use-device-code', '--tenant', 'contoso.example', '--skip-sub'])
    expect(requests()).toEqual([
      'GET /contoso.example/.well-known/openid-configuration',
      `POST /${CONTOSO}/oauth2/v2.0/devicecode`,
      `POST /${CONTOSO}/oauth2/v2.0/token`,
    ])
    expect(JSON.parse(result.stdout)).toEqual([
      {
        cloudName: 'Emu',
        id: CONTOSO,
        isDefault: true,
        name: 'N/A(tenant level account)',
        state: 'Enabled',
        tenantId: CONTOSO,
        user: {name: ALICE, type: 'user'},
      },
    ])
    expect(JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout).tenant).toBe(CONTOSO)
  })

  it('keeps what earlier sign-ins stored, and makes the subscription it read the default', async () => {
    await sandbox.ok(['login', '--use-device-code', '-o', 'none'])
    const discovered = readProfile(sandbox).subscriptions.map((subscription) => subscription.id)
    await sandbox.ok(['login', '--use-device-code', '--tenant', CONTOSO, '--skip-sub', '--subscription', CONTOSO_PROD, '-o', 'none'])
    const after = readProfile(sandbox).subscriptions
    expect(after.map((subscription) => subscription.id).sort()).toEqual([...discovered].sort())
    expect(after.filter((subscription) => subscription.isDefault).map((subscription) => subscription.id)).toEqual([CONTOSO_PROD])
  })

  it('for a service principal: its token request and the one subscription', async () => {
    await sandbox.ok([
      'login',
      '--service-principal',
      '-u',
      AUTOMATION_APP,
      '-p',
      AUTOMATION_SECRET,
      '--tenant',
      CONTOSO,
      '--skip-sub',
      '--subscription',
      CONTOSO_DEV,
    ])
    expect(requests()).toEqual([`POST /${CONTOSO}/oauth2/v2.0/token`, `GET /subscriptions/${CONTOSO_DEV}`])
    expect(readProfile(sandbox).subscriptions).toEqual([
      expect.objectContaining({id: CONTOSO_DEV, isDefault: true, user: {name: AUTOMATION_APP, type: 'servicePrincipal'}}),
    ])
  })

  it("an unknown subscription: ARM's not-found (exit 3), nothing stored; --allow-no-subscriptions: a warning, a tenant-level account", async () => {
    const missing = await sandbox.run(['login', '--use-device-code', '--tenant', CONTOSO, '--skip-sub', '--subscription', UNKNOWN_SUBSCRIPTION])
    expect(missing.exitCode).toBe(3)
    expect(missing.stderr).toContain(`ERROR: (SubscriptionNotFound) The subscription '${UNKNOWN_SUBSCRIPTION}' could not be found.`)
    expect(profileText()).toBeUndefined()

    const allowed = await sandbox.ok([
      'login',
      '--use-device-code',
      '--tenant',
      CONTOSO,
      '--skip-sub',
      '--subscription',
      UNKNOWN_SUBSCRIPTION,
      '--allow-no-subscriptions',
    ])
    expect(allowed.stderr).toContain(
      `WARNING: Subscription '${UNKNOWN_SUBSCRIPTION}' was not found in tenant '${CONTOSO}'. ` +
        'A tenant level account is stored instead, as --allow-no-subscriptions asks.',
    )
    expect(JSON.parse(allowed.stdout)).toEqual([expect.objectContaining({id: CONTOSO, name: 'N/A(tenant level account)'})])
  })

  it.each([
    ['without --tenant', ['--skip-subscription-discovery'], "ERROR: '--skip-subscription-discovery' requires '--tenant'\n"],
    [
      'without --tenant, with --subscription',
      ['--skip-sub', '--subscription', CONTOSO_PROD],
      "ERROR: '--skip-subscription-discovery' requires '--tenant'\n",
    ],
    [
      'with a subscription name',
      ['--skip-sub', '--tenant', CONTOSO, '--subscription', 'Contoso Prod'],
      "ERROR: '--subscription' must be a subscription ID with '--skip-subscription-discovery', not a name: 'Contoso Prod'.\n" +
        'Give the subscription ID, or leave out --skip-subscription-discovery to find the subscription by name.\n',
    ],
  ])("%s: today's az's error, exit 1, no request and nothing stored", async (_, args, stderr) => {
    const result = await sandbox.run(['login', '--use-device-code', ...args])
    expect(result).toMatchObject({exitCode: 1, stderr, stdout: ''})
    expect(requests()).toEqual([])
    expect(profileText()).toBeUndefined()
  })
})
