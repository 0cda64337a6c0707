/**
 * Entra ID at the HTTP level: the metadata documents, the authorization code flow as MSAL Python
 * drives it (302 with a query, nonce), PKCE and code errors, refresh token rotation, client
 * authentication details (padded x5t, x5c, Basic) and the AADSTS error shape.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {createHash, generateKeyPairSync, randomBytes, sign, type KeyObject} from 'node:crypto'
import {createServer, type Server} from 'node:http'
import {formBody, sendRequest, startEmulator, type Emulator} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const AZ_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const ARM_SCOPE = 'https://management.core.windows.net//.default offline_access openid profile'
const CONTOSO = '10000000-0000-4000-8000-000000000001'
const FABRIKAM = '10000000-0000-4000-8000-000000000002'
const AUTOMATION = {appId: '30000000-0000-4000-8000-000000000001', secret: 'contoso-automation-secret-1'}
const ALICE = {username: 'alice@contoso.example', password: 'alice-password-1'}

let emulator: Emulator
let redirectTarget: Server
let redirectUri: string

beforeAll(async () => {
  const [started, listening] = await Promise.all([startEmulator({proxyPort: false}), listenLoopback()])
  emulator = started
  redirectTarget = listening
  const address = redirectTarget.address()
  redirectUri = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(async () => {
  await emulator?.close()
  await new Promise((resolve) => redirectTarget?.close(resolve))
})

beforeEach(() => emulator.requests.clear())

/** Stands in for the app's loopback redirect URI (MSAL Python's, which takes the code from a GET). */
function listenLoopback(): Promise<Server> {
  const server = createServer((_request, response) => response.end('Authentication complete.'))
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

async function get(path: string): Promise<{status: number; body: Record<string, unknown>; headers: Record<string, unknown>}> {
  const response = await sendRequest(`${emulator.url}${path}`, {ca: emulator.caPem})
  return {status: response.status, body: JSON.parse(response.body) as Record<string, unknown>, headers: response.headers}
}

async function token(fields: Record<string, string | undefined>, tenant = 'organizations', headers: Record<string, string> = {}) {
  const response = await sendRequest(`${emulator.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded', ...headers},
    body: formBody(fields),
    ca: emulator.caPem,
  })
  return {status: response.status, body: JSON.parse(response.body) as Record<string, unknown>}
}

function claimsOf(jwt: unknown): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(jwt).split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

function password(extra: Record<string, string> = {}, tenant = 'organizations') {
  return token({grant_type: 'password', client_id: AZ_CLI, username: ALICE.username, password: ALICE.password, scope: ARM_SCOPE, ...extra}, tenant)
}

describe('metadata', () => {
  test("instance discovery puts the emulator's port back into tenant_discovery_endpoint", async () => {
    const {body} = await get(
      '/common/discovery/instance?api-version=1.0&authorization_endpoint=https://localhost/organizations/oauth2/v2.0/authorize',
    )
    expect(body.tenant_discovery_endpoint).toBe(`${emulator.url}/organizations/v2.0/.well-known/openid-configuration`)
    expect((body.metadata as {aliases: string[]}[])[0].aliases).toEqual(expect.arrayContaining([`localhost:${emulator.port}`, 'localhost']))
  })

  test('v2.0 OpenID configuration: by domain it names the GUID; organizations carries {tenantid}; routing ignores case', async () => {
    const byDomain = await get('/Contoso.Example/V2.0/.well-known/OpenID-Configuration')
    expect(byDomain.body).toMatchObject({
      issuer: `${emulator.url}/${CONTOSO}/v2.0`,
      token_endpoint: `${emulator.url}/${CONTOSO}/oauth2/v2.0/token`,
      authorization_endpoint: `${emulator.url}/${CONTOSO}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${emulator.url}/${CONTOSO}/oauth2/v2.0/devicecode`,
      jwks_uri: `${emulator.url}/${CONTOSO}/discovery/v2.0/keys`,
    })
    const organizations = await get('/organizations/v2.0/.well-known/openid-configuration')
    expect(organizations.body.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`)
  })

  test("the v1 document resolves a tenant domain: the issuer's 4th path segment is the GUID (az login --tenant)", async () => {
    const {body} = await get('/fabrikam.example/.well-known/openid-configuration')
    expect(String(body.issuer).split('/')[3]).toBe(FABRIKAM)
  })

  test('an unknown tenant is AADSTS90002 invalid_tenant', async () => {
    const {status, body} = await get('/nowhere.example/v2.0/.well-known/openid-configuration')
    expect(status).toBe(400)
    expect(body).toMatchObject({
      error: 'invalid_tenant',
      error_codes: [90002],
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
      timestamp: expect.any(String),
    })
    expect(body.error_description).toMatch(
      /^AADSTS90002: Tenant 'nowhere\.example' not found\..*\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: .+$/s,
    )
  })

  test('the keys document holds the key tokens are signed with', async () => {
    const {body} = await password()
    const kid = JSON.parse(Buffer.from(String(body.access_token).split('.')[0], 'base64url').toString('utf8')).kid
    const keys = await get(`/${CONTOSO}/discovery/v2.0/keys`)
    expect((keys.body.keys as {kid: string; kty: string}[]).map((key) => [key.kid, key.kty])).toEqual([[kid, 'RSA']])
  })

  test('user realm: a seeded domain is Managed, anything else Unknown', async () => {
    expect((await get('/common/userrealm/alice%40contoso.example?api-version=1.0')).body).toMatchObject({
      account_type: 'Managed',
      domain_name: 'contoso.example',
    })
    expect((await get('/common/userrealm/someone@elsewhere.example?api-version=1.0')).body.account_type).toBe('Unknown')
  })
})

describe('authorization code flow (MSAL Python style: response_mode query)', () => {
  async function authorize(extra: Record<string, string> = {}) {
    const verifier = randomBytes(32).toString('base64url')
    const query = new URLSearchParams({
      client_id: AZ_CLI,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: ARM_SCOPE,
      state: 'state-123',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      nonce: 'nonce-456',
      client_info: '1',
      login_hint: ALICE.username,
      prompt: 'select_account',
      ...extra,
    })
    const url = `${emulator.url}/organizations/oauth2/v2.0/authorize?${query}`
    return {url, verifier}
  }

  test('the sign-in page lists the accounts and honours login_hint', async () => {
    const {url} = await authorize()
    const page = await sendRequest(url, {ca: emulator.caPem})
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('bob@fabrikam.example')
    expect(page.body).toMatch(/name="username" value="alice@contoso\.example"/)
    expect(page.body).not.toContain(ALICE.password)
  })

  test('sign-in answers 302 with code, state and client_info; the code redeems once with the right verifier', async () => {
    const {url, verifier} = await authorize()
    const outcome = await emulator.completeBrowserSignIn(url, {username: ALICE.username})
    expect(outcome).toMatchObject({
      delivery: 'redirect',
      redirectStatus: 200,
      parameters: {state: 'state-123', code: expect.any(String), client_info: expect.any(String)},
    })

    const redeem = (codeVerifier: string) =>
      token({
        grant_type: 'authorization_code',
        client_id: AZ_CLI,
        code: outcome.parameters.code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
        scope: ARM_SCOPE,
        client_info: '1',
      })
    expect((await redeem('wrong-verifier')).body).toMatchObject({error: 'invalid_grant', error_codes: [501481]})
    const granted = await redeem(verifier)
    expect(granted.status).toBe(200)
    expect(claimsOf(granted.body.id_token)).toMatchObject({
      nonce: 'nonce-456',
      preferred_username: ALICE.username,
      tid: CONTOSO,
      ver: '2.0',
      iss: `${emulator.url}/${CONTOSO}/v2.0`,
    })
    expect((await redeem(verifier)).body).toMatchObject({error: 'invalid_grant', error_codes: [54005]})
  })

  test('an expired or unknown code is refused', async () => {
    const {url, verifier} = await authorize()
    const {parameters} = await emulator.completeBrowserSignIn(url, {username: ALICE.username})
    emulator.clock.advance(601)
    const expired = await token({
      grant_type: 'authorization_code',
      client_id: AZ_CLI,
      code: parameters.code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: ARM_SCOPE,
    })
    expect(expired.body).toMatchObject({error: 'invalid_grant', error_codes: [70008]})
    const unknown = await token({
      grant_type: 'authorization_code',
      client_id: AZ_CLI,
      code: 'made-up',
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: ARM_SCOPE,
    })
    expect(unknown.body).toMatchObject({error: 'invalid_grant', error_codes: [70000]})
  })

  test('Cancel on the sign-in page sends access_denied to the app', async () => {
    const {url} = await authorize()
    const page = await sendRequest(url, {ca: emulator.caPem})
    const flowToken = /name="flowToken" value="([^"]+)"/.exec(page.body)![1]
    const cancelled = await sendRequest(`${emulator.url}/common/login`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: formBody({flowToken, action: 'cancel'}),
      ca: emulator.caPem,
    })
    expect(cancelled.status).toBe(302)
    const location = new URL(cancelled.headers.location as string)
    expect([location.searchParams.get('error'), location.searchParams.get('state')]).toEqual(['access_denied', 'state-123'])
  })

  test('an unknown application gets an error page (AADSTS700016), not a redirect', async () => {
    const {url} = await authorize({client_id: '99999999-0000-4000-8000-000000000000'})
    const page = await sendRequest(url, {ca: emulator.caPem})
    expect(page.status).toBe(400)
    expect(page.body).toContain('AADSTS700016')
  })
})

describe('token endpoint', () => {
  test('client_info only when client_info=1 was sent; an id token only with openid', async () => {
    expect((await password()).body.client_info).toBeUndefined()
    expect((await password({client_info: '1'})).body.client_info).toEqual(expect.any(String))
    const bare = await password({scope: 'https://management.core.windows.net//.default'})
    expect([bare.body.id_token, bare.body.refresh_token]).toEqual([undefined, undefined])
  })

  test('refresh tokens rotate, work for any resource, and an unknown one is AADSTS9002313', async () => {
    const first = (await password()).body.refresh_token as string
    const refreshed = await token(
      {grant_type: 'refresh_token', client_id: AZ_CLI, refresh_token: first, scope: 'https://storage.azure.com/.default offline_access'},
      CONTOSO,
    )
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.refresh_token).not.toBe(first)
    expect(claimsOf(refreshed.body.access_token)).toMatchObject({aud: 'https://storage.azure.com', tid: CONTOSO})
    const unknown = await token({grant_type: 'refresh_token', client_id: AZ_CLI, refresh_token: 'emu-rt.unknown', scope: ARM_SCOPE})
    expect(unknown.body).toMatchObject({error: 'invalid_grant', error_codes: [9002313]})
  })

  test.each([
    [false, 200],
    [true, 400],
  ])('with single-use refresh tokens %s, a refresh token already exchanged gets %i', async (singleUse, status) => {
    emulator.setSingleUseRefreshTokens(singleUse)
    try {
      const refresh = (refreshToken: string) =>
        token({grant_type: 'refresh_token', client_id: AZ_CLI, refresh_token: refreshToken, scope: ARM_SCOPE}, CONTOSO)
      const first = (await password()).body.refresh_token as string
      const second = await refresh(first)
      expect(second.status).toBe(200)
      const again = await refresh(first)
      expect(again.status).toBe(status)
      if (singleUse) expect(again.body).toMatchObject({error: 'invalid_grant', error_codes: [70000], suberror: 'bad_token'})
      // The newest one always works, once.
      expect((await refresh(second.body.refresh_token as string)).status).toBe(200)
    } finally {
      emulator.setSingleUseRefreshTokens(false)
    }
  })

  test('with single-use refresh tokens and a reuse interval, an exchanged one is accepted until the interval ends', async () => {
    emulator.setSingleUseRefreshTokens(true, {reuseIntervalSeconds: 30})
    try {
      const refresh = (refreshToken: string) =>
        token({grant_type: 'refresh_token', client_id: AZ_CLI, refresh_token: refreshToken, scope: ARM_SCOPE}, CONTOSO)
      const first = (await password()).body.refresh_token as string
      expect((await refresh(first)).status).toBe(200)
      emulator.clock.advance(29)
      expect((await refresh(first)).status).toBe(200)
      emulator.clock.advance(2)
      expect((await refresh(first)).status).toBe(400)
    } finally {
      emulator.setSingleUseRefreshTokens(false)
    }
  })

  test('request errors: no grant_type (900144), an unknown grant (70003), a public client with a secret (700025)', async () => {
    expect((await token({client_id: AZ_CLI})).body.error_codes).toEqual([900144])
    expect((await token({grant_type: 'magic', client_id: AZ_CLI})).body).toMatchObject({error: 'unsupported_grant_type', error_codes: [70003]})
    expect((await password({client_secret: 'x'})).body).toMatchObject({error: 'invalid_client', error_codes: [700025]})
  })

  test('client credentials: /organizations is AADSTS50059, a scope without /.default AADSTS1002012, Basic authentication works', async () => {
    const organizations = await token({
      grant_type: 'client_credentials',
      client_id: AUTOMATION.appId,
      client_secret: AUTOMATION.secret,
      scope: 'https://management.core.windows.net//.default',
    })
    expect(organizations.body.error_codes).toEqual([50059])
    const notDefault = await token(
      {
        grant_type: 'client_credentials',
        client_id: AUTOMATION.appId,
        client_secret: AUTOMATION.secret,
        scope: 'https://graph.microsoft.com/User.Read',
      },
      CONTOSO,
    )
    expect(notDefault.body).toMatchObject({error: 'invalid_scope', error_codes: [1002012]})
    const basic = await token({grant_type: 'client_credentials', scope: 'https://management.core.windows.net//.default'}, CONTOSO, {
      authorization: `Basic ${Buffer.from(`${AUTOMATION.appId}:${AUTOMATION.secret}`).toString('base64')}`,
    })
    expect(basic.status).toBe(200)
    expect(basic.body).not.toHaveProperty('refresh_token')
  })
})

describe('certificate assertions as MSAL Python sends them', () => {
  function assertion(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject | string): string {
    const encode = (part: Record<string, unknown>) => Buffer.from(JSON.stringify(part)).toString('base64url')
    const input = `${encode({alg: 'RS256', typ: 'JWT', ...header})}.${encode(claims)}`
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`
  }

  function assertionClaims(overrides: Record<string, unknown> = {}) {
    const now = Math.floor(emulator.clock.nowMs() / 1000)
    return {
      aud: `${emulator.url}/${CONTOSO}/oauth2/v2.0/token`,
      iss: AUTOMATION.appId,
      sub: AUTOMATION.appId,
      jti: randomBytes(8).toString('hex'),
      iat: now,
      nbf: now,
      exp: now + 600,
      ...overrides,
    }
  }

  function clientCredentials(clientAssertion: string) {
    return token(
      {
        grant_type: 'client_credentials',
        client_id: AUTOMATION.appId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: clientAssertion,
        scope: 'https://management.core.windows.net//.default',
      },
      CONTOSO,
    )
  }

  test('x5t padded with "=" (urlsafe_b64encode) is accepted, and so is x5c alone', async () => {
    const certificate = emulator.certificateOf(AUTOMATION.appId)!
    const paddedX5t = Buffer.from(certificate.thumbprint, 'hex').toString('base64').replaceAll('+', '-').replaceAll('/', '_')
    expect(paddedX5t.endsWith('=')).toBe(true)
    expect((await clientCredentials(assertion({x5t: paddedX5t}, assertionClaims(), certificate.keyPem!))).status).toBe(200)
    expect((await clientCredentials(assertion({x5c: [certificate.der.toString('base64')]}, assertionClaims(), certificate.keyPem!))).status).toBe(200)
  })

  test('a signature by another key, a wrong audience, an expired assertion are refused', async () => {
    const certificate = emulator.certificateOf(AUTOMATION.appId)!
    const x5t = Buffer.from(certificate.thumbprint, 'hex').toString('base64url')
    const otherKey = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey
    const forged = await clientCredentials(assertion({x5t}, assertionClaims(), otherKey))
    expect([forged.status, forged.body.error_codes, forged.body.error_description]).toEqual([
      401,
      [700027],
      expect.stringContaining('signature validation'),
    ])
    const wrongAudience = await clientCredentials(
      assertion({x5t}, assertionClaims({aud: `${emulator.url}/${FABRIKAM}/oauth2/v2.0/token`}), certificate.keyPem!),
    )
    expect(wrongAudience.body.error_codes).toEqual([700027])
    const past = Math.floor(emulator.clock.nowMs() / 1000) - 3600
    const expired = await clientCredentials(assertion({x5t}, assertionClaims({iat: past - 600, nbf: past - 600, exp: past}), certificate.keyPem!))
    expect(expired.body.error_codes).toEqual([700024])
  })
})
