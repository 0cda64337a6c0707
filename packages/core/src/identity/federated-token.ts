/**
 * Federated tokens that refresh themselves: where a service principal signed in with
 * `--federated-token-file` or `--federated-token-provider` gets a new assertion each time Entra ID
 * needs one, instead of the static JWT `--federated-token` stores (which expires mid-job with
 * AADSTS700024, az issue 28708).
 *
 * - `file`: a file the platform keeps fresh (AKS workload identity projects one and names it in
 *   `AZURE_FEDERATED_TOKEN_FILE`), read again for every assertion.
 * - `github`: GitHub Actions' OIDC endpoint: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with
 *   `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answer `{"value": JWT}` (the job
 *   needs `permissions: id-token: write`).
 * - `azure-pipelines`: `POST $SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=ID` with
 *   `Authorization: Bearer $SYSTEM_ACCESSTOKEN`, answer `{"oidcToken": JWT}`; the service
 *   connection is the one `AZURESUBSCRIPTION_SERVICE_CONNECTION_ID` named at sign-in.
 *
 * The CI variables are read when an assertion is fetched, never stored: they are the job's secrets.
 */
import {readFile} from 'node:fs/promises'

import {CommandError} from '../errors/index.js'
import {request} from '../http/index.js'
import type {HttpResponse} from '../http/index.js'
import {log} from '../logger/index.js'

export type FederatedTokenProvider = 'file' | 'github' | 'azure-pipelines'

/** The values `--federated-token-provider` takes (`file` is `--federated-token-file`). */
export const CI_TOKEN_PROVIDERS = ['github', 'azure-pipelines'] as const

/** Where a service principal's federated tokens come from. */
export type FederatedTokenSource =
  {provider: 'file'; path: string} | {provider: 'github'} | {provider: 'azure-pipelines'; serviceConnectionId: string}

/** The audience Entra ID's token exchange expects of a federated token. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange'

/** A federated token could not be had from its source; the message says why and the advice what to change. */
export class FederatedTokenError extends CommandError {}

/** How a source is named in messages. */
export function describeSource(source: FederatedTokenSource): string {
  if (source.provider === 'file') return `the federated token file '${source.path}'`
  return source.provider === 'github' ? 'GitHub Actions' : 'Azure Pipelines'
}

/** A new federated token from `source`. */
export async function fetchFederatedToken(source: FederatedTokenSource, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const token =
    source.provider === 'file'
      ? await fromFile(source.path)
      : source.provider === 'github'
        ? await fromGitHub(env)
        : await fromAzurePipelines(source.serviceConnectionId, env)
  log().debug('federated-token', `A new federated token from ${describeSource(source)}.`)
  return token
}

async function fromFile(path: string): Promise<string> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new FederatedTokenError(
      `Cannot read the federated token file '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      {
        recommendations: ['The file must exist and be kept fresh by the platform (AKS workload identity names it in AZURE_FEDERATED_TOKEN_FILE).'],
      },
    )
  }

  const token = text.trim()
  if (token === '')
    throw new FederatedTokenError(`The federated token file '${path}' is empty.`, {
      recommendations: ['Write the JWT your identity provider issued into it.'],
    })
  return token
}

async function fromGitHub(env: NodeJS.ProcessEnv): Promise<string> {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!url || !requestToken) {
    throw new FederatedTokenError(
      'GitHub Actions gave this step no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set.',
      {
        recommendations: ['Run az inside the GitHub Actions job, and give the job `permissions: id-token: write`.'],
      },
    )
  }

  const target = providerUrl(url, 'ACTIONS_ID_TOKEN_REQUEST_URL')
  target.searchParams.set('audience', TOKEN_EXCHANGE_AUDIENCE)
  const response = await ask('GitHub Actions', {
    headers: {accept: 'application/json', authorization: `bearer ${requestToken}`},
    method: 'GET',
    url: target,
  })
  return tokenIn(response, 'value', 'GitHub Actions')
}

async function fromAzurePipelines(serviceConnectionId: string, env: NodeJS.ProcessEnv): Promise<string> {
  const url = env.SYSTEM_OIDCREQUESTURI
  const accessToken = env.SYSTEM_ACCESSTOKEN
  if (!url || !accessToken) {
    throw new FederatedTokenError('Azure Pipelines gave this step no OIDC token: SYSTEM_OIDCREQUESTURI and SYSTEM_ACCESSTOKEN are not set.', {
      recommendations: [
        'Run az inside an Azure Pipelines job with a workload identity service connection, ' +
          "and map the job's token: `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`.",
      ],
    })
  }

  const target = providerUrl(url, 'SYSTEM_OIDCREQUESTURI')
  target.searchParams.set('api-version', '7.1')
  target.searchParams.set('serviceConnectionId', serviceConnectionId)
  const response = await ask('Azure Pipelines', {
    body: '',
    headers: {accept: 'application/json', authorization: `Bearer ${accessToken}`, 'content-type': 'application/json'},
    method: 'POST',
    // Asking for a token twice changes nothing, so a failed attempt may be repeated.
    retry: {idempotent: true},
    url: target,
  })
  return tokenIn(response, 'oidcToken', 'Azure Pipelines')
}

function providerUrl(value: string, variable: string): URL {
  try {
    return new URL(value)
  } catch {
    throw new FederatedTokenError(`${variable} is not a URL.`)
  }
}

async function ask(provider: string, input: Parameters<typeof request>[0]): Promise<HttpResponse> {
  try {
    return await request(input)
  } catch (error) {
    throw new FederatedTokenError(`Could not get a federated token from ${provider}: ${(error as Error).message}`, {
      cause: error,
      recommendations: (error as CommandError).recommendations ?? [],
    })
  }
}

/** The token in the provider's JSON answer; the body is never quoted (it may hold a token). */
function tokenIn(response: HttpResponse, field: string, provider: string): string {
  if (response.status !== 200) {
    throw new FederatedTokenError(`${provider} refused a federated token (HTTP ${response.status}).`, {
      recommendations: [
        response.status === 401 || response.status === 403
          ? 'The job that issued the token request credentials may have ended; run az inside the job.'
          : 'Try again; if it persists, check the CI service status.',
      ],
    })
  }

  let token: unknown
  try {
    token = (JSON.parse(response.body) as Record<string, unknown>)[field]
  } catch {
    token = undefined
  }

  if (typeof token !== 'string' || token === '')
    throw new FederatedTokenError(`${provider} answered without a federated token (no '${field}' in its answer).`)
  return token
}
