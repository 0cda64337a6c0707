/**
 * Azure Resource Manager: what each kind of token lists (tenants, subscriptions in every state,
 * resource groups), paging with nextLink, the 404 and 401 shapes, and the cloud metadata document.
 */
import {afterAll, beforeAll, describe, expect, jest, test} from '@jest/globals'
import {generateKeyPairSync, sign} from 'node:crypto'
import {formBody, sendRequest, startEmulator, type Emulator} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const AZ_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const ARM_SCOPE = 'https://management.core.windows.net//.default offline_access openid profile'
const CONTOSO = '10000000-0000-4000-8000-000000000001'
const FABRIKAM = '10000000-0000-4000-8000-000000000002'
const NORTHWIND = '10000000-0000-4000-8000-000000000003'
const CONTOSO_DEV = '50000000-0000-4000-8000-000000000001'
const FABRIKAM_SHARED = '50000000-0000-4000-8000-000000000007'
const NORTHWIND_SECURE = '50000000-0000-4000-8000-000000000008'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
})

afterAll(async () => {
  await emulator?.close()
})

async function userToken(username: string, password: string, tenant: string, scope = ARM_SCOPE): Promise<string> {
  const response = await sendRequest(`${emulator.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: formBody({grant_type: 'password', client_id: AZ_CLI, username, password, scope}),
    ca: emulator.caPem,
  })
  return JSON.parse(response.body).access_token as string
}

const alice = (tenant = CONTOSO) => userToken('alice@contoso.example', 'alice-password-1', tenant)

async function servicePrincipalToken(): Promise<string> {
  const response = await sendRequest(`${emulator.url}/${CONTOSO}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: formBody({
      grant_type: 'client_credentials',
      client_id: '30000000-0000-4000-8000-000000000001',
      client_secret: 'contoso-automation-secret-1',
      scope: 'https://management.core.windows.net//.default',
    }),
    ca: emulator.caPem,
  })
  return JSON.parse(response.body).access_token as string
}

async function managedIdentityToken(clientId?: string): Promise<string> {
  const query = new URLSearchParams({
    'api-version': '2018-02-01',
    resource: 'https://management.azure.com/',
    ...(clientId ? {client_id: clientId} : {}),
  })
  const response = await sendRequest(`${emulator.managedIdentity.imdsEndpoint}?${query}`, {headers: {Metadata: 'true'}, ca: emulator.caPem})
  return JSON.parse(response.body).access_token as string
}

async function arm(path: string, accessToken?: string) {
  const url = path.startsWith('https://') ? path : `${emulator.url}${path}`
  const response = await sendRequest(url, {headers: accessToken ? {authorization: `Bearer ${accessToken}`} : {}, ca: emulator.caPem})
  return {status: response.status, headers: response.headers, body: JSON.parse(response.body) as Record<string, unknown>}
}

/** Follows nextLink to the end, as the SDKs do; returns the items and the number of pages. */
async function listAll(path: string, accessToken: string): Promise<{items: Record<string, unknown>[]; pages: number}> {
  const items: Record<string, unknown>[] = []
  let next: string | undefined = path
  let pages = 0
  while (next) {
    const page = await arm(next, accessToken)
    expect(page.status).toBe(200)
    items.push(...(page.body.value as Record<string, unknown>[]))
    next = page.body.nextLink as string | undefined
    pages++
  }

  return {items, pages}
}

describe('tenants and subscriptions', () => {
  test('a user sees every tenant she belongs to, two per page', async () => {
    const {items, pages} = await listAll('/tenants?api-version=2022-12-01', await alice())
    expect(pages).toBe(2)
    expect(items.map((tenant) => tenant.tenantId)).toEqual([CONTOSO, FABRIKAM, NORTHWIND])
    expect(items[0]).toEqual({
      id: `/tenants/${CONTOSO}`,
      tenantId: CONTOSO,
      countryCode: 'US',
      displayName: 'Contoso',
      domains: ['contoso.example', 'contoso.onmicrosoft.example'],
      tenantCategory: 'Home',
      defaultDomain: 'contoso.example',
      tenantType: 'AAD',
    })
  })

  test("a user token lists its tenant's subscriptions in every state, plus those the tenant manages", async () => {
    const first = await arm('/subscriptions?api-version=2019-11-01', await alice())
    expect(first.body).toMatchObject({count: {type: 'Total', value: 7}, nextLink: expect.stringContaining('skiptoken')})
    expect(new URL(first.body.nextLink as string).searchParams.get('api-version')).toBe('2019-11-01')
    const {items, pages} = await listAll('/subscriptions?api-version=2019-11-01', await alice())
    expect(pages).toBe(4)
    expect(items.map((subscription) => subscription.state)).toEqual(['Enabled', 'Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted', 'Enabled'])
    expect(items[6]).toEqual({
      id: `/subscriptions/${FABRIKAM_SHARED}`,
      authorizationSource: 'RoleBased',
      managedByTenants: [{tenantId: CONTOSO}],
      subscriptionId: FABRIKAM_SHARED,
      tenantId: FABRIKAM,
      displayName: 'Fabrikam Shared',
      state: 'Enabled',
      subscriptionPolicies: {locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off'},
    })
  })

  test("the same user in another tenant sees that tenant's subscriptions", async () => {
    const {items} = await listAll('/subscriptions?api-version=2022-12-01', await alice(FABRIKAM))
    expect(items.map((subscription) => subscription.subscriptionId)).toEqual([FABRIKAM_SHARED])
  })

  test('service principals and managed identities see the subscriptions the seed grants them', async () => {
    const sp = await listAll('/subscriptions?api-version=2022-12-01', await servicePrincipalToken())
    expect(sp.items.map((subscription) => subscription.displayName)).toEqual(['Contoso Dev', 'Contoso Prod', 'Contoso Legacy'])
    const systemAssigned = await listAll('/subscriptions?api-version=2022-12-01', await managedIdentityToken())
    expect(systemAssigned.items.map((subscription) => subscription.displayName)).toEqual(['Contoso Dev'])
    const userAssigned = await listAll('/subscriptions?api-version=2022-12-01', await managedIdentityToken('40000000-0000-4000-8000-000000000002'))
    expect(userAssigned.items.map((subscription) => subscription.displayName)).toEqual(['Contoso Dev', 'Contoso Prod'])
    const tenants = await listAll('/tenants?api-version=2022-12-01', await servicePrincipalToken())
    expect(tenants.items.map((tenant) => tenant.tenantId)).toEqual([CONTOSO])
  })

  test('one subscription by id; one the token cannot see is SubscriptionNotFound', async () => {
    const token = await alice()
    expect((await arm(`/subscriptions/${CONTOSO_DEV}?api-version=2022-12-01`, token)).body.displayName).toBe('Contoso Dev')
    expect(await arm(`/subscriptions/${NORTHWIND_SECURE}?api-version=2022-12-01`, token)).toMatchObject({
      status: 404,
      body: {error: {code: 'SubscriptionNotFound', message: `The subscription '${NORTHWIND_SECURE}' could not be found.`}},
    })
  })
})

describe('resource groups', () => {
  test('listed with paging, fetched by name (any case), and ResourceGroupNotFound otherwise', async () => {
    const token = await alice()
    const {items, pages} = await listAll(`/subscriptions/${CONTOSO_DEV}/resourcegroups?api-version=2021-04-01`, token)
    expect(pages).toBe(2)
    expect(items.map((group) => group.name)).toEqual(['rg-web', 'rg-data', 'rg-identity', 'rg-vm'])
    expect(items[0]).toEqual({
      id: `/subscriptions/${CONTOSO_DEV}/resourceGroups/rg-web`,
      name: 'rg-web',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'eastus',
      tags: {env: 'dev'},
      properties: {provisioningState: 'Succeeded'},
    })
    expect((await arm(`/subscriptions/${CONTOSO_DEV}/resourceGroups/RG-DATA?api-version=2021-04-01`, token)).body.location).toBe('westeurope')
    expect(await arm(`/subscriptions/${CONTOSO_DEV}/resourcegroups/rg-missing?api-version=2021-04-01`, token)).toMatchObject({
      status: 404,
      body: {error: {code: 'ResourceGroupNotFound', message: "Resource group 'rg-missing' could not be found."}},
    })
  })
})

describe('cloud metadata', () => {
  test('2015-01-01 is the object az reads; newer versions the list of clouds; no api-version is a 400', async () => {
    const old = await arm('/metadata/endpoints?api-version=2015-01-01')
    expect(old.body).toEqual({
      galleryEndpoint: 'https://gallery.azure.com/',
      graphEndpoint: 'https://graph.windows.net/',
      portalEndpoint: 'https://portal.azure.com/',
      authentication: {loginEndpoint: `${emulator.url}/`, audiences: ['https://management.core.windows.net/', 'https://management.azure.com/']},
    })
    const current = await sendRequest(`${emulator.url}/metadata/endpoints?api-version=2022-09-01`, {ca: emulator.caPem})
    expect(JSON.parse(current.body)[0]).toMatchObject({resourceManager: `${emulator.url}/`, authentication: {loginEndpoint: `${emulator.url}/`}})
    expect((await arm('/metadata/endpoints')).body).toMatchObject({error: {code: 'MissingApiVersionParameter'}})
  })
})

describe('bearer token checks', () => {
  const subscriptions = '/subscriptions?api-version=2022-12-01'

  test('no Authorization header is AuthenticationFailed with WWW-Authenticate', async () => {
    const response = await arm(subscriptions)
    expect(response.status).toBe(401)
    expect(response.body).toEqual({error: {code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing."}})
    expect(response.headers['www-authenticate']).toMatch(
      new RegExp(`^Bearer authorization_uri="${emulator.url}/", error="invalid_token", error_description=`),
    )
  })

  test('a malformed or forged token is InvalidAuthenticationToken', async () => {
    expect((await arm(subscriptions, 'not-a-jwt')).body).toMatchObject({error: {code: 'InvalidAuthenticationToken'}})
    const genuine = await alice()
    const [header, payload] = genuine.split('.')
    const forgedSignature = sign(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey,
    ).toString('base64url')
    const forged = await arm(subscriptions, `${header}.${payload}.${forgedSignature}`)
    expect([forged.status, forged.body]).toEqual([
      401,
      {error: {code: 'InvalidAuthenticationToken', message: 'The access token has invalid signature.'}},
    ])
  })

  test('a token for another resource is InvalidAuthenticationTokenAudience', async () => {
    const graph = await userToken('alice@contoso.example', 'alice-password-1', CONTOSO, 'https://graph.microsoft.com/.default')
    expect((await arm(subscriptions, graph)).body).toMatchObject({error: {code: 'InvalidAuthenticationTokenAudience'}})
  })

  // Last: it moves the emulator's clock past every token issued so far.
  test('an expired token is ExpiredAuthenticationToken', async () => {
    const token = await alice()
    emulator.clock.advance(3600)
    const response = await arm(subscriptions, token)
    expect(response.status).toBe(401)
    expect(response.body).toMatchObject({
      error: {
        code: 'ExpiredAuthenticationToken',
        message: expect.stringMatching(/^The access token expiry UTC time '.+' is earlier than current UTC time '.+'\.$/),
      },
    })
  })
})
