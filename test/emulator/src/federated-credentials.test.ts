/**
 * Federated and expiring credentials: CI jobs that hand out OIDC tokens as GitHub Actions and Azure
 * Pipelines do, those tokens exchanged for access tokens until they expire by the emulator's clock,
 * a mismatched subject, a secret or certificate that expires, and a tenant that starts demanding MFA.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {createPrivateKey, createHash, randomUUID, sign, X509Certificate} from 'node:crypto'
import {formBody, sendRequest, startEmulator, type CiJob, type Emulator} from './index.js'

jest.setTimeout(30_000)

const CONTOSO = '10000000-0000-4000-8000-000000000001'
const DEPLOYER = '30000000-0000-4000-8000-000000000002'
const AUTOMATION = {appId: '30000000-0000-4000-8000-000000000001', secret: 'contoso-automation-secret-1'}
const GITHUB_SUBJECT = 'repo:contoso/app:ref:refs/heads/main'
const PIPELINES_SUBJECT = 'sc://contoso/app/contoso-deployer'
const ARM = 'https://management.core.windows.net//.default'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
})
afterAll(() => emulator?.close())
beforeEach(() => emulator.requests.clear())

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

async function send(url: string, options: {method?: string; headers?: Record<string, string>; body?: string} = {}) {
  const response = await sendRequest(url, {...options, ca: emulator.caPem})
  return {status: response.status, body: JSON.parse(response.body) as Record<string, unknown>}
}

function githubToken(job: CiJob, options: {audience?: string; token?: string} = {}) {
  const url = new URL(job.env.ACTIONS_ID_TOKEN_REQUEST_URL)
  if (options.audience) url.searchParams.set('audience', options.audience)
  return send(url.href, {headers: {authorization: `bearer ${options.token ?? job.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`}})
}

function pipelinesToken(job: CiJob, options: {apiVersion?: string; connection?: string} = {}) {
  const query = new URLSearchParams({
    'api-version': options.apiVersion ?? '7.1',
    serviceConnectionId: options.connection ?? job.env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID,
  })
  return send(`${job.env.SYSTEM_OIDCREQUESTURI}?${query}`, {
    method: 'POST',
    headers: {authorization: `Bearer ${job.env.SYSTEM_ACCESSTOKEN}`, 'content-type': 'application/json'},
  })
}

function clientCredentials(fields: Record<string, string>) {
  return send(`${emulator.url}/${CONTOSO}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: formBody({grant_type: 'client_credentials', scope: ARM, ...fields}),
  })
}

function exchange(assertion: string) {
  return clientCredentials({
    client_id: DEPLOYER,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  })
}

const aadsts = (body: Record<string, unknown>) => (body.error_codes as number[] | undefined)?.[0]

describe('a GitHub Actions job', () => {
  test('hands out a new five-minute token per request, for the audience asked for', async () => {
    const job = emulator.startCiJob({provider: 'github', subject: GITHUB_SUBJECT})
    expect(Object.keys(job.env).sort()).toEqual(['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'GITHUB_ACTIONS'])
    const first = await githubToken(job, {audience: 'api://AzureADTokenExchange'})
    const second = await githubToken(job, {audience: 'api://AzureADTokenExchange'})
    expect(first.status).toBe(200)
    expect(first.body.value).not.toBe(second.body.value)
    const token = claims(first.body.value as string)
    expect(token).toMatchObject({iss: 'https://token.actions.githubusercontent.com', sub: GITHUB_SUBJECT, aud: 'api://AzureADTokenExchange'})
    expect((token.exp as number) - (token.iat as number)).toBe(300)
    expect(job.assertionsIssued).toBe(2)
    expect(emulator.requests.count({route: 'github-oidc'})).toBe(2)
  })

  test("defaults the audience to the owner's URL, which Entra ID refuses", async () => {
    const job = emulator.startCiJob({provider: 'github', subject: GITHUB_SUBJECT})
    const {body} = await githubToken(job)
    expect(claims(body.value as string).aud).toBe('https://github.com/contoso')
    expect(aadsts((await exchange(body.value as string)).body)).toBe(700212)
  })

  test('refuses a wrong request token, and every request once the job ended', async () => {
    const job = emulator.startCiJob({provider: 'github', subject: GITHUB_SUBJECT})
    expect((await githubToken(job, {token: 'wrong'})).status).toBe(401)
    job.end()
    expect(await githubToken(job)).toEqual({status: 401, body: {message: 'Bad credentials'}})
    expect(job.assertionsIssued).toBe(0)
  })
})

describe('an Azure Pipelines job', () => {
  test('hands out a token for its service connection, always for the token exchange audience', async () => {
    const job = emulator.startCiJob({provider: 'azure-pipelines', subject: PIPELINES_SUBJECT})
    const {status, body} = await pipelinesToken(job)
    expect(status).toBe(200)
    expect(claims(body.oidcToken as string)).toMatchObject({
      aud: 'api://AzureADTokenExchange',
      iss: 'https://vstoken.dev.azure.com/60000000-0000-4000-8000-000000000001',
      sub: PIPELINES_SUBJECT,
    })
    expect((await exchange(body.oidcToken as string)).status).toBe(200)
  })

  test('refuses another service connection and another api-version', async () => {
    const job = emulator.startCiJob({provider: 'azure-pipelines', subject: PIPELINES_SUBJECT})
    expect((await pipelinesToken(job, {connection: randomUUID()})).status).toBe(400)
    expect((await pipelinesToken(job, {apiVersion: '6.0'})).status).toBe(400)
    expect(job.assertionsIssued).toBe(0)
  })
})

describe('exchanging a CI token', () => {
  test('works until it expires by the emulator clock (five minutes, plus five of clock skew), then AADSTS700024', async () => {
    const job = emulator.startCiJob({provider: 'github', subject: GITHUB_SUBJECT})
    const {body} = await githubToken(job, {audience: 'api://AzureADTokenExchange'})
    expect((await exchange(body.value as string)).status).toBe(200)
    emulator.clock.advance(600)
    expect((await exchange(body.value as string)).status).toBe(200)
    emulator.clock.advance(1)
    const expired = await exchange(body.value as string)
    expect(expired.status).toBe(401)
    expect(aadsts(expired.body)).toBe(700024)
  })

  test('with a subject no federated credential names: AADSTS70021', async () => {
    const job = emulator.startCiJob({provider: 'github', subject: 'repo:contoso/app:pull_request'})
    const {body} = await githubToken(job, {audience: 'api://AzureADTokenExchange'})
    expect(aadsts((await exchange(body.value as string)).body)).toBe(70021)
  })

  test('a job needs a seeded issuer', () => {
    expect(() => emulator.startCiJob({provider: 'github', subject: GITHUB_SUBJECT, issuer: 'https://elsewhere.example'})).toThrow(
      /not a seeded federated issuer/,
    )
  })
})

describe('over the HTTP controls', () => {
  test('a job is started, read and ended', async () => {
    const started = await send(`${emulator.url}/_emulator/ci-jobs`, {
      method: 'POST',
      body: JSON.stringify({provider: 'azure-pipelines', subject: PIPELINES_SUBJECT}),
    })
    expect(started.status).toBe(201)
    const env = started.body.env as Record<string, string>
    expect(env.SYSTEM_OIDCREQUESTURI).toMatch(/^https:\/\/localhost:\d+\/_azure-pipelines\//)
    const read = await send(`${emulator.url}/_emulator/ci-jobs/${started.body.id as string}`)
    expect(read.body).toMatchObject({assertionsIssued: 0, ended: false, provider: 'azure-pipelines'})
    expect((await sendRequest(`${emulator.url}/_emulator/ci-jobs/${started.body.id as string}`, {method: 'DELETE', ca: emulator.caPem})).status).toBe(
      204,
    )
    expect((await send(`${emulator.url}/_emulator/ci-jobs/${started.body.id as string}`)).body.ended).toBe(true)
    expect(
      (await send(`${emulator.url}/_emulator/ci-jobs`, {method: 'POST', body: JSON.stringify({provider: 'jenkins', subject: 'x'})})).status,
    ).toBe(400)
  })
})

describe('expiring credentials', () => {
  /** A certificate assertion for the automation app, signed with its seeded key, timed by the emulator clock. */
  function certificateAssertion(): string {
    const certificate = emulator.certificateOf(AUTOMATION.appId)!
    const now = Math.floor(emulator.clock.nowMs() / 1000)
    const header = {alg: 'RS256', typ: 'JWT', x5t: createHash('sha1').update(new X509Certificate(certificate.certPem).raw).digest('base64url')}
    const body = {
      aud: `${emulator.url}/${CONTOSO}/oauth2/v2.0/token`,
      exp: now + 600,
      iat: now,
      iss: AUTOMATION.appId,
      jti: randomUUID(),
      nbf: now,
      sub: AUTOMATION.appId,
    }
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`
    return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(certificate.keyPem!)).toString('base64url')}`
  }

  const withSecret = () => clientCredentials({client_id: AUTOMATION.appId, client_secret: AUTOMATION.secret})
  const withCertificate = () =>
    clientCredentials({
      client_id: AUTOMATION.appId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: certificateAssertion(),
    })

  test('an expired secret is AADSTS7000222, an expired certificate AADSTS700027; the other keeps working', async () => {
    expect((await withSecret()).status).toBe(200)
    emulator.expireServicePrincipalCredential(AUTOMATION.appId, 'secret')
    const secret = await withSecret()
    expect(aadsts(secret.body)).toBe(7000222)
    expect((await withCertificate()).status).toBe(200)

    const expire = await sendRequest(`${emulator.url}/_emulator/service-principals/${AUTOMATION.appId}/expire`, {
      method: 'POST',
      body: '{"credential":"certificate"}',
      ca: emulator.caPem,
    })
    expect(expire.status).toBe(204)
    const certificate = await withCertificate()
    expect(aadsts(certificate.body)).toBe(700027)
    expect(certificate.body.error_description).toContain('The key used is expired.')
  })

  test('an end date in the seed is checked against the emulator clock', async () => {
    const local = await startEmulator({
      proxyPort: false,
      seed: {
        tenants: [{id: CONTOSO, displayName: 'Contoso', defaultDomain: 'contoso.example'}],
        servicePrincipals: [
          {
            appId: AUTOMATION.appId,
            objectId: randomUUID(),
            displayName: 'app',
            tenant: CONTOSO,
            secret: AUTOMATION.secret,
            secretExpiresOn: new Date(Date.now() + 3_600_000).toISOString(),
          },
        ],
      },
    })
    try {
      const request = () =>
        sendRequest(`${local.url}/${CONTOSO}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: {'content-type': 'application/x-www-form-urlencoded'},
          body: formBody({grant_type: 'client_credentials', scope: ARM, client_id: AUTOMATION.appId, client_secret: AUTOMATION.secret}),
          ca: local.caPem,
        })
      expect((await request()).status).toBe(200)
      local.clock.advance(3600)
      expect((await request()).status).toBe(401)
    } finally {
      await local.close()
    }
  })
})

describe('a tenant that starts demanding MFA', () => {
  test("refuses a password sign-in's refresh with AADSTS50076 and a claims challenge", async () => {
    const signIn = await send(`${emulator.url}/${CONTOSO}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: formBody({
        grant_type: 'password',
        client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
        username: 'alice@contoso.example',
        password: 'alice-password-1',
        scope: `${ARM} offline_access`,
      }),
    })
    expect(signIn.status).toBe(200)
    emulator.requireMfa(CONTOSO)
    try {
      const refresh = await send(`${emulator.url}/${CONTOSO}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: {'content-type': 'application/x-www-form-urlencoded'},
        body: formBody({
          grant_type: 'refresh_token',
          client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
          refresh_token: signIn.body.refresh_token as string,
          scope: ARM,
        }),
      })
      expect(aadsts(refresh.body)).toBe(50076)
      expect(refresh.body.claims).toBeDefined()
    } finally {
      emulator.requireMfa(CONTOSO, false)
    }

    expect(() => emulator.requireMfa('nowhere.example')).toThrow(/no seeded tenant/)
  })
})
