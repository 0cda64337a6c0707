/**
 * MSAL Node 7 confidential-client flows against the emulator: client credentials with a secret, a
 * certificate (RS256 + x5t, PS256 + x5t#S256) and a federated assertion, and their failures.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {ConfidentialClientApplication, type Configuration} from '@azure/msal-node'
import {startEmulator, type Emulator, type MsalNetworkClient, type NetworkRequestOptions} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const ARM = 'https://management.core.windows.net//.default'
const CONTOSO = '10000000-0000-4000-8000-000000000001'
const FABRIKAM = '10000000-0000-4000-8000-000000000002'
const AUTOMATION = {
  appId: '30000000-0000-4000-8000-000000000001',
  objectId: '31000000-0000-4000-8000-000000000001',
  secret: 'contoso-automation-secret-1',
}
const DEPLOYER = {appId: '30000000-0000-4000-8000-000000000002', subject: 'repo:contoso/app:ref:refs/heads/main'}

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
})

afterAll(async () => {
  await emulator?.close()
})

beforeEach(() => emulator.requests.clear())

function confidentialClient(
  clientId: string,
  credential: Partial<Configuration['auth']>,
  tenant = CONTOSO,
  networkClient: MsalNetworkClient = emulator.networkClient,
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {clientId, authority: `${emulator.url}/${tenant}`, knownAuthorities: [`localhost:${emulator.port}`], ...credential},
    system: {networkClient},
  })
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

/** A network client that also keeps the client assertion headers MSAL sends. */
function recordingNetworkClient(): {client: MsalNetworkClient; assertionHeaders: Record<string, unknown>[]} {
  const assertionHeaders: Record<string, unknown>[] = []
  const inner = emulator.networkClient
  const client: MsalNetworkClient = {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => inner.sendGetRequestAsync<T>(url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => {
      const assertion = new URLSearchParams(options?.body ?? '').get('client_assertion')
      if (assertion) assertionHeaders.push(JSON.parse(Buffer.from(assertion.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>)
      return inner.sendPostRequestAsync<T>(url, options)
    },
  }
  return {client, assertionHeaders}
}

describe('client secret', () => {
  test('the right secret gets an app token for ARM; the second call comes from the cache', async () => {
    const cca = confidentialClient(AUTOMATION.appId, {clientSecret: AUTOMATION.secret})
    const first = await cca.acquireTokenByClientCredential({scopes: [ARM]})
    expect(claimsOf(first!.accessToken)).toMatchObject({
      aud: 'https://management.core.windows.net/',
      appid: AUTOMATION.appId,
      oid: AUTOMATION.objectId,
      tid: CONTOSO,
      idtyp: 'app',
      appidacr: '1',
    })
    const second = await cca.acquireTokenByClientCredential({scopes: [ARM]})
    expect(second!.fromCache).toBe(true)
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual(['client_credentials'])
  })

  test('a wrong secret is AADSTS7000215 invalid_client (HTTP 401)', async () => {
    const cca = confidentialClient(AUTOMATION.appId, {clientSecret: 'not-the-secret'})
    await expect(cca.acquireTokenByClientCredential({scopes: [ARM]})).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining(
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the ' +
          `client secret value, not the client secret ID, for a secret added to app '${AUTOMATION.appId}'.`,
      ),
    })
    expect(emulator.requests.entries({route: 'token'})[0]?.status).toBe(401)
  })

  test('an application of another tenant is AADSTS700016 there', async () => {
    const cca = confidentialClient(AUTOMATION.appId, {clientSecret: AUTOMATION.secret}, FABRIKAM)
    await expect(cca.acquireTokenByClientCredential({scopes: [ARM]})).rejects.toMatchObject({
      errorCode: 'unauthorized_client',
      errorMessage: expect.stringContaining(
        `AADSTS700016: Application with identifier '${AUTOMATION.appId}' was not found in the directory 'Fabrikam'`,
      ),
    })
  })
})

describe('certificate', () => {
  test('SHA-1 thumbprint: MSAL signs RS256 with x5t, the emulator verifies it against the seeded certificate', async () => {
    const certificate = emulator.certificateOf(AUTOMATION.appId)!
    const {client, assertionHeaders} = recordingNetworkClient()
    const cca = confidentialClient(
      AUTOMATION.appId,
      {clientCertificate: {thumbprint: certificate.thumbprint, privateKey: certificate.keyPem!}},
      CONTOSO,
      client,
    )
    const result = await cca.acquireTokenByClientCredential({scopes: [ARM]})
    expect(claimsOf(result!.accessToken)).toMatchObject({appid: AUTOMATION.appId, appidacr: '2', tid: CONTOSO})
    expect(assertionHeaders).toEqual([expect.objectContaining({alg: 'RS256', x5t: expect.any(String)})])
  })

  test('SHA-256 thumbprint: MSAL signs PS256 with x5t#S256', async () => {
    const certificate = emulator.certificateOf(AUTOMATION.appId)!
    const {client, assertionHeaders} = recordingNetworkClient()
    const cca = confidentialClient(
      AUTOMATION.appId,
      {clientCertificate: {thumbprintSha256: certificate.thumbprintSha256, privateKey: certificate.keyPem!}},
      CONTOSO,
      client,
    )
    const result = await cca.acquireTokenByClientCredential({scopes: [ARM]})
    expect(claimsOf(result!.accessToken)).toMatchObject({appid: AUTOMATION.appId, appidacr: '2'})
    expect(assertionHeaders).toEqual([expect.objectContaining({alg: 'PS256', 'x5t#S256': expect.any(String)})])
  })

  test('a certificate the application does not have is AADSTS700027', async () => {
    const certificate = emulator.certificateOf(AUTOMATION.appId)!
    const cca = confidentialClient(AUTOMATION.appId, {clientCertificate: {thumbprint: 'AB'.repeat(20), privateKey: certificate.keyPem!}})
    await expect(cca.acquireTokenByClientCredential({scopes: [ARM]})).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining(
        'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. ' +
          `[Reason - The key was not found., Thumbprint of key used by client: '${'AB'.repeat(20)}'`,
      ),
    })
  })
})

describe('federated assertion', () => {
  test("a token from the trusted issuer with the credential's subject and audience gets an app token", async () => {
    const cca = confidentialClient(DEPLOYER.appId, {
      clientAssertion: () => Promise.resolve(emulator.issueFederatedToken({subject: DEPLOYER.subject})),
    })
    const result = await cca.acquireTokenByClientCredential({scopes: [ARM]})
    expect(claimsOf(result!.accessToken)).toMatchObject({appid: DEPLOYER.appId, tid: CONTOSO, appidacr: '2'})
  })

  test('another subject is AADSTS70021, another audience AADSTS700212', async () => {
    const wrongSubject = confidentialClient(DEPLOYER.appId, {
      clientAssertion: emulator.issueFederatedToken({subject: 'repo:contoso/app:pull_request'}),
    })
    await expect(wrongSubject.acquireTokenByClientCredential({scopes: [ARM]})).rejects.toMatchObject({
      errorMessage: expect.stringContaining(
        'AADSTS70021: No matching federated identity record found for presented assertion. ' +
          "Assertion Issuer: 'https://token.ci.example'. Assertion Subject: 'repo:contoso/app:pull_request'.",
      ),
    })
    const wrongAudience = confidentialClient(DEPLOYER.appId, {
      clientAssertion: emulator.issueFederatedToken({subject: DEPLOYER.subject, audience: 'api://SomethingElse'}),
    })
    await expect(wrongAudience.acquireTokenByClientCredential({scopes: [ARM]})).rejects.toMatchObject({
      errorMessage: expect.stringContaining('AADSTS700212'),
    })
  })
})
