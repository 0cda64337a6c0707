/**
 * request() against real local servers: an https server whose certificate comes from a throwaway
 * CA (made with the openssl CLI), a plain http server, and a small proxy that tunnels CONNECT and
 * forwards plain http.
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import type {IncomingMessage, ServerResponse} from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {TLSSocket} from 'node:tls'
import {gzipSync} from 'node:zlib'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {configureLogging} from '../logger/index.js'
import {destroyAgents} from './agents.js'
import {HttpNetworkError} from './errors.js'
import {request} from './request.js'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
  servername?: string
  at: number
}

let dir: string
let caFile: string
let tlsServer: https.Server
let plainServer: http.Server
let proxy: http.Server
let tlsPort: number
let plainPort: number
let proxyPort: number
let tlsConnections = 0
let seen: Seen[] = []
let proxyLog: {method: string; target: string; authorization?: string}[] = []
let proxyRequiredAuth: string | undefined
const sockets = new Set<net.Socket>()
const savedEnv = {...process.env}

const hits = (path: string) => seen.filter((entry) => entry.url === path)

function openssl(...args: string[]): void {
  execFileSync('openssl', args, {cwd: dir, stdio: 'pipe'})
}

/** A CA and a localhost certificate it signed; EC keys keep it to a few milliseconds. */
function makeCertificates(): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=azx http test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  )
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost')
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n',
  )
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  )
}

/** The behaviours the tests ask for, chosen by path. */
function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const path = new URL(req.url ?? '/', 'https://localhost').pathname
  const count = hits(req.url ?? '').length
  const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {'content-type': 'application/json', ...headers})
    res.end(JSON.stringify(value))
  }

  switch (path) {
    case '/echo': {
      json(200, {body, method: req.method}, {'X-Custom-Header': 'Value'})
      return
    }

    case '/token': {
      json(200, {
        access_token: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcm0ifQ.c2lnbmF0dXJl',
        expires_in: 3599,
        refresh_token: 'rt-secret-9',
        token_type: 'Bearer',
      })
      return
    }

    case '/429-then-ok': {
      if (count === 1) json(429, {error: 'throttled'}, {'retry-after': '1'})
      else json(200, {ok: true})
      return
    }

    case '/503-then-ok': {
      if (count === 1) json(503, {error: 'busy'}, {'retry-after': '1'})
      else json(200, {ok: true})
      return
    }

    case '/500': {
      json(500, {error: 'boom'})
      return
    }

    case '/429-long': {
      json(429, {error: 'throttled'}, {'retry-after': '60'})
      return
    }

    case '/gzip': {
      res.writeHead(200, {'content-encoding': 'gzip', 'content-type': 'application/json'})
      res.end(gzipSync('{"compressed":true}'))
      return
    }

    case '/drop': {
      req.socket.destroy()
      return
    }

    case '/partial': {
      res.writeHead(200, {'content-length': '100', 'content-type': 'application/json'})
      res.write('{"cut":')
      setTimeout(() => req.socket.destroy(), 20)
      return
    }

    case '/hang': {
      return
    }

    default: {
      json(404, {error: 'no route'})
    }
  }
}

function record(req: IncomingMessage, res: ServerResponse): void {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (chunk: string) => (body += chunk))
  req.on('end', () => {
    seen.push({
      at: performance.now(),
      body,
      headers: req.headers,
      method: req.method ?? '',
      servername: (req.socket as TLSSocket).servername || undefined,
      url: req.url ?? '',
    })
    handle(req, res, body)
  })
}

function track(socket: net.Socket): void {
  sockets.add(socket)
  socket.on('close', () => sockets.delete(socket))
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

function makeProxy(): http.Server {
  const server = http.createServer((req, res) => {
    proxyLog.push({authorization: req.headers['proxy-authorization'], method: req.method ?? '', target: req.url ?? ''})
    const target = new URL(req.url ?? '')
    const upstream = http.request(
      {headers: req.headers, hostname: target.hostname, method: req.method, path: `${target.pathname}${target.search}`, port: target.port},
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    req.pipe(upstream)
  })
  server.on('connection', track)
  server.on('connect', (req: IncomingMessage, client: net.Socket, head: Buffer) => {
    proxyLog.push({authorization: req.headers['proxy-authorization'], method: 'CONNECT', target: req.url ?? ''})
    if (proxyRequiredAuth && req.headers['proxy-authorization'] !== proxyRequiredAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n')
      return
    }

    const [host = '', port = ''] = (req.url ?? '').split(/:(?=\d+$)/)
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    track(upstream)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  return server
}

function resetEnv(): void {
  for (const name of [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'all_proxy',
    'NO_PROXY',
    'no_proxy',
    'CURL_CA_BUNDLE',
    'AZURE_CLI_DISABLE_CONNECTION_VERIFICATION',
  ]) {
    delete process.env[name]
  }

  process.env.REQUESTS_CA_BUNDLE = caFile
}

async function failure(promise: Promise<unknown>): Promise<HttpNetworkError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof HttpNetworkError) return error
    throw error
  }

  throw new Error('The request did not fail')
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'azx-http-'))
  makeCertificates()
  caFile = join(dir, 'ca.pem')
  tlsServer = https.createServer({cert: readFileSync(join(dir, 'server.pem')), key: readFileSync(join(dir, 'server.key'))}, record)
  tlsServer.on('secureConnection', (socket: TLSSocket) => {
    tlsConnections++
    track(socket)
  })
  tlsServer.on('tlsClientError', () => {})
  plainServer = http.createServer(record)
  plainServer.on('connection', track)
  proxy = makeProxy()
  ;[tlsPort, plainPort, proxyPort] = await Promise.all([listen(tlsServer), listen(plainServer), listen(proxy)])
})

beforeEach(() => {
  resetEnv()
  seen = []
  proxyLog = []
  proxyRequiredAuth = undefined
  tlsConnections = 0
})

afterEach(() => {
  destroyAgents()
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false})
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await Promise.all([tlsServer, plainServer, proxy].map((server) => new Promise((resolve) => server.close(resolve))))
  process.env = savedEnv
  rmSync(dir, {force: true, recursive: true})
})

const url = (path: string) => `https://localhost:${tlsPort}${path}`

describe('requests', () => {
  it('GETs and POSTs over https, with lower-case response headers and the body as text', async () => {
    const got = await request({method: 'GET', url: url('/echo')})
    expect(got.status).toBe(200)
    expect(got.headers['x-custom-header']).toBe('Value')
    expect(JSON.parse(got.body)).toEqual({body: '', method: 'GET'})

    const posted = await request({body: 'a=1&b=2', headers: {'content-type': 'application/x-www-form-urlencoded'}, method: 'POST', url: url('/echo')})
    expect(JSON.parse(posted.body)).toEqual({body: 'a=1&b=2', method: 'POST'})
    expect(hits('/echo')[1]?.headers['content-length']).toBe('7')
  })

  it('returns error statuses instead of throwing', async () => {
    expect((await request({method: 'GET', url: url('/nowhere')})).status).toBe(404)
  })

  it('keeps one connection alive across requests', async () => {
    for (let i = 0; i < 3; i++) await request({method: 'GET', url: url('/echo')})
    expect(tlsConnections).toBe(1)
  })

  it('decodes a compressed body a server sends anyway', async () => {
    expect((await request({method: 'GET', url: url('/gzip')})).body).toBe('{"compressed":true}')
  })
})

describe('retries', () => {
  it('retries a GET after 429, waiting what Retry-After asks', async () => {
    const response = await request({method: 'GET', url: url('/429-then-ok')})
    expect(response.status).toBe(200)
    const [first, second] = hits('/429-then-ok')
    expect(hits('/429-then-ok')).toHaveLength(2)
    // Not sooner than asked; that it waits no longer is RetrySchedule's, tested without a clock (retry.test.ts).
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950)
  })

  it('retries a token POST after 503 with Retry-After, sending the same body', async () => {
    const response = await request({body: 'grant_type=client_credentials', method: 'POST', url: url('/503-then-ok')})
    expect(response.status).toBe(200)
    const attempts = hits('/503-then-ok')
    expect(attempts.map((entry) => entry.body)).toEqual(['grant_type=client_credentials', 'grant_type=client_credentials'])
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950)
  })

  it('gives a GET four attempts at a 500, then returns the last answer', async () => {
    const response = await request({method: 'GET', retry: {baseDelayMs: 10}, url: url('/500')})
    expect(response.status).toBe(500)
    expect(hits('/500')).toHaveLength(4)
  })

  it('does not retry a POST after a 500', async () => {
    expect((await request({body: '', method: 'POST', retry: {baseDelayMs: 10}, url: url('/500')})).status).toBe(500)
    expect(hits('/500')).toHaveLength(1)
  })

  it('does not wait when Retry-After asks for more than the total limit', async () => {
    // Had it waited the 60 s the server asks for, the test would have run out of its time first.
    expect((await request({method: 'GET', url: url('/429-long')})).status).toBe(429)
    expect(hits('/429-long')).toHaveLength(1)
  })
})

describe('network failures', () => {
  it('retries a dropped GET, then names the method, URL and code', async () => {
    const error = await failure(request({method: 'GET', retry: {baseDelayMs: 10}, url: url('/drop?code=secret-code')}))
    expect(hits('/drop?code=secret-code')).toHaveLength(4)
    expect(error.exitCode).toBe(1)
    expect(error.code).toBe('ECONNRESET')
    expect(error.message).toBe(
      `GET https://localhost:${tlsPort}/drop failed after 4 attempts: the connection was closed before a complete response arrived (ECONNRESET).`,
    )
    expect(error.recommendations).toEqual(['Check your network connection. Behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts that bypass it).'])
  })

  it('does not repeat a POST whose connection dropped', async () => {
    const error = await failure(request({body: 'password=hunter2', method: 'POST', url: url('/drop')}))
    expect(hits('/drop')).toHaveLength(1)
    expect(error.message).not.toContain('hunter2')
  })

  it('reports a response cut off mid-body', async () => {
    const error = await failure(request({method: 'GET', retry: false, url: url('/partial')}))
    expect(error.code).toBe('ECONNRESET')
  })

  it('gives up after the time limit, without retrying', async () => {
    const started = performance.now()
    const error = await failure(request({method: 'GET', timeoutMs: 300, url: url('/hang')}))
    // The server never answers: that it failed at all is the time limit's doing, not before it ran out.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(hits('/hang')).toHaveLength(1)
    expect(error.message).toBe(`GET https://localhost:${tlsPort}/hang failed: no response within 0.3 s (ETIMEDOUT).`)
  })

  it('reports a refused connection', async () => {
    const closed = net.createServer()
    const port = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    const error = await failure(request({method: 'GET', retry: {baseDelayMs: 10}, url: `https://127.0.0.1:${port}/x`}))
    expect(error.message).toBe(`GET https://127.0.0.1:${port}/x failed after 4 attempts: the connection was refused (ECONNREFUSED).`)
  })
})

describe('certificate trust', () => {
  it('trusts the CA in REQUESTS_CA_BUNDLE and fails clearly without it', async () => {
    expect((await request({method: 'GET', url: url('/echo')})).status).toBe(200)
    delete process.env.REQUESTS_CA_BUNDLE
    const error = await failure(request({method: 'GET', url: url('/echo')}))
    expect(error.message).toBe(
      `GET https://localhost:${tlsPort}/echo failed: the server's certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE).`,
    )
    expect(error.recommendations[0]).toContain('set REQUESTS_CA_BUNDLE to a PEM file that includes its CA certificate')
  })

  it("reports a REQUESTS_CA_BUNDLE that is not a file with az's message", async () => {
    process.env.REQUESTS_CA_BUNDLE = join(dir, 'missing.pem')
    await expect(request({method: 'GET', url: url('/echo')})).rejects.toThrow(
      'REQUESTS_CA_BUNDLE environment variable is specified with an invalid file path',
    )
  })

  it("skips verification with AZURE_CLI_DISABLE_CONNECTION_VERIFICATION and prints az's warning", async () => {
    const lines: string[] = []
    configureLogging({color: false, debug: false, onlyErrors: false, verbose: false, write: (text) => lines.push(text)})
    delete process.env.REQUESTS_CA_BUNDLE
    process.env.AZURE_CLI_DISABLE_CONNECTION_VERIFICATION = '1'
    expect((await request({method: 'GET', url: url('/echo')})).status).toBe(200)
    expect(lines).toEqual(['WARNING: Connection verification disabled by environment variable AZURE_CLI_DISABLE_CONNECTION_VERIFICATION\n'])
  })
})

describe('proxies', () => {
  it('tunnels https through HTTPS_PROXY with CONNECT, credentials and SNI for the target', async () => {
    process.env.HTTPS_PROXY = `http://user:pa%3Ass@127.0.0.1:${proxyPort}`
    await request({method: 'GET', url: url('/echo')})
    await request({method: 'GET', url: url('/echo')})
    expect(proxyLog).toEqual([
      {authorization: `Basic ${Buffer.from('user:pa:ss').toString('base64')}`, method: 'CONNECT', target: `localhost:${tlsPort}`},
    ])
    expect(hits('/echo').map((entry) => entry.servername)).toEqual(['localhost', 'localhost'])
  })

  it('goes direct for hosts in NO_PROXY, and only on the named port for host:port', async () => {
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxyPort}`
    process.env.NO_PROXY = 'example.com,localhost'
    await request({method: 'GET', url: url('/echo')})
    process.env.NO_PROXY = `localhost:${tlsPort}`
    await request({method: 'GET', url: url('/echo')})
    expect(proxyLog).toEqual([])

    process.env.NO_PROXY = 'localhost:1'
    await request({method: 'GET', url: url('/echo')})
    expect(proxyLog.map((entry) => entry.method)).toEqual(['CONNECT'])
  })

  it('forwards plain http through HTTP_PROXY', async () => {
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxyPort}`
    const response = await request({method: 'GET', url: `http://127.0.0.1:${plainPort}/echo`})
    expect(response.status).toBe(200)
    expect(proxyLog).toEqual([{authorization: undefined, method: 'GET', target: `http://127.0.0.1:${plainPort}/echo`}])
  })

  it('explains a 407 and never shows the proxy password', async () => {
    proxyRequiredAuth = `Basic ${Buffer.from('user:right').toString('base64')}`
    process.env.HTTPS_PROXY = `http://user:wrong-password@127.0.0.1:${proxyPort}`
    const error = await failure(request({method: 'GET', url: url('/echo')}))
    expect(error.message).toBe(
      `GET https://localhost:${tlsPort}/echo through the proxy http://127.0.0.1:${proxyPort} ` +
        '(HTTPS_PROXY) failed: the proxy asks for credentials (status 407) (ERR_PROXY_TUNNEL).',
    )
    expect(error.recommendations).toEqual(['Put the proxy user name and password in HTTPS_PROXY: http://user:password@proxy:port'])
    expect(`${error.message}${error.recommendations.join('')}`).not.toContain('wrong-password')
  })
})

describe('--debug', () => {
  it('logs the exchange with every secret masked', async () => {
    const lines: string[] = []
    configureLogging({color: false, debug: true, onlyErrors: false, verbose: false, write: (text) => lines.push(text)})
    process.env.HTTPS_PROXY = `http://user:proxy-password@127.0.0.1:${proxyPort}`
    await request({
      body: 'grant_type=refresh_token&refresh_token=rt-secret-1&client_secret=cs-secret-2&client_assertion=ca-secret-3',
      headers: {authorization: 'Bearer at-secret-4', 'content-type': 'application/x-www-form-urlencoded'},
      method: 'POST',
      url: url('/token?code=code-secret-5'),
    })
    const text = lines.join('')
    expect(text).toContain(`Proxy: 'http://127.0.0.1:${proxyPort}' (HTTPS_PROXY)`)
    expect(text).toContain("    'authorization': '*****'")
    expect(text).toContain('refresh_token=***&client_secret=***&client_assertion=***')
    expect(text).toContain('"access_token":"***"')
    expect(text).toMatch(/Response status: 200 \(\d+ ms\)/)
    for (const secret of ['rt-secret-1', 'cs-secret-2', 'ca-secret-3', 'at-secret-4', 'code-secret-5', 'rt-secret-9', 'eyJ0eXAi', 'proxy-password']) {
      expect(text).not.toContain(secret)
    }
  })
})
