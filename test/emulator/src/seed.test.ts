/**
 * Seed loading: the default seed, the checks that name the bad field, and a custom seed object
 * with its own page size and a service principal certificate read from PEM paths.
 */
import {afterAll, describe, expect, jest, test} from '@jest/globals'
import {formBody, loadSeed, SeedError, sendRequest, startEmulator, type Emulator, type SeedFile} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const started: Emulator[] = []

afterAll(async () => {
  await Promise.all(started.map((emulator) => emulator.close()))
})

const minimalSeed = (): SeedFile => ({
  settings: {armPageSize: 1},
  publicClients: [{clientId: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Test app'}],
  tenants: [{id: 'bbbbbbbb-0000-4000-8000-000000000001', displayName: 'Solo', defaultDomain: 'solo.example'}],
  users: [
    {
      username: 'dana@solo.example',
      password: 'dana-password',
      displayName: 'Dana',
      objectId: 'cccccccc-0000-4000-8000-000000000001',
      homeTenant: 'bbbbbbbb-0000-4000-8000-000000000001',
    },
  ],
  subscriptions: [
    {id: 'dddddddd-0000-4000-8000-000000000001', displayName: 'One', tenant: 'bbbbbbbb-0000-4000-8000-000000000001', state: 'Enabled'},
    {id: 'dddddddd-0000-4000-8000-000000000002', displayName: 'Two', tenant: 'bbbbbbbb-0000-4000-8000-000000000001', state: 'PastDue'},
  ],
})

describe('loadSeed', () => {
  test('the default seed has tenants (one demands MFA, one blocks device code), users, principals, identities and every subscription state', () => {
    const seed = loadSeed()
    expect(seed.tenants.map((tenant) => tenant.displayName)).toEqual([
      'Contoso',
      'Fabrikam',
      'Northwind (MFA required)',
      'Woodgrove (device code blocked)',
    ])
    expect(seed.tenants.filter((tenant) => tenant.requireMfa)).toHaveLength(1)
    expect(seed.tenants.filter((tenant) => tenant.blockDeviceCode).map((tenant) => tenant.defaultDomain)).toEqual(['woodgrove.example'])
    expect(new Set(seed.subscriptions.map((subscription) => subscription.state))).toEqual(
      new Set(['Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted']),
    )
    expect(seed.managedIdentities.map((identity) => identity.type)).toEqual(['SystemAssigned', 'UserAssigned'])
    expect(seed.settings).toMatchObject({armPageSize: 2, accessTokenLifetimeSeconds: 3599})
  })

  test('a broken seed is refused with the field that is wrong', () => {
    const unknownTenant = minimalSeed()
    unknownTenant.users![0].homeTenant = 'nope'
    expect(() => loadSeed(unknownTenant)).toThrow(new SeedError("users[0].homeTenant: unknown tenant 'nope'"))
    const badState = minimalSeed()
    Object.assign(badState.subscriptions![0], {state: 'Paused'})
    expect(() => loadSeed(badState)).toThrow(/subscriptions\[0\]\.state: one of Enabled, Disabled, Warned, PastDue, Deleted/)
    expect(() => loadSeed('/nonexistent/seed.json')).toThrow(SeedError)
    const badPolicy = minimalSeed()
    Object.assign(badPolicy.tenants[0], {blockDeviceCode: 'yes'})
    expect(() => loadSeed(badPolicy)).toThrow(new SeedError('tenants[0].blockDeviceCode: true or false is required'))
    const emptyContext = minimalSeed()
    Object.assign(emptyContext.tenants[0], {authenticationContext: ''})
    expect(() => loadSeed(emptyContext)).toThrow(/tenants\[0\]\.authenticationContext: a non-empty string/)
  })
})

describe('a custom seed', () => {
  test('serves its own directory and page size, and reads a service principal certificate from PEM paths', async () => {
    const donor = await startEmulator({proxyPort: false})
    started.push(donor)
    const pem = donor.certificateOf('30000000-0000-4000-8000-000000000001')!
    const seed = minimalSeed()
    seed.servicePrincipals = [
      {
        appId: 'eeeeeeee-0000-4000-8000-000000000001',
        objectId: 'ffffffff-0000-4000-8000-000000000001',
        displayName: 'solo-sp',
        tenant: 'bbbbbbbb-0000-4000-8000-000000000001',
        certificate: {certPath: pem.certPath, keyPath: pem.keyPath},
      },
    ]
    const emulator = await startEmulator({seed, proxyPort: false, accessTokenLifetimeSeconds: 600})
    started.push(emulator)
    expect(emulator.certificateOf('eeeeeeee-0000-4000-8000-000000000001')?.thumbprint).toBe(pem.thumbprint)

    const granted = await sendRequest(`${emulator.url}/solo.example/oauth2/v2.0/token`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: formBody({
        grant_type: 'password',
        client_id: 'aaaaaaaa-0000-4000-8000-000000000001',
        username: 'dana@solo.example',
        password: 'dana-password',
        scope: 'https://management.azure.com/.default',
      }),
      ca: emulator.caPem,
    })
    const {access_token: accessToken, expires_in: expiresIn} = JSON.parse(granted.body)
    expect(expiresIn).toBe(600)
    const page = JSON.parse(
      (
        await sendRequest(`${emulator.url}/subscriptions?api-version=2022-12-01`, {
          headers: {authorization: `Bearer ${accessToken}`},
          ca: emulator.caPem,
        })
      ).body,
    )
    expect(page.value.map((subscription: {displayName: string}) => subscription.displayName)).toEqual(['One'])
    expect(page.nextLink).toEqual(expect.any(String))
  })
})
