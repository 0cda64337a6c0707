/**
 * A `fetch` over this service's client, for code written against fetch (cloud metadata): the
 * request then gets our proxies, CA trust, retries and `--debug` lines, which global fetch lacks.
 */
import {request} from './request.js'

export const fetchOverHttp: typeof globalThis.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input)
  const headers = Object.fromEntries(new Headers(init?.headers).entries())
  const response = await request({body: typeof init?.body === 'string' ? init.body : undefined, headers, method: init?.method ?? 'GET', url})
  return new Response(response.status === 204 || response.status === 304 ? null : response.body, {headers: response.headers, status: response.status})
}
