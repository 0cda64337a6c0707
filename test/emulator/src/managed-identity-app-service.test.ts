/**
 * MSAL Node 7's ManagedIdentityApplication against the emulator's App Service endpoint
 * (IDENTITY_ENDPOINT + IDENTITY_HEADER, api-version 2019-08-01).
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {ManagedIdentityApplication, type ManagedIdentityIdParams} from '@azure/msal-node'
import {sendRequest, startEmulator, type Emulator} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const SYSTEM_ASSIGNED_CLIENT_ID = '40000000-0000-4000-8000-000000000001'
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
  for (const name of ['IDENTITY_SERVER_THUMBPRINT', 'MSI_ENDPOINT', 'MSI_SECRET', 'IMDS_ENDPOINT', 'AZURE_POD_IDENTITY_AUTHORITY_HOST'])
    delete process.env[name]
  Object.assign(process.env, emulator.managedIdentity.env('app-service'))
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

describe('App Service through MSAL', () => {
  test('system-assigned: MSAL picks the AppService source and sends the identity header', async () => {
    const app = managedIdentity()
    const result = await app.acquireToken({resource: 'https://management.azure.com/.default'})
    expect(app.getManagedIdentitySource()).toBe('AppService')
    expect(claimsOf(result.accessToken)).toMatchObject({aud: 'https://management.azure.com', appid: SYSTEM_ASSIGNED_CLIENT_ID})
    const [request] = emulator.requests.entries({route: 'app-service'})
    expect(request).toMatchObject({path: '/msi/token', status: 200})
    expect(new URLSearchParams(request.query).get('api-version')).toBe('2019-08-01')
  })

  test.each([
    ['client id', {userAssignedClientId: USER_ASSIGNED.clientId}, 'client_id'],
    ['object id', {userAssignedObjectId: USER_ASSIGNED.objectId}, 'object_id'],
    ['resource id', {userAssignedResourceId: USER_ASSIGNED.resourceId}, 'mi_res_id'],
  ])('user-assigned by %s', async (_name, id, parameter) => {
    const result = await managedIdentity(id).acquireToken({resource: 'https://management.core.windows.net/', forceRefresh: true})
    expect(claimsOf(result.accessToken)).toMatchObject({appid: USER_ASSIGNED.clientId, oid: USER_ASSIGNED.objectId})
    expect(new URLSearchParams(emulator.requests.entries({route: 'app-service'})[0].query).has(parameter)).toBe(true)
  })
})

describe('App Service over HTTP', () => {
  test('a wrong X-IDENTITY-HEADER is refused with 401', async () => {
    const url = `${emulator.managedIdentity.identityEndpoint}?api-version=2019-08-01&resource=https://management.azure.com/`
    const response = await sendRequest(url, {ca: emulator.caPem, headers: {'X-IDENTITY-HEADER': 'guess'}})
    expect(response.status).toBe(401)
    const ok = await sendRequest(url, {ca: emulator.caPem, headers: {'X-IDENTITY-HEADER': emulator.managedIdentity.identityHeader}})
    expect(JSON.parse(ok.body)).toMatchObject({
      token_type: 'Bearer',
      client_id: SYSTEM_ASSIGNED_CLIENT_ID,
      expires_on: expect.stringMatching(/^\d+$/),
    })
  })
})
