/**
 * The App Service managed identity protocol (api-version 2019-08-01), which MSAL (Node, Python,
 * .NET, Java) and every Azure SDK's ManagedIdentityCredential speak when `IDENTITY_ENDPOINT` and
 * `IDENTITY_HEADER` are set:
 *
 *   GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=R    X-IDENTITY-HEADER: {IDENTITY_HEADER}
 *   200 {"access_token", "expires_on": "<epoch seconds>", "resource", "token_type": "Bearer", "client_id"}
 *   4xx/5xx {"statusCode", "message", "correlationId"}
 *
 * `expires_on` is a string of POSIX seconds, as App Service sends it: MSAL Node also takes ISO
 * 8601 there, the Python SDK only numbers. Errors carry App Service's `message`, which MSAL reports
 * as the error description and the Python SDK prints whole. A `client_id`, `object_id`,
 * `principal_id` or `mi_res_id` selecting a user-assigned identity is accepted and ignored: the
 * endpoint serves one identity, so code configured for a deployed identity runs unchanged.
 */
import {randomUUID} from 'node:crypto'

/** The path of the endpoint, as on App Service (`http://localhost:PORT/msi/token`). */
export const TOKEN_PATH = '/msi/token'
const API_VERSION = '2019-08-01'
/** The request header carrying the endpoint's secret (Node lower-cases header names). */
export const SECRET_HEADER = 'x-identity-header'

export interface TokenAnswer {
  token: string
  expiresOn: Date
}

type TokenQuery = {resource: string} | {status: 400; message: string}

/** The resource a token request asks for, or the 400 its query earns. */
export function readTokenQuery(query: URLSearchParams): TokenQuery {
  const versions = query.getAll('api-version')
  if (versions.length === 0) return {message: `The api-version query parameter is required: api-version=${API_VERSION}.`, status: 400}
  if (versions.length > 1 || versions[0] !== API_VERSION) {
    return {
      message:
        `The api-version '${versions.join(',')}' is not supported: this endpoint ` +
        `speaks api-version=${API_VERSION} (IDENTITY_ENDPOINT and IDENTITY_HEADER).`,
      status: 400,
    }
  }

  const resources = query.getAll('resource')
  if (resources.length !== 1 || resources[0].trim() === '') {
    return {message: 'One resource query parameter is required, e.g. resource=https://management.azure.com/.', status: 400}
  }

  return {resource: resources[0]}
}

/** The 200 answer: what App Service sends. */
export function tokenBody(answer: TokenAnswer, resource: string): Record<string, string> {
  const body: Record<string, string> = {
    access_token: answer.token,
    expires_on: String(Math.floor(answer.expiresOn.getTime() / 1000)),
    resource,
    token_type: 'Bearer',
  }
  const clientId = clientOfToken(answer.token)
  if (clientId) body.client_id = clientId
  return body
}

/** An error answer in App Service's shape. */
export function errorBody(status: number, message: string): Record<string, number | string> {
  return {correlationId: randomUUID(), message, statusCode: status}
}

/**
 * The application a JWT access token was issued to (`appid`, v1 tokens, or `azp`, v2), read without
 * verifying it: App Service reports the identity's client ID, and this is the one the token names.
 */
function clientOfToken(token: string): string | undefined {
  const payload = token.split('.')[1]
  if (!payload) return undefined
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {appid?: unknown; azp?: unknown}
    const client = claims.appid ?? claims.azp
    return typeof client === 'string' ? client : undefined
  } catch {
    return undefined
  }
}
