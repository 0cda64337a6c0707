import {describe, expect, it} from '@jest/globals'

import {AllowList} from './allow-list.js'
import {errorBody, readTokenQuery, tokenBody} from './protocol.js'
import {formatLogLine} from './request-log.js'

function jwt(claims: object): string {
  return ['{"alg":"RS256"}', JSON.stringify(claims)].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.signature'
}

describe('readTokenQuery', () => {
  it("takes App Service's api-version and one resource", () => {
    expect(readTokenQuery(new URLSearchParams('api-version=2019-08-01&resource=https://vault.azure.net&client_id=x'))).toEqual({
      resource: 'https://vault.azure.net',
    })
  })

  it.each([
    ['no api-version', 'resource=https://vault.azure.net', 'The api-version query parameter is required'],
    ["the 2017 protocol's api-version", 'api-version=2017-09-01&resource=https://vault.azure.net', "The api-version '2017-09-01' is not supported"],
    ['two api-versions', 'api-version=2019-08-01&api-version=2019-08-01&resource=r', "The api-version '2019-08-01,2019-08-01' is not supported"],
    ['no resource', 'api-version=2019-08-01', 'One resource query parameter is required'],
    ['an empty resource', 'api-version=2019-08-01&resource=%20', 'One resource query parameter is required'],
    ['two resources', 'api-version=2019-08-01&resource=a&resource=b', 'One resource query parameter is required'],
  ])('answers 400 to %s', (_, query, message) => {
    expect(readTokenQuery(new URLSearchParams(query))).toEqual({message: expect.stringContaining(message), status: 400})
  })
})

describe('tokenBody', () => {
  const expiresOn = new Date(1_800_000_000_500)

  it("is App Service's answer: expires_on a string of seconds, the resource asked for, the token's client", () => {
    const token = jwt({appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', aud: 'https://management.core.windows.net/'})
    expect(tokenBody({expiresOn, token}, 'https://management.core.windows.net/')).toEqual({
      access_token: token,
      client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      expires_on: '1800000000',
      resource: 'https://management.core.windows.net/',
      token_type: 'Bearer',
    })
  })

  it('takes the client of a v2 token from azp, and leaves client_id out for a token that is no JWT', () => {
    expect(tokenBody({expiresOn, token: jwt({azp: 'app-2'})}, 'r').client_id).toBe('app-2')
    expect(tokenBody({expiresOn, token: 'opaque'}, 'r')).not.toHaveProperty('client_id')
  })
})

describe('errorBody', () => {
  it("is App Service's error: statusCode, message and a correlation ID", () => {
    expect(errorBody(403, 'no')).toEqual({correlationId: expect.stringMatching(/^[\da-f-]{36}$/), message: 'no', statusCode: 403})
  })
})

describe('AllowList', () => {
  it('allows everything when empty', () => {
    expect(new AllowList([]).allows('https://anything.example')).toBe(true)
    expect(new AllowList([]).describe()).toBe('any resource')
  })

  it('matches resource IDs case-insensitively, with or without a trailing slash', () => {
    const list = new AllowList(['https://management.azure.com/', 'https://Vault.Azure.Net'])
    expect(
      ['https://management.azure.com', 'HTTPS://MANAGEMENT.AZURE.COM/', 'https://vault.azure.net/'].map((resource) => list.allows(resource)),
    ).toEqual([true, true, true])
    expect(
      ['https://graph.microsoft.com', 'https://management.azure.com//', 'https://management.azure.com.evil.example'].map((resource) =>
        list.allows(resource),
      ),
    ).toEqual([false, false, false])
  })
})

describe('formatLogLine', () => {
  const entry = {
    client: '127.0.0.1',
    durationMs: 2.6,
    outcome: 'token valid until 2027-01-15T08:00:00.000Z',
    status: 200,
    time: new Date('2027-01-15T07:00:00.000Z'),
  }

  it('is time, client, status, resource, outcome and duration', () => {
    expect(formatLogLine({...entry, resource: 'https://vault.azure.net'})).toBe(
      '2027-01-15T07:00:00.000Z 127.0.0.1 200 https://vault.azure.net token valid until 2027-01-15T08:00:00.000Z (3 ms)',
    )
    expect(formatLogLine({...entry, outcome: 'no X-IDENTITY-HEADER', status: 401})).toBe(
      '2027-01-15T07:00:00.000Z 127.0.0.1 401 - no X-IDENTITY-HEADER (3 ms)',
    )
  })

  it('encodes what a client could use to forge a line, and cuts long resources', () => {
    const line = formatLogLine({...entry, resource: 'x\n2027-01-15T07:00:00.000Z 10.0.0.1 200 forged'})
    expect(line.split('\n')).toHaveLength(1)
    expect(line).toContain('x%0A2027-01-15T07:00:00.000Z%2010.0.0.1%20200%20forged')
    expect(formatLogLine({...entry, resource: 'r'.repeat(1000)})).toContain(`${'r'.repeat(200)}... token`)
  })
})
