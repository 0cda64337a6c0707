import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:http'
import type {IncomingMessage, Server} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {isAzError} from '../errors/index.js'
import {fetchFederatedToken, FederatedTokenError} from './federated-token.js'

/** What the stand-in CI endpoint received. */
interface Received {
  method: string
  path: string
  query: Record<string, string>
  authorization: string | undefined
  contentType: string | undefined
}

let server: Server
let base: string
let received: Received[]
let answer: {status: number; body: string}

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    received.push({
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      method: request.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    })
    request.resume()
    request.on('end', () => response.writeHead(answer.status, {'content-type': 'application/json'}).end(answer.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  received = []
  answer = {body: '{}', status: 200}
})

async function failure(promise: Promise<unknown>): Promise<{message: string; recommendations: string[]; federated: boolean}> {
  try {
    await promise
  } catch (error) {
    if (!isAzError(error)) throw error
    return {federated: error instanceof FederatedTokenError, message: error.message, recommendations: error.recommendations}
  }

  throw new Error('it succeeded')
}

describe('from GitHub Actions', () => {
  const env = () => ({
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/plans/1/jobs/2/idtoken?api-version=2.0`,
  })

  it('GETs the request URL with the token exchange audience added, the request token as bearer, and takes `value`', async () => {
    answer = {body: JSON.stringify({count: 10, value: 'the-jwt'}), status: 200}
    expect(await fetchFederatedToken({provider: 'github'}, env())).toBe('the-jwt')
    expect(received).toEqual([
      {
        authorization: 'bearer request-token',
        contentType: undefined,
        method: 'GET',
        path: '/plans/1/jobs/2/idtoken',
        query: {'api-version': '2.0', audience: 'api://AzureADTokenExchange'},
      },
    ])
  })

  it('outside a job (no variables): says what the job needs, without a request', async () => {
    expect(await failure(fetchFederatedToken({provider: 'github'}, {}))).toEqual({
      federated: true,
      message: 'GitHub Actions gave this step no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set.',
      recommendations: ['Run az inside the GitHub Actions job, and give the job `permissions: id-token: write`.'],
    })
    expect(received).toEqual([])
  })

  it('a refusal or an answer without a token, never quoting the answer', async () => {
    answer = {body: '{"message": "Bad credentials"}', status: 401}
    expect((await failure(fetchFederatedToken({provider: 'github'}, env()))).message).toBe('GitHub Actions refused a federated token (HTTP 401).')
    answer = {body: '{"token": "secret-looking"}', status: 200}
    const missing = await failure(fetchFederatedToken({provider: 'github'}, env()))
    expect(missing.message).toBe("GitHub Actions answered without a federated token (no 'value' in its answer).")
  })

  it('an unreachable endpoint is a FederatedTokenError with the network failure', async () => {
    const unreachable = await failure(
      fetchFederatedToken(
        {provider: 'github'},
        {ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't', ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/idtoken?api-version=2.0'},
      ),
    )
    expect(unreachable.federated).toBe(true)
    expect(unreachable.message).toMatch(
      /^Could not get a federated token from GitHub Actions: GET http:\/\/127\.0\.0\.1:9\/idtoken failed after \d attempts: the connection was refused \(ECONNREFUSED\)\.$/,
    )
  }, 30_000)
})

describe('from Azure Pipelines', () => {
  const env = () => ({
    SYSTEM_ACCESSTOKEN: 'job-token',
    SYSTEM_OIDCREQUESTURI: `${base}/org/project/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken`,
  })

  it('POSTs to the request URI with api-version 7.1 and the service connection, the job token as bearer, and takes `oidcToken`', async () => {
    answer = {body: JSON.stringify({oidcToken: 'the-jwt'}), status: 200}
    expect(await fetchFederatedToken({provider: 'azure-pipelines', serviceConnectionId: 'connection-id'}, env())).toBe('the-jwt')
    expect(received).toEqual([
      {
        authorization: 'Bearer job-token',
        contentType: 'application/json',
        method: 'POST',
        path: '/org/project/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken',
        query: {'api-version': '7.1', serviceConnectionId: 'connection-id'},
      },
    ])
  })

  it('outside a job, or without the job token mapped', async () => {
    const {SYSTEM_OIDCREQUESTURI} = env()
    expect(
      (await failure(fetchFederatedToken({provider: 'azure-pipelines', serviceConnectionId: 'c'}, {SYSTEM_OIDCREQUESTURI}))).recommendations,
    ).toEqual([
      'Run az inside an Azure Pipelines job with a workload identity service connection, ' +
        "and map the job's token: `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`.",
    ])
    expect(received).toEqual([])
  })
})

describe('from a file', () => {
  let dir: string

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'azx-federated-token-'))
  })
  afterAll(() => rmSync(dir, {force: true, recursive: true}))

  it('reads it again each time, without the line break a platform may end it with', async () => {
    const path = join(dir, 'token')
    writeFileSync(path, 'first-jwt\n')
    expect(await fetchFederatedToken({path, provider: 'file'})).toBe('first-jwt')
    writeFileSync(path, 'second-jwt')
    expect(await fetchFederatedToken({path, provider: 'file'})).toBe('second-jwt')
  })

  it('a missing or empty file', async () => {
    const path = join(dir, 'missing')
    expect((await failure(fetchFederatedToken({path, provider: 'file'}))).message).toBe(`Cannot read the federated token file '${path}': ENOENT.`)
    writeFileSync(join(dir, 'empty'), ' \n')
    expect((await failure(fetchFederatedToken({path: join(dir, 'empty'), provider: 'file'}))).message).toBe(
      `The federated token file '${join(dir, 'empty')}' is empty.`,
    )
  })
})
