import http from 'node:http'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {ExitCode} from '../errors/index.js'
import type {AzError} from '../errors/index.js'
import {destroyAgents} from './agents.js'
import {armGet, armGetAll, armUserAgent} from './arm.js'
import {ClaimsChallengeError} from './claims-challenge.js'

import {rejection} from '../../../../test/support/promises.js'

const TOKEN = 'arm-access-token'
/** A JWT-shaped token for tenant t1 and ARM, as the claims advice reads it (unsigned: only the payload matters). */
const JWT = ['e30', Buffer.from(JSON.stringify({aud: 'https://management.core.windows.net/', tid: 't1'})).toString('base64url'), 'sig'].join('.')
const CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}'
const CHALLENGE =
  'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
  `error="insufficient_claims", claims="${Buffer.from(CLAIMS).toString('base64')}"`
const savedEnv = {...process.env}
let server: http.Server
let base: string
let seen: IncomingMessage[] = []

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {'content-type': 'application/json', ...headers})
  res.end(JSON.stringify(value))
}

function route(req: IncomingMessage, res: ServerResponse): void {
  seen.push(req)
  const url = new URL(req.url ?? '/', base)
  const page = Number(url.searchParams.get('page') ?? '1')
  switch (url.pathname) {
    case '/subscriptions': {
      const value = [{subscriptionId: `sub-${page}a`}, {subscriptionId: `sub-${page}b`}]
      json(res, 200, page < 3 ? {nextLink: `${base}/subscriptions?api-version=2022-12-01&page=${page + 1}`, value} : {value})
      return
    }

    case '/tenants': {
      json(res, 200, {value: [{tenantId: 't1'}]})
      return
    }

    case '/elsewhere': {
      json(res, 200, {nextLink: 'https://attacker.example/steal', value: []})
      return
    }

    case '/subscriptions/missing': {
      json(res, 404, {error: {code: 'SubscriptionNotFound', message: "The subscription 'missing' could not be found."}})
      return
    }

    case '/forbidden': {
      json(res, 403, {error: {code: 'AuthorizationFailed', message: "The client 'x' does not have authorization to perform action 'read'."}})
      return
    }

    case '/challenge': {
      json(res, 401, {error: {code: 'InvalidAuthenticationToken', message: 'The access token has been revoked.'}}, {'www-authenticate': CHALLENGE})
      return
    }

    // Challenges every token but the one named `fresh`, which carries the claims.
    case '/challenge-once': {
      if (req.headers.authorization === 'Bearer fresh') json(res, 200, {value: [{name: 'eastus'}]})
      else
        json(res, 401, {error: {code: 'InvalidAuthenticationToken', message: 'The access token has been revoked.'}}, {'www-authenticate': CHALLENGE})
      return
    }

    case '/invalid-token': {
      json(
        res,
        401,
        {error: {code: 'InvalidAuthenticationToken', message: 'The access token is invalid.'}},
        {'www-authenticate': 'Bearer error="invalid_token"'},
      )
      return
    }

    case '/bare-404': {
      res.writeHead(404)
      res.end()
      return
    }

    default: {
      json(res, 500, {})
    }
  }
}

beforeAll(async () => {
  server = http.createServer(route)
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

beforeEach(() => {
  for (const name of ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'AZURE_HTTP_USER_AGENT', 'AZ_INSTALLER']) delete process.env[name]
  seen = []
})

afterEach(() => destroyAgents())

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  process.env = savedEnv
})

describe('armGetAll', () => {
  it('follows nextLink over three pages and returns every item', async () => {
    const items = await armGetAll<{subscriptionId: string}>(`${base}/subscriptions?api-version=2022-12-01`, TOKEN)
    expect(items.map((item) => item.subscriptionId)).toEqual(['sub-1a', 'sub-1b', 'sub-2a', 'sub-2b', 'sub-3a', 'sub-3b'])
    expect(seen.map((req) => req.url)).toEqual([
      '/subscriptions?api-version=2022-12-01',
      '/subscriptions?api-version=2022-12-01&page=2',
      '/subscriptions?api-version=2022-12-01&page=3',
    ])
  })

  it('asks a token function once for all pages', async () => {
    let calls = 0
    await armGetAll(`${base}/subscriptions?api-version=2022-12-01`, async () => (calls++, TOKEN))
    expect(calls).toBe(1)
  })

  it('refuses a nextLink to another host, so the token stays with ARM', async () => {
    const error = await rejection<AzError & {code?: string; status?: number}>(armGetAll(`${base}/elsewhere`, TOKEN))
    expect(error.message).toBe(`ARM returned a next page link to another host (attacker.example); the list from ${base.slice(7)} is incomplete.`)
  })
})

describe('armGet', () => {
  it('sends the headers az sends', async () => {
    process.env.AZURE_HTTP_USER_AGENT = 'pipeline/1'
    await armGet(`${base}/tenants?api-version=2022-12-01`, TOKEN, {headers: {CommandName: 'login'}})
    const headers = seen[0]?.headers ?? {}
    expect(headers.accept).toBe('application/json')
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(headers.commandname).toBe('login')
    expect(headers['x-ms-client-request-id']).toMatch(/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/)
    expect(headers['user-agent']).toMatch(/^AZURECLI\/azx-\d+\.\d+\.\d+ Node\/\d+\.\d+\.\d+ \(\w+-\w+\) pipeline\/1$/)
  })

  it('names the installer as az does', () => {
    expect(armUserAgent({AZ_INSTALLER: 'DEB'})).toMatch(/^AZURECLI\/azx-\S+ \(DEB\) Node\//)
  })

  it("turns a 404 into a not-found error (exit 3) printed as az prints ARM's errors", async () => {
    const error = await rejection<AzError & {code?: string; status?: number}>(armGet(`${base}/subscriptions/missing?api-version=2022-12-01`, TOKEN))
    expect(error.exitCode).toBe(ExitCode.NotFound)
    expect(error.message).toBe(
      "(SubscriptionNotFound) The subscription 'missing' could not be found.\n" +
        "Code: SubscriptionNotFound\nMessage: The subscription 'missing' could not be found.",
    )
    expect(error.code).toBe('SubscriptionNotFound')
  })

  it('uses the reason phrase when a 404 has no body', async () => {
    const error = await rejection<AzError & {code?: string; status?: number}>(armGet(`${base}/bare-404`, TOKEN))
    expect(error.exitCode).toBe(ExitCode.NotFound)
    expect(error.message).toBe("Operation returned an invalid status 'Not Found'")
  })

  it("turns a 403 into a command error (exit 1) with ARM's code and message", async () => {
    const error = await rejection<AzError & {code?: string; status?: number}>(armGet(`${base}/forbidden`, TOKEN))
    expect(error.exitCode).toBe(ExitCode.CommandError)
    expect(error.status).toBe(403)
    expect(error.message).toBe(
      "(AuthorizationFailed) The client 'x' does not have authorization to perform action 'read'.\n" +
        "Code: AuthorizationFailed\nMessage: The client 'x' does not have authorization to perform action 'read'.",
    )
  })

  it("turns a claims challenge into az's advice to sign in with --claims-challenge, for the token's tenant and resource", async () => {
    const error = await rejection<AzError & {code?: string; status?: number}>(armGet(`${base}/challenge`, JWT))
    expect(error).toBeInstanceOf(ClaimsChallengeError)
    expect(error.exitCode).toBe(ExitCode.CommandError)
    expect(error.message).toBe(
      '(InvalidAuthenticationToken) The access token has been revoked.\n' +
        'Code: InvalidAuthenticationToken\nMessage: The access token has been revoked.',
    )
    expect(error.recommendations).toEqual([
      'Run the command below to authenticate interactively; additional arguments may be added as needed:',
      'az logout',
      `az login --tenant "t1" --scope "https://management.core.windows.net//.default" --claims-challenge "${Buffer.from(CLAIMS).toString('base64')}"`,
    ])
    expect(error.message).not.toContain(JWT)
    // A token given as a string cannot be renewed: the request is not sent again.
    expect(seen).toHaveLength(1)
  })

  it('asks a token function for a token with the claims and sends the request once more', async () => {
    const asked: (string | undefined)[] = []
    const token = async (claims?: string) => {
      asked.push(claims)
      return claims ? 'fresh' : TOKEN
    }

    expect(await armGet(`${base}/challenge-once`, token)).toEqual({value: [{name: 'eastus'}]})
    expect(asked).toEqual([undefined, CLAIMS])
    expect(seen.map((req) => req.headers.authorization)).toEqual([`Bearer ${TOKEN}`, 'Bearer fresh'])
  })

  it('gives the advice when ARM challenges the new token too, after one retry', async () => {
    const asked: (string | undefined)[] = []
    const error = await rejection<AzError & {code?: string; status?: number}>(
      armGet(`${base}/challenge`, async (claims) => (asked.push(claims), JWT)),
    )
    expect(error).toBeInstanceOf(ClaimsChallengeError)
    expect(asked).toEqual([undefined, CLAIMS])
    expect(seen).toHaveLength(2)
  })

  it('does not retry a 401 that is not a claims challenge', async () => {
    const asked: (string | undefined)[] = []
    const error = await rejection<AzError & {code?: string; status?: number}>(
      armGet(`${base}/invalid-token`, async (claims) => (asked.push(claims), TOKEN)),
    )
    expect(error).not.toBeInstanceOf(ClaimsChallengeError)
    expect(error.status).toBe(401)
    expect(error.recommendations).toEqual([])
    expect(asked).toEqual([undefined])
  })

  it('passes a token failure of the retry on as it is (the identity service words it)', async () => {
    const refused = new Error('AADSTS50173: revoked')
    await expect(armGet(`${base}/challenge`, async (claims) => (claims ? Promise.reject(refused) : TOKEN))).rejects.toBe(refused)
  })

  it('reports a 5xx that outlasted the retries', async () => {
    const error = await rejection<AzError & {code?: string; status?: number}>(armGet(`${base}/broken`, TOKEN, {retry: {baseDelayMs: 5}}))
    expect(seen).toHaveLength(4)
    expect(error.message).toBe("Operation returned an invalid status 'Internal Server Error'")
  })
})
