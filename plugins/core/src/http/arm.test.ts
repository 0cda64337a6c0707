import http from 'node:http'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {ExitCode, isAzError} from '../errors/index.js'
import type {AzError} from '../errors/index.js'
import {destroyAgents} from './agents.js'
import {armGet, armGetAll, armUserAgent} from './arm.js'

const TOKEN = 'arm-access-token'
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
      json(res, 401, {error: {code: 'InvalidAuthenticationToken', message: 'The access token has been revoked.'}}, {
        'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="',
      })
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

async function rejection(promise: Promise<unknown>): Promise<AzError & {claimsChallenge?: string; code?: string; status?: number}> {
  try {
    await promise
  } catch (error) {
    if (isAzError(error)) return error
    throw error
  }

  throw new Error('The call did not fail')
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

  it('refuses a nextLink to another host, so the token stays with ARM', async () => {
    const error = await rejection(armGetAll(`${base}/elsewhere`, TOKEN))
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
    const error = await rejection(armGet(`${base}/subscriptions/missing?api-version=2022-12-01`, TOKEN))
    expect(error.exitCode).toBe(ExitCode.NotFound)
    expect(error.message).toBe(
      "(SubscriptionNotFound) The subscription 'missing' could not be found.\nCode: SubscriptionNotFound\nMessage: The subscription 'missing' could not be found.",
    )
    expect(error.code).toBe('SubscriptionNotFound')
  })

  it('uses the reason phrase when a 404 has no body', async () => {
    const error = await rejection(armGet(`${base}/bare-404`, TOKEN))
    expect(error.exitCode).toBe(ExitCode.NotFound)
    expect(error.message).toBe("Operation returned an invalid status 'Not Found'")
  })

  it("turns a 403 into a command error (exit 1) with ARM's code and message", async () => {
    const error = await rejection(armGet(`${base}/forbidden`, TOKEN))
    expect(error.exitCode).toBe(ExitCode.CommandError)
    expect(error.status).toBe(403)
    expect(error.message).toBe(
      "(AuthorizationFailed) The client 'x' does not have authorization to perform action 'read'.\nCode: AuthorizationFailed\nMessage: The client 'x' does not have authorization to perform action 'read'.",
    )
  })

  it('keeps the claims challenge of a 401', async () => {
    const error = await rejection(armGet(`${base}/challenge`, TOKEN))
    expect(error.exitCode).toBe(ExitCode.CommandError)
    expect(error.code).toBe('InvalidAuthenticationToken')
    expect(error.claimsChallenge).toBe('eyJhY2Nlc3NfdG9rZW4iOnt9fQ==')
    expect(error.message).not.toContain(TOKEN)
  })

  it('reports a 5xx that outlasted the retries', async () => {
    const error = await rejection(armGet(`${base}/broken`, TOKEN, {retry: {baseDelayMs: 5}}))
    expect(seen).toHaveLength(4)
    expect(error.message).toBe("Operation returned an invalid status 'Internal Server Error'")
  })
})
