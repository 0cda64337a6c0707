/**
 * The device authorization grant at the HTTP level, including the answers MSAL Node does not poll
 * through (it throws on anything but authorization_pending): slow_down, expired_token,
 * authorization_declined. Expiry is reached by moving the emulator's clock, not by sleeping.
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {formBody, sendRequest, startEmulator, type Emulator} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const AZ_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const SCOPE = 'https://management.core.windows.net//.default offline_access openid profile'
const URN = 'urn:ietf:params:oauth:grant-type:device_code'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
})

afterAll(async () => {
  await emulator?.close()
})

beforeEach(() => {
  emulator.requests.clear()
  emulator.autoApproveDeviceCodes(undefined)
})

async function post(path: string, fields: Record<string, string>): Promise<{status: number; body: Record<string, unknown>}> {
  const response = await sendRequest(`${emulator.url}${path}`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: formBody(fields),
    ca: emulator.caPem,
  })
  return {status: response.status, body: JSON.parse(response.body) as Record<string, unknown>}
}

async function startDeviceCode(tenant = 'organizations'): Promise<{userCode: string; deviceCode: string; body: Record<string, unknown>}> {
  const {status, body} = await post(`/${tenant}/oauth2/v2.0/devicecode`, {client_id: AZ_CLI, scope: SCOPE})
  expect(status).toBe(200)
  return {userCode: body.user_code as string, deviceCode: body.device_code as string, body}
}

function poll(deviceCode: string, grantType = 'device_code', tenant = 'organizations') {
  return post(`/${tenant}/oauth2/v2.0/token`, {grant_type: grantType, client_id: AZ_CLI, device_code: deviceCode, scope: SCOPE, client_info: '1'})
}

describe('devicecode endpoint', () => {
  test('answers what MSAL reads: user_code, device_code, verification_uri, expires_in, interval, message', async () => {
    const {userCode, body} = await startDeviceCode()
    expect(body).toEqual({
      user_code: expect.stringMatching(/^[A-Z2-9]{9}$/),
      device_code: expect.any(String),
      verification_uri: `${emulator.url}/devicelogin`,
      expires_in: 900,
      interval: 1,
      message: `To sign in, use a web browser to open the page ${emulator.url}/devicelogin and enter the code ${userCode} to authenticate.`,
    })
  })

  test('an unknown client is AADSTS700016', async () => {
    const {status, body} = await post('/organizations/oauth2/v2.0/devicecode', {client_id: '99999999-0000-4000-8000-000000000000', scope: SCOPE})
    expect([status, body.error, body.error_codes]).toEqual([400, 'unauthorized_client', [700016]])
  })
})

describe('token polling', () => {
  test('pending is AADSTS70016 authorization_pending; after approval both grant spellings work once', async () => {
    const first = await startDeviceCode()
    const pending = await poll(first.deviceCode)
    expect(pending.status).toBe(400)
    expect(pending.body).toMatchObject({error: 'authorization_pending', error_codes: [70016]})
    expect(pending.body.error_description).toMatch(
      /^AADSTS70016: OAuth 2\.0 device flow error\. Authorization is pending\. Continue polling\.\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    )

    emulator.approveDeviceCode(first.userCode, 'bob@fabrikam.example')
    const granted = await poll(first.deviceCode)
    expect(granted.status).toBe(200)
    expect(granted.body).toMatchObject({
      token_type: 'Bearer',
      refresh_token: expect.any(String),
      id_token: expect.any(String),
      client_info: expect.any(String),
      foci: '1',
    })
    expect((await poll(first.deviceCode)).body).toMatchObject({error: 'invalid_grant', error_codes: [54005]})

    const second = await startDeviceCode()
    emulator.approveDeviceCode(second.userCode, 'bob@fabrikam.example')
    expect((await poll(second.deviceCode, URN)).status).toBe(200)
  })

  test('polling faster than half the interval is slow_down', async () => {
    // A 60 s interval: the second poll, sent at once, is surely within half of it.
    emulator.seed.settings.deviceCodeIntervalSeconds = 60
    const {deviceCode, body} = await startDeviceCode().finally(() => {
      emulator.seed.settings.deviceCodeIntervalSeconds = 1
    })
    expect(body.interval).toBe(60)
    expect((await poll(deviceCode)).body.error).toBe('authorization_pending')
    expect((await poll(deviceCode)).body).toMatchObject({error: 'slow_down'})
  })

  test('a code past expires_in is expired_token (AADSTS70019)', async () => {
    const {deviceCode} = await startDeviceCode()
    emulator.clock.advance(901)
    const expired = await poll(deviceCode)
    expect([expired.status, expired.body.error, expired.body.error_codes]).toEqual([400, 'expired_token', [70019]])
  })

  test('a declined code is authorization_declined, from the API or from the Cancel button', async () => {
    const viaApi = await startDeviceCode()
    emulator.declineDeviceCode(viaApi.userCode)
    expect((await poll(viaApi.deviceCode)).body.error).toBe('authorization_declined')

    const viaPage = await startDeviceCode()
    await expect(emulator.completeDeviceCodeSignIn(viaPage.userCode, {username: 'alice@contoso.example', decline: true})).resolves.toBe('declined')
    expect((await poll(viaPage.deviceCode)).body.error).toBe('authorization_declined')
  })

  test('an unknown device code is bad_verification_code', async () => {
    expect((await poll('not-a-device-code')).body).toMatchObject({error: 'bad_verification_code', error_codes: [70018]})
  })

  test('autoApproveDeviceCodes approves every new code as the given user', async () => {
    emulator.autoApproveDeviceCodes('alice@contoso.example')
    const {deviceCode} = await startDeviceCode()
    const granted = await poll(deviceCode)
    expect(granted.status).toBe(200)
    const clientInfo = JSON.parse(Buffer.from(granted.body.client_info as string, 'base64url').toString('utf8'))
    expect(clientInfo).toEqual({uid: '20000000-0000-4000-8000-000000000001', utid: '10000000-0000-4000-8000-000000000001'})
  })

  test('the /devicelogin page refuses a wrong code', async () => {
    await expect(emulator.completeDeviceCodeSignIn('WRONGCODE', {username: 'alice@contoso.example'})).rejects.toThrow("That code didn't work")
  })
})
