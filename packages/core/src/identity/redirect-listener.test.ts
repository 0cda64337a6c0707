import {request} from 'node:http'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {RedirectListener} from './redirect-listener.js'

const STATE = 'state-of-this-sign-in'
const FORM = 'application/x-www-form-urlencoded'

let listener: RedirectListener
let settled: string | undefined

beforeEach(async () => {
  listener = await RedirectListener.start({failurePage: 'FAILED', state: STATE, successPage: 'SIGNED IN'})
  settled = undefined
  listener.response.then((response) => (settled = JSON.stringify(response)))
})
afterEach(() => listener.close())

interface Answer {
  body: string
  contentType: string | undefined
  status: number | undefined
}

/** A real HTTP request to the listener (on 127.0.0.1, the redirect URI's host name as Host). */
function send(method: string, path: string, options: {body?: string; contentType?: string} = {}): Promise<Answer> {
  const {port} = new URL(listener.redirectUri)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {host: `localhost:${port}`}
    if (options.contentType) headers['content-type'] = options.contentType
    const outgoing = request({headers, host: '127.0.0.1', method, path, port}, (response) => {
      let body = ''
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({body, contentType: response.headers['content-type'], status: response.statusCode}))
    })
    outgoing.on('error', reject)
    outgoing.end(options.body)
  })
}

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString()

/** Lets the listener's promise settle if it is going to. */
const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('RedirectListener', () => {
  it('is a loopback redirect URI, on 127.0.0.1 only', async () => {
    expect(listener.redirectUri).toMatch(/^http:\/\/localhost:\d+$/)
    const {port} = new URL(listener.redirectUri)
    const onAnotherAddress = new Promise((resolve) => {
      request({host: '::1', port}).on('error', resolve).end()
    })
    await expect(onAnotherAddress).resolves.toMatchObject({code: 'ECONNREFUSED'})
  })

  it.each([
    ['GET /', 'GET', '/', {}],
    ['GET /favicon.ico', 'GET', '/favicon.ico', {}],
    ['HEAD /', 'HEAD', '/', {}],
    ['a GET with this sign-in’s state and a code', 'GET', `/?code=c&state=${STATE}`, {}],
    ['a POST without a state', 'POST', '/', {body: form([['code', 'c']]), contentType: FORM}],
    [
      'a POST with another state',
      'POST',
      '/',
      {
        body: form([
          ['code', 'c'],
          ['state', 'someone-else'],
        ]),
        contentType: FORM,
      },
    ],
    [
      'a POST with the state twice',
      'POST',
      '/',
      {
        body: form([
          ['code', 'c'],
          ['state', STATE],
          ['state', STATE],
        ]),
        contentType: FORM,
      },
    ],
    [
      'a POST with a state that only starts like it',
      'POST',
      '/',
      {
        body: form([
          ['code', 'c'],
          ['state', `${STATE}x`],
        ]),
        contentType: FORM,
      },
    ],
    ['a POST with the state but neither code nor error', 'POST', '/', {body: form([['state', STATE]]), contentType: FORM}],
    [
      'a POST to another path',
      'POST',
      '/callback',
      {
        body: form([
          ['code', 'c'],
          ['state', STATE],
        ]),
        contentType: FORM,
      },
    ],
    ['a POST of JSON', 'POST', '/', {body: JSON.stringify({code: 'c', state: STATE}), contentType: 'application/json'}],
    [
      'a POST of more than 64 KiB',
      'POST',
      '/',
      {
        body: form([
          ['code', 'c'.repeat(70_000)],
          ['state', STATE],
        ]),
        contentType: FORM,
      },
    ],
  ])('answers %s with a neutral 400 and keeps waiting', async (_what, method, path, options) => {
    expect(await send(method, path, options)).toEqual({
      body: method === 'HEAD' ? '' : 'Bad Request\n',
      contentType: 'text/plain; charset=utf-8',
      status: 400,
    })
    await tick()
    expect(settled).toBeUndefined()
  })

  it('takes the form POST of this sign-in: the success page, then a neutral 400 for anything more', async () => {
    const body = form([
      ['code', 'the-code'],
      ['client_info', 'info'],
      ['state', STATE],
      ['session_state', 's'],
    ])
    expect(await send('POST', '/', {body, contentType: `${FORM}; charset=UTF-8`})).toEqual({
      body: 'SIGNED IN',
      contentType: 'text/html; charset=utf-8',
      status: 200,
    })
    await expect(listener.response).resolves.toEqual({clientInfo: 'info', code: 'the-code'})
    expect(
      await send('POST', '/', {
        body: form([
          ['code', 'another'],
          ['state', STATE],
        ]),
        contentType: FORM,
      }),
    ).toMatchObject({status: 400})
    expect(await send('GET', '/')).toMatchObject({body: 'Bad Request\n', status: 400})
  })

  it("takes Entra ID's error for this sign-in and shows the failure page", async () => {
    const body = form([
      ['error', 'access_denied'],
      ['error_description', 'AADSTS50126: the user cancelled.'],
      ['state', STATE],
    ])
    expect(await send('POST', '/', {body, contentType: FORM})).toMatchObject({body: 'FAILED', status: 200})
    await expect(listener.response).resolves.toEqual({description: 'AADSTS50126: the user cancelled.', error: 'access_denied', suberror: undefined})
  })

  it('stops listening when closed', async () => {
    listener.close()
    await expect(send('GET', '/')).rejects.toMatchObject({code: 'ECONNREFUSED'})
  })
})
