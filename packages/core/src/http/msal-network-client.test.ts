/**
 * The MSAL network module: the INetworkModule contract on its own (plain http), then real MSAL
 * Node token requests through it (https with a self-signed localhost certificate trusted through
 * REQUESTS_CA_BUNDLE).
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import http from 'node:http'
import type {IncomingMessage, ServerResponse} from 'node:http'
import https from 'node:https'
import {createRequire} from 'node:module'
import type {AddressInfo, Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {AuthError, ConfidentialClientApplication, Configuration} from '@azure/msal-node'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {isAzError} from '../errors/index.js'
import {destroyAgents} from './agents.js'
import {createMsalNetworkClient} from './msal-network-client.js'

type Msal = typeof import('@azure/msal-node')

const TENANT = '11111111-1111-4111-8111-111111111111'
const savedEnv = {...process.env}
let dir: string
let plain: Server
let secure: Server
let plainBase: string
let secureHost: string
let tokenRequests: {body: string; contentType?: string}[] = []

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const json = (status: number, value: unknown) => {
    res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8', 'X-Ms-Request-Id': 'req-1'})
    res.end(JSON.stringify(value))
  }

  if (url.pathname === '/json') json(200, {hello: 'world'})
  else if (url.pathname === '/echo') json(200, {body, header: req.headers['x-client-sku']})
  else if (url.pathname === '/bad-request') json(400, {error: 'invalid_grant', error_description: 'AADSTS50126: bad password'})
  else if (url.pathname === '/html') {
    res.writeHead(502, {'content-type': 'text/html'})
    res.end('<html>Bad Gateway</html>')
  } else if (url.pathname === '/hang') {
    // never answers
  } else if (url.pathname.endsWith('/v2.0/.well-known/openid-configuration')) {
    const authority = `https://${secureHost}/${TENANT}`
    json(200, {
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      issuer: `${authority}/v2.0`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
      token_endpoint: `${authority}/oauth2/v2.0/token`,
    })
  } else if (url.pathname.endsWith('/oauth2/v2.0/token')) {
    tokenRequests.push({body, contentType: req.headers['content-type']})
    const form = new URLSearchParams(body)
    if (form.get('client_secret') === 'right-secret')
      json(200, {access_token: 'at-from-emulator', expires_in: 3599, ext_expires_in: 3599, token_type: 'Bearer'})
    else json(401, {error: 'invalid_client', error_codes: [7000215], error_description: 'AADSTS7000215: Invalid client secret provided.'})
  } else json(404, {error: 'not_found'})
}

function handler(req: IncomingMessage, res: ServerResponse): void {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (chunk: string) => (body += chunk))
  req.on('end', () => route(req, res, body))
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

function msal(): Msal {
  return createRequire(import.meta.url)('@azure/msal-node') as Msal
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'azx-msal-net-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ],
    {cwd: dir, stdio: 'pipe'},
  )
  plain = http.createServer(handler)
  secure = https.createServer({cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem'))}, handler)
  const [plainPort, securePort] = await Promise.all([listen(plain), listen(secure)])
  plainBase = `http://127.0.0.1:${plainPort}`
  secureHost = `localhost:${securePort}`
})

beforeEach(() => {
  for (const name of [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'all_proxy',
    'CURL_CA_BUNDLE',
    'AZURE_CLI_DISABLE_CONNECTION_VERIFICATION',
  ])
    delete process.env[name]
  process.env.REQUESTS_CA_BUNDLE = join(dir, 'cert.pem')
  tokenRequests = []
})

afterEach(() => destroyAgents())

afterAll(async () => {
  destroyAgents()
  await Promise.all([plain, secure].map((server) => new Promise((resolve) => (server as http.Server).close(resolve))))
  process.env = savedEnv
  rmSync(dir, {force: true, recursive: true})
})

describe('the INetworkModule contract', () => {
  it('returns status, lower-case headers and the parsed JSON body of a GET', async () => {
    const response = await createMsalNetworkClient().sendGetRequestAsync<{hello: string}>(`${plainBase}/json`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual({hello: 'world'})
    expect(response.headers['x-ms-request-id']).toBe('req-1')
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
  })

  it('POSTs the body with the headers MSAL gives', async () => {
    const response = await createMsalNetworkClient().sendPostRequestAsync<{body: string; header: string}>(`${plainBase}/echo`, {
      body: 'grant_type=client_credentials',
      headers: {'content-type': 'application/x-www-form-urlencoded;charset=utf-8', 'x-client-SKU': 'msal.js.node'},
    })
    expect(response.body).toEqual({body: 'grant_type=client_credentials', header: 'msal.js.node'})
  })

  it('returns error statuses with their body, for MSAL to read', async () => {
    const response = await createMsalNetworkClient().sendPostRequestAsync<{error: string}>(`${plainBase}/bad-request`, {body: ''})
    expect(response.status).toBe(400)
    expect(response.body.error).toBe('invalid_grant')
  })

  it('throws token_parsing_error for a body that is not JSON', async () => {
    const error = (await createMsalNetworkClient({retry: false})
      .sendGetRequestAsync(`${plainBase}/html`, undefined)
      .catch((caught: unknown) => caught)) as AuthError
    expect(error).toBeInstanceOf(msal().AuthError)
    expect(error.errorCode).toBe('token_parsing_error')
    expect(error.errorMessage).toMatch(new RegExp(`^Failed to parse response: GET ${plainBase}/html answered 502 with a body that is not JSON`))
  })

  it('throws network_error with our error as the cause, and remembers it', async () => {
    const closed = http.createServer()
    const port = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    const client = createMsalNetworkClient({retry: false})
    const error = (await client
      .sendPostRequestAsync(`http://127.0.0.1:${port}/token?client-request-id=x`, {body: 'client_secret=s'})
      .catch((caught: unknown) => caught)) as AuthError
    expect(error).toBeInstanceOf(msal().AuthError)
    expect(error.errorCode).toBe('network_error')
    expect(error.errorMessage).toBe(`Network request failed: POST http://127.0.0.1:${port}/token failed: the connection was refused (ECONNREFUSED).`)
    expect(isAzError(error.cause)).toBe(true)
    expect(client.lastFailure).toBe(error.cause)
  })

  it("honours MSAL's timeout argument", async () => {
    const error = (await createMsalNetworkClient()
      .sendGetRequestAsync(`${plainBase}/hang`, undefined, 200)
      .catch((caught: unknown) => caught)) as AuthError
    expect(error.errorMessage).toBe(`Request timeout: GET ${plainBase}/hang failed: no response within 0.2 s (ETIMEDOUT).`)
  })
})

describe('MSAL Node through the client', () => {
  function app(secret: string, extra: Partial<Configuration['auth']> = {}): ConfidentialClientApplication {
    const {ConfidentialClientApplication} = msal()
    return new ConfidentialClientApplication({
      auth: {authority: `https://${secureHost}/${TENANT}`, clientId: 'sp-client-id', clientSecret: secret, knownAuthorities: [secureHost], ...extra},
      system: {networkClient: createMsalNetworkClient({retry: {baseDelayMs: 10}})},
    })
  }

  it('discovers the authority and gets a client-credentials token', async () => {
    const result = await app('right-secret').acquireTokenByClientCredential({scopes: ['https://management.core.windows.net//.default']})
    expect(result?.accessToken).toBe('at-from-emulator')
    expect(tokenRequests).toHaveLength(1)
    expect(tokenRequests[0]?.body).toContain('grant_type=client_credentials')
  })

  it("passes Entra's error through as MSAL's ServerError", async () => {
    const error = (await app('wrong-secret')
      .acquireTokenByClientCredential({scopes: ['https://management.core.windows.net//.default']})
      .catch((caught: unknown) => caught)) as AuthError
    expect(error.errorCode).toBe('invalid_client')
    expect(error.errorMessage).toContain('AADSTS7000215')
  })

  it('surfaces a failed token POST as network_error carrying our message', async () => {
    const closed = http.createServer()
    const port = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    const authority = `https://localhost:${port}/${TENANT}`
    const error = (await app('right-secret', {
      authority,
      authorityMetadata: JSON.stringify({
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        issuer: `${authority}/v2.0`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
        token_endpoint: `${authority}/oauth2/v2.0/token`,
      }),
      cloudDiscoveryMetadata: JSON.stringify({
        'api-version': '1.1',
        metadata: [{aliases: [`localhost:${port}`], preferred_cache: `localhost:${port}`, preferred_network: `localhost:${port}`}],
      }),
      knownAuthorities: [`localhost:${port}`],
    })
      .acquireTokenByClientCredential({scopes: ['https://management.core.windows.net//.default']})
      .catch((caught: unknown) => caught)) as AuthError
    expect(error.errorCode).toBe('network_error')
    expect(isAzError(error.cause) && error.cause.message).toBe(
      `POST ${authority}/oauth2/v2.0/token failed after 4 attempts: the connection was refused (ECONNREFUSED).`,
    )
  })
})
