/**
 * MSAL Node 7's ManagedIdentityApplication against the emulator's IMDS endpoint, reached through
 * AZURE_POD_IDENTITY_AUTHORITY_HOST (which MSAL reads when it picks the IMDS source). MSAL keeps the
 * source it picked in a static for the life of the module, which is why App Service has its own file.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {ManagedIdentityApplication, type ManagedIdentityIdParams} from '@azure/msal-node'
import {sendRequest, startEmulator, type Emulator} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const CONTOSO = '10000000-0000-4000-8000-000000000001'
const SYSTEM_ASSIGNED = {clientId: '40000000-0000-4000-8000-000000000001', objectId: '41000000-0000-4000-8000-000000000001'}
const USER_ASSIGNED = {
  clientId: '40000000-0000-4000-8000-000000000002',
  objectId: '41000000-0000-4000-8000-000000000002',
  resourceId:
    '/subscriptions/50000000-0000-4000-8000-000000000001/resourceGroups/rg-identity' +
    '/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-emu-worker',
}

let emulator: Emulator
const savedEnvironment = {...process.env}

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
  for (const name of ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'IMDS_ENDPOINT'])
    delete process.env[name]
  Object.assign(process.env, emulator.managedIdentity.env('imds'))
})

afterAll(async () => {
  process.env = savedEnvironment
  await emulator?.close()
})

beforeEach(() => emulator.requests.clear())

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

function managedIdentity(managedIdentityIdParams?: ManagedIdentityIdParams): ManagedIdentityApplication {
  return new ManagedIdentityApplication({managedIdentityIdParams, system: {networkClient: emulator.networkClient}})
}

describe('IMDS through MSAL', () => {
  test('system-assigned: the VM identity gets an ARM token; MSAL names the source DefaultToImds', async () => {
    const app = managedIdentity()
    const result = await app.acquireToken({resource: 'https://management.azure.com/'})
    expect(app.getManagedIdentitySource()).toBe('DefaultToImds')
    expect(claimsOf(result.accessToken)).toMatchObject({
      aud: 'https://management.azure.com/',
      appid: SYSTEM_ASSIGNED.clientId,
      oid: SYSTEM_ASSIGNED.objectId,
      tid: CONTOSO,
      xms_mirid: expect.stringContaining('/virtualMachines/vm-emu'),
    })
    const [request] = emulator.requests.entries({route: 'imds'})
    // MSAL's URL normalisation adds a trailing slash.
    expect(request).toMatchObject({method: 'GET', path: expect.stringMatching(/^\/metadata\/identity\/oauth2\/token\/?$/), status: 200})
    expect(new URLSearchParams(request.query).get('api-version')).toBe('2018-02-01')
  })

  test.each([
    ['client id', {userAssignedClientId: USER_ASSIGNED.clientId}, 'client_id'],
    ['object id', {userAssignedObjectId: USER_ASSIGNED.objectId}, 'object_id'],
    ['resource id', {userAssignedResourceId: USER_ASSIGNED.resourceId}, 'msi_res_id'],
  ])('user-assigned by %s', async (_name, id, parameter) => {
    const result = await managedIdentity(id).acquireToken({resource: 'https://management.core.windows.net/', forceRefresh: true})
    expect(claimsOf(result.accessToken)).toMatchObject({
      appid: USER_ASSIGNED.clientId,
      oid: USER_ASSIGNED.objectId,
      xms_mirid: USER_ASSIGNED.resourceId,
    })
    expect(new URLSearchParams(emulator.requests.entries({route: 'imds'})[0].query).has(parameter)).toBe(true)
  })
})

describe('IMDS over HTTP', () => {
  test('the Metadata header is required', async () => {
    const response = await sendRequest(`${emulator.managedIdentity.imdsEndpoint}?api-version=2018-02-01&resource=https://management.azure.com/`, {
      ca: emulator.caPem,
    })
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body)).toEqual({error: 'invalid_request', error_description: 'Required metadata header not specified'})
  })

  test('an unknown identity is "Identity not found"; the answer carries string expiry fields like IMDS', async () => {
    const base = `${emulator.managedIdentity.imdsEndpoint}?api-version=2018-02-01&resource=https://management.azure.com/`
    const unknown = await sendRequest(`${base}&client_id=00000000-0000-0000-0000-000000000000`, {ca: emulator.caPem, headers: {Metadata: 'true'}})
    expect([unknown.status, JSON.parse(unknown.body).error_description]).toEqual([400, 'Identity not found'])
    const known = JSON.parse((await sendRequest(base, {ca: emulator.caPem, headers: {Metadata: 'true'}})).body)
    expect(known).toMatchObject({
      token_type: 'Bearer',
      resource: 'https://management.azure.com/',
      client_id: SYSTEM_ASSIGNED.clientId,
      expires_on: expect.stringMatching(/^\d+$/),
      expires_in: expect.stringMatching(/^\d+$/),
    })
  })
})
