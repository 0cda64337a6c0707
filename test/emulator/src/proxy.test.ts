/**
 * The proxy mode the Python az needs: CONNECT tunnels to any host end at the emulator, whose
 * certificate names login.microsoftonline.com and localhost; plain absolute-URL requests are served
 * too (HTTP_PROXY, IMDS at 169.254.169.254).
 */
import {afterAll, beforeAll, beforeEach, describe, expect, jest, test} from '@jest/globals'
import {request as httpRequest} from 'node:http'
import {request as httpsRequest} from 'node:https'
import type {Socket} from 'node:net'
import {connect as tlsConnect} from 'node:tls'
import {startEmulator, type Emulator} from './index.js'

// Starting an emulator (openssl, RSA keys) can take seconds on a loaded machine.
jest.setTimeout(30_000)

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.close()
})

beforeEach(() => emulator.requests.clear())

function openTunnel(target: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const connect = httpRequest({host: '127.0.0.1', port: emulator.proxyPort, method: 'CONNECT', path: target, agent: false})
    connect.on('connect', (response, socket) => {
      if (response.statusCode === 200) resolve(socket)
      else reject(new Error(`CONNECT answered ${response.statusCode}`))
    })
    connect.on('error', reject)
    connect.end()
  })
}

/** An HTTPS GET through a tunnel, verifying the certificate against the name in `target`. */
async function getThroughProxy(target: string, path: string): Promise<{status: number; body: string}> {
  const socket = await openTunnel(target)
  const servername = target.split(':')[0]
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {host: servername, port: 443, path, headers: {host: servername}, createConnection: () => tlsConnect({socket, servername, ca: emulator.caPem})},
      (response) => {
        let body = ''
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({status: response.statusCode ?? 0, body}))
      },
    )
    request.on('error', reject)
    request.end()
  })
}

describe('CONNECT proxy', () => {
  test("login.microsoftonline.com is the emulator: instance discovery answers with the emulator's host and port", async () => {
    const {status, body} = await getThroughProxy(
      'login.microsoftonline.com:443',
      '/common/discovery/instance?api-version=1.0&authorization_endpoint=https://localhost/organizations/oauth2/v2.0/authorize',
    )
    expect(status).toBe(200)
    expect(JSON.parse(body).tenant_discovery_endpoint).toBe(`${emulator.url}/organizations/v2.0/.well-known/openid-configuration`)
    expect(emulator.requests.entries().map((entry) => [entry.method, entry.route, entry.host])).toEqual([
      ['CONNECT', 'proxy-connect', 'login.microsoftonline.com:443'],
      ['GET', 'instance-discovery', 'login.microsoftonline.com'],
    ])
  })

  test("localhost:443 (MSAL Python's port-less user realm URL) reaches the emulator too", async () => {
    const {status, body} = await getThroughProxy('localhost:443', '/common/userrealm/alice@contoso.example?api-version=1.0')
    expect(status).toBe(200)
    expect(JSON.parse(body).account_type).toBe('Managed')
  })

  test("a host the certificate does not name fails the TLS check, as az's version check does", async () => {
    await expect(getThroughProxy('azure.microsoft.com:443', '/')).rejects.toThrow(/altnames|ERR_TLS_CERT_ALTNAME_INVALID|does not match/i)
  })

  test('an absolute http:// URL is served as a plain-HTTP proxy request (IMDS at 169.254.169.254)', async () => {
    const path = 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/'
    const response = await new Promise<{status: number; body: string}>((resolve, reject) => {
      const request = httpRequest(
        {host: '127.0.0.1', port: emulator.proxyPort, path, headers: {Metadata: 'true', host: '169.254.169.254'}, agent: false},
        (answer) => {
          let body = ''
          answer.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
          answer.on('end', () => resolve({status: answer.statusCode ?? 0, body}))
        },
      )
      request.on('error', reject)
      request.end()
    })
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body).token_type).toBe('Bearer')
    expect(emulator.requests.entries({route: 'imds'})[0].host).toBe('169.254.169.254')
  })
})
