import http from 'node:http'
import type {AddressInfo} from 'node:net'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {service} from '../registry/index.js'
import {sdkHttpClient} from './http-client.js'
import type {SdkHttpHeaders, SdkHttpRequest} from './http-client.js'

interface Seen {
  body: string
  headers: http.IncomingHttpHeaders
  method?: string
  url?: string
}

let server: http.Server
let base: string
const seen: Seen[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      seen.push({body, headers: req.headers, method: req.method, url: req.url})
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, {'Content-Type': 'application/json', 'X-Ms-Request-Id': 'r-1'})
      res.end(JSON.stringify({ok: true}))
    })
  })
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  ;(await service('http')).destroy()
  await new Promise((resolve) => server.close(resolve))
})

/** Headers as the pipeline hands them over: lower-cased names from toJSON(). */
function headers(values: Record<string, string>): SdkHttpHeaders {
  const map = new Map(Object.entries(values).map(([name, value]) => [name.toLowerCase(), value]))
  return {
    delete: (name) => map.delete(name.toLowerCase()),
    get: (name) => map.get(name.toLowerCase()),
    has: (name) => map.has(name.toLowerCase()),
    set: (name, value) => map.set(name.toLowerCase(), String(value)),
    toJSON: () => Object.fromEntries(map),
    [Symbol.iterator]: () => map.entries(),
  }
}

function request(path: string, init: Partial<SdkHttpRequest> = {}): SdkHttpRequest {
  return {headers: headers({}), method: 'GET', timeout: 0, url: `${base}${path}`, ...init}
}

describe('sdkHttpClient', () => {
  it("sends the SDK's request through the http service and hands back status, headers and text", async () => {
    const sent = request('/subscriptions/s1/resourcegroups/rg?api-version=2021-04-01', {
      body: '{"location":"eastus"}',
      headers: headers({'Accept-Encoding': 'gzip,deflate', Authorization: 'Bearer t', 'Content-Type': 'application/json'}),
      method: 'PUT',
    })
    const response = await sdkHttpClient().sendRequest(sent)
    expect(response.request).toBe(sent)
    expect(response.status).toBe(200)
    expect(response.bodyAsText).toBe('{"ok":true}')
    expect(response.headers.get('x-ms-request-id')).toBe('r-1')
    expect(response.headers.get('CONTENT-TYPE')).toBe('application/json')
    expect([...response.headers].find(([name]) => name === 'x-ms-request-id')).toEqual(['x-ms-request-id', 'r-1'])

    const last = seen.at(-1)!
    expect(last.method).toBe('PUT')
    expect(last.url).toBe('/subscriptions/s1/resourcegroups/rg?api-version=2021-04-01')
    expect(last.body).toBe('{"location":"eastus"}')
    expect(last.headers.authorization).toBe('Bearer t')
    // Bodies come back as sent, so the client must not ask for compressed ones.
    expect(last.headers['accept-encoding']).toBeUndefined()
  })

  it('returns error statuses as responses: the SDK turns them into RestError', async () => {
    const response = await sdkHttpClient().sendRequest(request('/missing'))
    expect(response.status).toBe(404)
  })

  it('refuses bodies that are not text', async () => {
    await expect(sdkHttpClient().sendRequest(request('/', {body: new Uint8Array([1, 2]), method: 'POST'}))).rejects.toThrow(/text bodies only/)
  })

  it('does not send a request that was cancelled', async () => {
    const before = seen.length
    await expect(sdkHttpClient().sendRequest(request('/', {abortSignal: {aborted: true}}))).rejects.toMatchObject({name: 'AbortError'})
    expect(seen.length).toBe(before)
  })
})
