/**
 * Conditional Access and continuous access evaluation at the HTTP level: the claims a token request
 * carries (CP1 becomes `xms_cc`, an authentication context becomes `acrs` for a sign-in with MFA),
 * ARM's claims challenges (a revoked session's CAE tokens, a tenant's authentication context), a
 * tenant that blocks the device code flow, the run-time controls over HTTP, the locations list and
 * AADSTS faults.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {formBody, sendRequest, startEmulator, type Emulator} from './index.js'

jest.setTimeout(30_000)

const AZ_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const ARM_SCOPE = 'https://management.core.windows.net//.default offline_access openid profile'
const CONTOSO = '10000000-0000-4000-8000-000000000001'
const WOODGROVE = '10000000-0000-4000-8000-000000000004'
const CONTOSO_DEV = '50000000-0000-4000-8000-000000000001'
const CP1 = JSON.stringify({access_token: {xms_cc: {values: ['CP1']}}})
const P1 = JSON.stringify({access_token: {acrs: {essential: true, values: ['p1']}, xms_cc: {values: ['CP1']}}})

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
})

afterAll(async () => {
  await emulator?.close()
})

beforeEach(() => {
  emulator.setTenantPolicies(CONTOSO, {authenticationContext: null})
})

async function token(form: Record<string, string>, tenant = CONTOSO): Promise<{status: number; body: Record<string, unknown>}> {
  const response = await sendRequest(`${emulator.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: formBody({client_id: AZ_CLI, scope: ARM_SCOPE, ...form}),
    ca: emulator.caPem,
  })
  return {status: response.status, body: JSON.parse(response.body) as Record<string, unknown>}
}

const password = (claims?: string) =>
  token({grant_type: 'password', username: 'alice@contoso.example', password: 'alice-password-1', ...(claims ? {claims} : {})})

/** Alice signed in with MFA (a device code approved with MFA), as tokens: access and refresh. */
async function aliceWithMfa(claims = CP1): Promise<{access: string; refresh: string}> {
  const code = await sendRequest(`${emulator.url}/${CONTOSO}/oauth2/v2.0/devicecode`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: formBody({client_id: AZ_CLI, scope: ARM_SCOPE, claims}),
    ca: emulator.caPem,
  })
  const {device_code: deviceCode, user_code: userCode} = JSON.parse(code.body) as {device_code: string; user_code: string}
  emulator.approveDeviceCode(userCode, 'alice@contoso.example')
  const result = await token({grant_type: 'device_code', device_code: deviceCode, claims})
  return {access: String(result.body.access_token), refresh: String(result.body.refresh_token)}
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

async function arm(path: string, accessToken: string) {
  const response = await sendRequest(`${emulator.url}${path}`, {headers: {authorization: `Bearer ${accessToken}`}, ca: emulator.caPem})
  return {status: response.status, headers: response.headers, body: JSON.parse(response.body) as Record<string, unknown>}
}

/** The claims JSON of an ARM challenge header. */
function challengedClaims(header: unknown): unknown {
  const match = /^Bearer authorization_uri="[^"]+", error="insufficient_claims", claims="([^"]+)"$/.exec(String(header))
  return match ? JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) : undefined
}

const SUBSCRIPTION = `/subscriptions/${CONTOSO_DEV}?api-version=2022-12-01`

describe('the claims of a token request', () => {
  test('CP1 becomes xms_cc; without it the token has none', async () => {
    expect(claimsOf(String((await password(CP1)).body.access_token)).xms_cc).toEqual(['CP1'])
    expect(claimsOf(String((await password()).body.access_token)).xms_cc).toBeUndefined()
  })

  test('an authentication context is granted to a sign-in with MFA, also through its refresh token', async () => {
    const {refresh} = await aliceWithMfa()
    const refreshed = await token({grant_type: 'refresh_token', refresh_token: refresh, claims: P1})
    expect(refreshed.status).toBe(200)
    expect(claimsOf(String(refreshed.body.access_token))).toMatchObject({acrs: ['p1'], xms_cc: ['CP1']})
  })

  test('a password sign-in cannot have one: AADSTS50076, the step-up an interactive sign-in does', async () => {
    const refused = await password(P1)
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({error: 'invalid_grant', suberror: 'basic_action', error_codes: [50076]})
  })
})

describe("ARM's claims challenges", () => {
  test("a tenant's authentication context: challenged until the token carries it", async () => {
    emulator.setTenantPolicies(CONTOSO, {authenticationContext: 'p1'})
    const {access, refresh} = await aliceWithMfa()
    const challenged = await arm(SUBSCRIPTION, access)
    expect(challenged.status).toBe(401)
    expect(challenged.body).toMatchObject({error: {code: 'InvalidAuthenticationToken'}})
    expect(challengedClaims(challenged.headers['www-authenticate'])).toEqual({access_token: {acrs: {essential: true, values: ['p1']}}})

    const stepped = await token({grant_type: 'refresh_token', refresh_token: refresh, claims: P1})
    expect((await arm(SUBSCRIPTION, String(stepped.body.access_token))).status).toBe(200)
  })

  test('a revoked session: its CAE tokens are challenged, its refresh tokens refused, and a new sign-in is accepted', async () => {
    const cae = await aliceWithMfa()
    const plain = String((await password()).body.access_token)
    emulator.revokeSessions('alice@contoso.example')

    const challenged = await arm(SUBSCRIPTION, cae.access)
    expect(challenged.status).toBe(401)
    expect(challenged.body).toMatchObject({
      error: {
        code: 'InvalidAuthenticationToken',
        message: 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
      },
    })
    expect(challengedClaims(challenged.headers['www-authenticate'])).toEqual({
      access_token: {nbf: {essential: true, value: expect.stringMatching(/^\d{10}$/)}},
    })
    // A token without CP1 is not a CAE token: ARM takes it until it expires.
    expect((await arm(SUBSCRIPTION, plain)).status).toBe(200)
    expect((await token({grant_type: 'refresh_token', refresh_token: cae.refresh, claims: CP1})).body).toMatchObject({error_codes: [50173]})

    const again = await aliceWithMfa()
    expect((await arm(SUBSCRIPTION, again.access)).status).toBe(200)
  })

  test('service principals are not challenged for a tenant authentication context', async () => {
    emulator.setTenantPolicies(CONTOSO, {authenticationContext: 'p1'})
    const response = await token({
      grant_type: 'client_credentials',
      client_id: '30000000-0000-4000-8000-000000000001',
      client_secret: 'contoso-automation-secret-1',
      scope: 'https://management.core.windows.net//.default',
    })
    expect((await arm(SUBSCRIPTION, String(response.body.access_token))).status).toBe(200)
  })
})

describe('a tenant that blocks the device code flow', () => {
  test('refuses a device code with AADSTS53003 once the person signed in, and lets a password through', async () => {
    const code = await sendRequest(`${emulator.url}/${WOODGROVE}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: formBody({client_id: AZ_CLI, scope: ARM_SCOPE}),
      ca: emulator.caPem,
    })
    const {device_code: deviceCode, user_code: userCode} = JSON.parse(code.body) as {device_code: string; user_code: string}
    emulator.approveDeviceCode(userCode, 'dave@woodgrove.example')
    const refused = await token({grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode}, WOODGROVE)
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({error: 'invalid_grant', error_codes: [53003]})
    expect(String(refused.body.error_description)).toMatch(
      /^AADSTS53003: Access has been blocked by Conditional Access policies\. The access policy does not allow token issuance\.\r\n/,
    )
    const dave = await token({grant_type: 'password', username: 'dave@woodgrove.example', password: 'dave-password-1'}, WOODGROVE)
    expect(dave.status).toBe(200)
  })
})

describe('the HTTP controls', () => {
  async function control(method: string, path: string, body?: unknown) {
    const response = await sendRequest(`${emulator.url}/_emulator${path}`, {
      method,
      headers: {'content-type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
      ca: emulator.caPem,
    })
    return {status: response.status, body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined}
  }

  test('PUT /_emulator/tenants/{tenant}/policies changes a tenant by ID or domain, and refuses bad values', async () => {
    expect(await control('PUT', '/tenants/contoso.example/policies', {authenticationContext: 'c1', blockDeviceCode: true})).toMatchObject({
      status: 200,
      body: {id: CONTOSO, authenticationContext: 'c1', blockDeviceCode: true},
    })
    expect(await control('PUT', `/tenants/${CONTOSO}/policies`, {authenticationContext: null, blockDeviceCode: false})).toMatchObject({
      status: 200,
      body: {blockDeviceCode: false},
    })
    expect(emulator.seed.tenants[0].authenticationContext).toBeUndefined()
    expect(await control('PUT', '/tenants/nowhere.example/policies', {requireMfa: true})).toMatchObject({
      status: 400,
      body: {error: {message: "no seeded tenant 'nowhere.example'"}},
    })
    expect(await control('PUT', `/tenants/${CONTOSO}/policies`, {requireMfa: 'yes'})).toMatchObject({
      status: 400,
      body: {error: {message: 'policies.requireMfa: true or false is required'}},
    })
  })

  test('POST /_emulator/sessions/revoke revokes a user, and refuses an unknown one', async () => {
    const {refresh} = await aliceWithMfa()
    expect((await control('POST', '/sessions/revoke', {username: 'alice@contoso.example'})).status).toBe(204)
    expect((await token({grant_type: 'refresh_token', refresh_token: refresh})).body).toMatchObject({error_codes: [50173]})
    expect(await control('POST', '/sessions/revoke', {username: 'nobody@contoso.example'})).toMatchObject({status: 400})
  })
})

describe('locations', () => {
  test('regions in ARM shape; edge zones only with includeExtendedLocations=true', async () => {
    const access = String((await password()).body.access_token)
    const regions = (await arm(`/subscriptions/${CONTOSO_DEV}/locations?api-version=2022-12-01`, access)).body.value as Record<string, unknown>[]
    expect(regions.map((location) => location.name)).toEqual(['eastus', 'westus2', 'westeurope', 'uksouth', 'unitedstates'])
    expect(regions[0]).toEqual({
      id: `/subscriptions/${CONTOSO_DEV}/locations/eastus`,
      name: 'eastus',
      type: 'Region',
      displayName: 'East US',
      regionalDisplayName: '(US) East US',
      metadata: {
        regionType: 'Physical',
        regionCategory: 'Recommended',
        geography: 'United States',
        geographyGroup: 'US',
        longitude: '-79.8164',
        latitude: '37.3719',
        physicalLocation: 'Virginia',
        pairedRegion: [{name: 'westus', id: `/subscriptions/${CONTOSO_DEV}/locations/westus`}],
      },
      availabilityZoneMappings: [1, 2, 3].map((zone) => ({logicalZone: String(zone), physicalZone: `eastus-az${zone}`})),
    })
    expect(regions[4]).toEqual(expect.not.objectContaining({availabilityZoneMappings: expect.anything()}))
    const extended = (await arm(`/subscriptions/${CONTOSO_DEV}/locations?api-version=2022-12-01&includeExtendedLocations=true`, access)).body
      .value as Record<string, unknown>[]
    expect(extended.filter((location) => location.type === 'EdgeZone')).toEqual([
      expect.objectContaining({name: 'losangeles', metadata: expect.objectContaining({homeLocation: 'westus'})}),
    ])
  })
})

describe('an AADSTS fault', () => {
  test('answers a token request with the AADSTS error it names', async () => {
    const fault = emulator.faults.add({
      route: 'token',
      grantType: 'password',
      status: 400,
      aadsts: {code: 50079, message: 'Due to a configuration change, you must enroll in MFA.'},
      times: 1,
    })
    const refused = await password()
    expect(refused.body).toMatchObject({error: 'invalid_grant', error_codes: [50079]})
    expect(String(refused.body.error_description)).toMatch(/^AADSTS50079: Due to a configuration change, you must enroll in MFA\.\r\n/)
    expect(fault.hits).toBe(1)
    expect(() => emulator.faults.add({route: 'token', aadsts: {code: 50079}})).toThrow('aadsts needs a status and a numeric code')
  })
})
