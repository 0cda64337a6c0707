/**
 * The emulator started from the shell (src/cli.ts, run through tsx so no build is needed): the
 * JSON line it prints, faults and token lifetime set at start, the /_emulator control routes, and a
 * clean exit on SIGTERM.
 */
import {afterAll, beforeAll, describe, expect, jest, test} from '@jest/globals'
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {formBody, sendRequest} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url))
const START_TIMEOUT_MS = 20_000

interface Ready {
  url: string
  proxy: string
  ca: string
  caBundle: string
  port: number
  control: string
}

let child: ChildProcess
let ready: Ready
let caPem: string

/** Starts the CLI and resolves with its JSON line; rejects if it exits or stays silent too long. */
function startCli(args: string[]): Promise<Ready> {
  child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {stdio: ['ignore', 'pipe', 'pipe']})
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => reject(new Error(`no JSON line within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`)), START_TIMEOUT_MS)
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const newline = stdout.indexOf('\n')
      if (newline < 0) return
      clearTimeout(timer)
      resolve(JSON.parse(stdout.slice(0, newline)) as Ready)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the CLI exited with ${code}: ${stderr}`))
    })
  })
}

function exitCode(process: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (process.exitCode !== null) return resolve(process.exitCode)
    const timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms`)), timeoutMs)
    process.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

function control(method: string, path: string, body?: unknown) {
  return sendRequest(`${ready.control}${path}`, {
    method,
    headers: body === undefined ? {} : {'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
    ca: caPem,
  })
}

beforeAll(async () => {
  ready = await startCli(['--port', '0', '--proxy-port', '0', '--token-lifetime', '120', '--fault', '{"route":"tenants","status":503,"times":1}'])
  caPem = readFileSync(ready.ca, 'utf8')
}, START_TIMEOUT_MS + 5_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL')
    await exitCode(child, 5_000)
  }
})

describe('azx-emulator CLI', () => {
  test('prints one JSON line with url, proxy, ca and caBundle', () => {
    expect(ready).toMatchObject({
      url: expect.stringMatching(/^https:\/\/localhost:\d+$/),
      proxy: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      control: `${ready.url}/_emulator`,
    })
    expect(readFileSync(ready.caBundle, 'utf8')).toContain(caPem.trim())
  })

  test('a child Node process trusts the emulator through NODE_EXTRA_CA_CERTS=caBundle (fetch, as MSAL Node uses)', async () => {
    const script = 'fetch(process.argv[1]).then((r) => r.json()).then((j) => console.log(j.issuer))'
    const metadata = `${ready.url}/organizations/v2.0/.well-known/openid-configuration`
    const fetcher = spawn(process.execPath, ['-e', script, metadata], {
      env: {...process.env, NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: ready.caBundle},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    fetcher.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    expect(await exitCode(fetcher, 10_000)).toBe(0)
    expect(stdout.trim()).toBe(`${ready.url}/{tenantid}/v2.0`)
  })

  test('--token-lifetime and --fault apply from the start', async () => {
    const granted = await sendRequest(`${ready.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: formBody({
        grant_type: 'password',
        client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
        username: 'bob@fabrikam.example',
        password: 'bob-password-1',
        scope: 'https://management.core.windows.net//.default',
      }),
      ca: caPem,
    })
    const {access_token: accessToken, expires_in: expiresIn} = JSON.parse(granted.body)
    expect(expiresIn).toBe(120)
    const tenants = () => sendRequest(`${ready.url}/tenants?api-version=2022-12-01`, {headers: {authorization: `Bearer ${accessToken}`}, ca: caPem})
    expect((await tenants()).status).toBe(503)
    expect((await tenants()).status).toBe(200)
  })

  test('the control routes read and clear the log, add faults and approve device codes', async () => {
    expect((await control('DELETE', '/requests')).status).toBe(204)
    expect((await control('POST', '/faults', {route: 'userrealm', status: 500, times: 1})).status).toBe(201)
    expect((await sendRequest(`${ready.url}/common/userrealm/bob@fabrikam.example`, {ca: caPem})).status).toBe(500)
    const log = JSON.parse((await control('GET', '/requests')).body).value
    expect(log).toEqual([expect.objectContaining({route: 'userrealm', status: 500, fault: 'status'})])

    const started = await sendRequest(`${ready.url}/organizations/oauth2/v2.0/devicecode`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: formBody({client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', scope: 'openid profile offline_access'}),
      ca: caPem,
    })
    const {user_code: userCode} = JSON.parse(started.body)
    expect((await control('POST', `/device-codes/${userCode}/approve`, {username: 'bob@fabrikam.example'})).status).toBe(204)
    expect((await control('POST', `/device-codes/${userCode}/approve`, {username: 'bob@fabrikam.example'})).status).toBe(400)
    expect((await control('PUT', '/token-lifetime', {seconds: 0})).status).toBe(400)
  })

  test('SIGTERM stops it with exit code 0 and removes its temporary files', async () => {
    child.kill('SIGTERM')
    expect(await exitCode(child, 10_000)).toBe(0)
    expect(existsSync(ready.ca)).toBe(false)
  })
})
