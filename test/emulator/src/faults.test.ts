/**
 * Fault injection (latency, 5xx, 429 with Retry-After, dropped connections) and the request log,
 * at the HTTP level and through MSAL.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {ConfidentialClientApplication} from '@azure/msal-node'
import {formBody, sendRequest, startEmulator, type Emulator} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const AZ_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const CONTOSO = '10000000-0000-4000-8000-000000000001'
const AUTOMATION = {appId: '30000000-0000-4000-8000-000000000001', secret: 'contoso-automation-secret-1'}

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
})

afterAll(async () => {
  await emulator?.close()
})

beforeEach(() => emulator.requests.clear())
afterEach(() => emulator.faults.clear())

function passwordGrant(timeoutMs?: number) {
  return sendRequest(`${emulator.url}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: formBody({
      grant_type: 'password',
      client_id: AZ_CLI,
      username: 'alice@contoso.example',
      password: 'alice-password-1',
      scope: 'https://management.core.windows.net//.default',
    }),
    ca: emulator.caPem,
    timeoutMs,
  })
}

async function armToken(): Promise<string> {
  return JSON.parse((await passwordGrant()).body).access_token as string
}

function subscriptions(token: string) {
  return sendRequest(`${emulator.url}/subscriptions?api-version=2022-12-01`, {headers: {authorization: `Bearer ${token}`}, ca: emulator.caPem})
}

describe('faults', () => {
  test('latency delays the answer by at least the given time, once', async () => {
    const token = await armToken()
    const fault = emulator.faults.add({route: 'subscriptions', latencyMs: 400, times: 1})
    const started = performance.now()
    expect((await subscriptions(token)).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(390)
    expect(fault.hits).toBe(1)
    expect(emulator.faults.list()).toEqual([])
    expect(emulator.requests.entries({route: 'subscriptions'}).map((entry) => entry.fault)).toEqual(['latency'])
  })

  test('latency longer than the client waits makes the client time out', async () => {
    emulator.faults.add({route: 'token', latencyMs: 10_000, times: 1})
    await expect(passwordGrant(200)).rejects.toThrow(/timed out/)
  })

  test("a 5xx answers in the route's style (Entra or ARM) and then the route recovers", async () => {
    emulator.faults.add({route: 'token', status: 503, times: 1})
    const failed = await passwordGrant()
    expect(failed.status).toBe(503)
    expect(JSON.parse(failed.body)).toMatchObject({error: 'temporarily_unavailable', error_codes: [90033]})
    const token = JSON.parse((await passwordGrant()).body).access_token as string

    emulator.faults.add({route: 'subscriptions', status: 500, times: 1})
    const armFailure = await subscriptions(token)
    expect([armFailure.status, JSON.parse(armFailure.body).error.code]).toEqual([500, 'InternalServerError'])
    expect((await subscriptions(token)).status).toBe(200)
  })

  test('429 carries Retry-After', async () => {
    const token = await armToken()
    emulator.faults.add({route: 'subscriptions', status: 429, retryAfterSeconds: 7})
    const throttled = await subscriptions(token)
    expect(throttled.status).toBe(429)
    expect(throttled.headers['retry-after']).toBe('7')
    expect(JSON.parse(throttled.body)).toMatchObject({error: {code: 'TooManyRequests'}})
  })

  test('a dropped connection destroys the socket without an answer; the log records status 0', async () => {
    emulator.faults.add({route: 'token', drop: true, times: 1})
    await expect(passwordGrant()).rejects.toThrow(/socket hang up|ECONNRESET/)
    expect((await passwordGrant()).status).toBe(200)
    expect(emulator.requests.entries({route: 'token'}).map((entry) => [entry.status, entry.fault])).toEqual([
      [0, 'drop'],
      [200, undefined],
    ])
  })

  test('rules match on grant type, path prefix and host', async () => {
    emulator.faults.add({route: 'token', grantType: 'refresh_token', status: 500})
    emulator.faults.add({path: '/metadata/*', status: 502})
    emulator.faults.add({host: 'login.microsoftonline.com', status: 504})
    expect((await passwordGrant()).status).toBe(200)
    expect((await sendRequest(`${emulator.url}/metadata/endpoints?api-version=2015-01-01`, {ca: emulator.caPem})).status).toBe(502)
    expect((await sendRequest(`${emulator.url}/organizations/v2.0/.well-known/openid-configuration`, {ca: emulator.caPem})).status).toBe(200)
  })

  test('MSAL throttles itself after a 429 with Retry-After: the next identical call makes no request', async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: AUTOMATION.appId,
        clientSecret: AUTOMATION.secret,
        authority: `${emulator.url}/${CONTOSO}`,
        knownAuthorities: [`localhost:${emulator.port}`],
      },
      system: {networkClient: emulator.networkClient},
    })
    emulator.faults.add({route: 'token', status: 429, retryAfterSeconds: 60, times: 1})
    await expect(app.acquireTokenByClientCredential({scopes: ['https://management.core.windows.net//.default']})).rejects.toMatchObject({
      errorCode: 'temporarily_unavailable',
    })
    emulator.requests.clear()
    await expect(app.acquireTokenByClientCredential({scopes: ['https://management.core.windows.net//.default']})).rejects.toThrow()
    expect(emulator.requests.count()).toBe(0)
  })

  test('a rule needs an effect and an error status', () => {
    expect(() => emulator.faults.add({route: 'token'})).toThrow(RangeError)
    expect(() => emulator.faults.add({route: 'token', status: 200})).toThrow(RangeError)
  })
})

describe('request log', () => {
  test('records method, path, query, route, host, grant type and status, in order; clear() empties it', async () => {
    await passwordGrant()
    await sendRequest(`${emulator.url}/common/userrealm/alice@contoso.example?api-version=1.0`, {ca: emulator.caPem})
    await sendRequest(`${emulator.url}/no/such/path`, {ca: emulator.caPem})
    expect(emulator.requests.entries()).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/organizations/oauth2/v2.0/token',
        query: '',
        route: 'token',
        host: `localhost:${emulator.port}`,
        grantType: 'password',
        status: 200,
      }),
      expect.objectContaining({
        method: 'GET',
        path: '/common/userrealm/alice@contoso.example',
        query: 'api-version=1.0',
        route: 'userrealm',
        status: 200,
      }),
      expect.objectContaining({method: 'GET', path: '/no/such/path', route: 'not-found', status: 404}),
    ])
    expect(emulator.requests.count({path: /userrealm/})).toBe(1)
    expect(emulator.requests.count({grantType: 'password', status: 200})).toBe(1)
    emulator.requests.clear()
    expect(emulator.requests.count()).toBe(0)
  })

  test('never keeps request bodies (passwords, secrets)', async () => {
    await passwordGrant()
    expect(JSON.stringify(emulator.requests.entries())).not.toContain('alice-password-1')
  })
})
