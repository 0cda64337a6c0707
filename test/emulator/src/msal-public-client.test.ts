/**
 * MSAL Node 7 public-client flows against the emulator: device code, interactive (auth code + PKCE
 * through the HTML sign-in page), ROPC, silent refresh for another resource and after expiry, and
 * a revoked refresh token. MSAL runs in this process with a network client that trusts the run's CA.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {PublicClientApplication, type AccountInfo, type AuthenticationResult} from '@azure/msal-node'
import {completeBrowserSignIn, startEmulator, type Emulator} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const AZ_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const ARM = 'https://management.core.windows.net//.default'
const GRAPH = 'https://graph.microsoft.com/.default'
const CONTOSO = '10000000-0000-4000-8000-000000000001'
const FABRIKAM = '10000000-0000-4000-8000-000000000002'
const NORTHWIND = '10000000-0000-4000-8000-000000000003'
const ALICE = {username: 'alice@contoso.example', password: 'alice-password-1', objectId: '20000000-0000-4000-8000-000000000001'}
const CAROL = {username: 'carol@northwind.example', password: 'carol-password-1', objectId: '20000000-0000-4000-8000-000000000003'}

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
})

afterAll(async () => {
  await emulator?.close()
})

beforeEach(() => {
  emulator.requests.clear()
  emulator.setAccessTokenLifetime(3599)
})

function publicClient(tenant = 'organizations'): PublicClientApplication {
  return new PublicClientApplication({
    auth: {clientId: AZ_CLI, authority: `${emulator.url}/${tenant}`, knownAuthorities: [`localhost:${emulator.port}`]},
    system: {networkClient: emulator.networkClient},
  })
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

function expectAccount(account: AccountInfo | null, user: {username: string; objectId: string}, tenantId: string, homeTenant: string): void {
  expect(account).toMatchObject({
    username: user.username,
    tenantId,
    homeAccountId: `${user.objectId}.${homeTenant}`,
    localAccountId: user.objectId,
    environment: `localhost:${emulator.port}`,
  })
}

async function signInWithPassword(pca: PublicClientApplication, user = ALICE): Promise<AuthenticationResult> {
  return (await pca.acquireTokenByUsernamePassword({scopes: [ARM], username: user.username, password: user.password})) as AuthenticationResult
}

describe('device code', () => {
  test('a code the test approves signs alice in, with the account MSAL derives from client_info', async () => {
    const pca = publicClient()
    const result = await pca.acquireTokenByDeviceCode({
      scopes: [ARM],
      deviceCodeCallback: (response) => emulator.approveDeviceCode(response.userCode, ALICE.username),
    })

    expectAccount(result!.account, ALICE, CONTOSO, CONTOSO)
    expect(claimsOf(result!.accessToken)).toMatchObject({
      aud: 'https://management.core.windows.net/',
      tid: CONTOSO,
      upn: ALICE.username,
      scp: 'user_impersonation',
    })
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual(['device_code'])
    expect(emulator.requests.count({route: 'devicecode', path: '/organizations/oauth2/v2.0/devicecode'})).toBe(1)
  })

  test('a person can finish it in the /devicelogin pages; MSAL polls while it is pending', async () => {
    const pca = publicClient()
    let signIn: Promise<string> | undefined
    const result = await pca.acquireTokenByDeviceCode({
      scopes: [ARM],
      deviceCodeCallback: (response) => {
        expect(response.verificationUri).toBe(`${emulator.url}/devicelogin`)
        expect(response.message).toContain(response.userCode)
        signIn = emulator.completeDeviceCodeSignIn(response.userCode, {username: ALICE.username})
      },
    })

    await expect(signIn).resolves.toBe('approved')
    expectAccount(result!.account, ALICE, CONTOSO, CONTOSO)
    expect(emulator.requests.count({route: 'devicelogin', method: 'POST'})).toBe(1)
    expect(emulator.requests.count({route: 'login', method: 'POST'})).toBe(2)
  })
})

describe('interactive (authorization code + PKCE)', () => {
  test('openBrowser = completeBrowserSignIn signs alice in through the form_post page', async () => {
    const pca = publicClient()
    let authorizeUrl = ''
    const result = await pca.acquireTokenInteractive({
      scopes: [ARM],
      openBrowser: async (url) => {
        authorizeUrl = url
        const outcome = await completeBrowserSignIn(url, {username: ALICE.username, password: ALICE.password})
        expect(outcome).toMatchObject({delivery: 'form_post', redirectStatus: 200})
      },
    })

    const query = new URL(authorizeUrl).searchParams
    expect(query.get('response_mode')).toBe('form_post')
    expect(query.get('code_challenge_method')).toBe('S256')
    expectAccount(result.account, ALICE, CONTOSO, CONTOSO)
    expect(claimsOf(result.idToken).nonce).toBeUndefined()
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual(['authorization_code'])
  })

  test('a tenant that demands MFA gets the approval step, and the token records it', async () => {
    const pca = publicClient(NORTHWIND)
    const result = await pca.acquireTokenInteractive({
      scopes: [ARM],
      loginHint: CAROL.username,
      openBrowser: async (url) => {
        await emulator.completeBrowserSignIn(url, {username: CAROL.username})
      },
    })

    expectAccount(result.account, CAROL, NORTHWIND, NORTHWIND)
    expect(claimsOf(result.accessToken).amr).toEqual(['pwd', 'mfa'])
  })

  test('a wrong password fails in the page, with its message, and no code reaches the app', async () => {
    const pca = publicClient()
    const attempt = pca.acquireTokenInteractive({
      scopes: [ARM],
      openBrowser: async (url) => {
        await completeBrowserSignIn(url, {username: ALICE.username, password: 'nope'})
      },
    })
    await expect(attempt).rejects.toThrow(/Your account or password is incorrect/)
    expect(emulator.requests.count({route: 'token'})).toBe(0)
  })
})

describe('username and password (ROPC)', () => {
  test('signs alice in; the token is for her home tenant', async () => {
    const result = await signInWithPassword(publicClient())
    expectAccount(result.account, ALICE, CONTOSO, CONTOSO)
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual(['password'])
  })

  test('the authority may be common or a tenant domain', async () => {
    expectAccount((await signInWithPassword(publicClient('common'))).account, ALICE, CONTOSO, CONTOSO)
    expectAccount((await signInWithPassword(publicClient('fabrikam.example'))).account, ALICE, FABRIKAM, CONTOSO)
  })

  test('at another tenant of hers the token is for that tenant, the home account stays', async () => {
    const result = await signInWithPassword(publicClient(FABRIKAM))
    expectAccount(result.account, ALICE, FABRIKAM, CONTOSO)
    expect(claimsOf(result.accessToken)).toMatchObject({tid: FABRIKAM, idp: `${emulator.url}/${CONTOSO}/`})
  })

  test('a wrong password is AADSTS50126 invalid_grant', async () => {
    await expect(signInWithPassword(publicClient(), {...ALICE, password: 'wrong'})).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      errorMessage: expect.stringMatching(
        /AADSTS50126: Error validating credentials due to invalid username or password\.\r?\nTrace ID: .+\r?\nCorrelation ID: .+\r?\nTimestamp: /,
      ),
    })
  })

  test('a tenant that demands MFA refuses a password alone with AADSTS50076', async () => {
    await expect(signInWithPassword(publicClient(NORTHWIND))).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      subError: 'basic_action',
      errorMessage: expect.stringContaining('AADSTS50076'),
    })
  })
})

describe('silent acquisition and refresh tokens', () => {
  test('a cached token costs zero requests; another resource costs one refresh_token grant', async () => {
    const pca = publicClient()
    const {account} = await signInWithPassword(pca)
    emulator.requests.clear()

    const cached = await pca.acquireTokenSilent({account: account!, scopes: [ARM]})
    expect(cached.fromCache).toBe(true)
    expect(emulator.requests.count()).toBe(0)

    const graph = await pca.acquireTokenSilent({account: account!, scopes: [GRAPH]})
    expect(graph.fromCache).toBe(false)
    expect(claimsOf(graph.accessToken).aud).toBe('https://graph.microsoft.com')
    expect(emulator.requests.entries().map((entry) => `${entry.route}:${entry.grantType ?? ''}`)).toEqual(['token:refresh_token'])
  })

  test("with a 120 s lifetime (inside MSAL's 5 min margin) every silent call refreshes", async () => {
    emulator.setAccessTokenLifetime(120)
    const pca = publicClient()
    const {account} = await signInWithPassword(pca)
    emulator.requests.clear()

    const first = await pca.acquireTokenSilent({account: account!, scopes: [ARM]})
    const second = await pca.acquireTokenSilent({account: account!, scopes: [ARM]})
    expect([first.fromCache, second.fromCache]).toEqual([false, false])
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(emulator.requests.count({route: 'token', grantType: 'refresh_token'})).toBe(2)
  })

  test('a revoked refresh token fails with AADSTS50173 and MSAL asks for interaction', async () => {
    const pca = publicClient()
    const {account} = await signInWithPassword(pca)
    emulator.revokeRefreshTokens(ALICE.username)
    await expect(pca.acquireTokenSilent({account: account!, scopes: [ARM], forceRefresh: true})).rejects.toMatchObject({
      name: 'InteractionRequiredAuthError',
      errorCode: 'invalid_grant',
      errorMessage: expect.stringContaining('AADSTS50173'),
    })
  })

  test('a refresh for the MFA tenant without MFA is AADSTS50076, as az sees when listing tenants', async () => {
    const pca = publicClient()
    const {account} = await signInWithPassword(pca)
    const northwind = pca.acquireTokenSilent({account: account!, scopes: [ARM], authority: `${emulator.url}/${NORTHWIND}`, forceRefresh: true})
    await expect(northwind).rejects.toMatchObject({
      name: 'InteractionRequiredAuthError',
      subError: 'basic_action',
      errorMessage: expect.stringContaining('AADSTS50076'),
    })
    expect(emulator.requests.count({route: 'token', grantType: 'refresh_token', path: `/${NORTHWIND}/oauth2/v2.0/token`})).toBe(1)
  })
})
