/**
 * Azure SDK errors (core-rest-pipeline's `RestError`) as az reports them: azure-core's text
 * `(Code) Message\nCode: Code\nMessage: Message`, exit 3 for a 404 (az's ResourceNotFoundError),
 * exit 1 otherwise. AzCommand applies this to whatever a command throws, so a plugin that calls an
 * SDK client needs no error handling of its own. A `401` claims challenge that the SDK's bearer
 * token policy could not satisfy through the credential ends as the http service's ARM requests
 * end: with az's advice to sign in with `--claims-challenge`.
 */
import {CommandError, NotFoundError} from '../errors/index.js'
import type {AzError} from '../errors/index.js'
import {claimsOfChallenge, ClaimsChallengeError} from '../http/claims-challenge.js'

/** The headers of an SDK request or response, as far as this module reads them. */
interface HeaderReader {
  get(name: string): string | undefined
}

interface RestErrorLike extends Error {
  statusCode?: number
  code?: string
  request?: {headers?: HeaderReader}
  response?: {headers?: HeaderReader}
}

/**
 * az's error for an Azure SDK `RestError` (recognised by its name, so any copy of the SDK
 * works), or undefined for anything else.
 */
export function fromRestError(error: unknown): AzError | undefined {
  if (!(error instanceof Error) || error.name !== 'RestError') return undefined
  const {code, message, request, response, statusCode} = error as RestErrorLike
  const text = code && message && statusCode !== undefined ? `(${code}) ${message}\nCode: ${code}\nMessage: ${message}` : message
  const claims = statusCode === 401 ? claimsOfChallenge(response?.headers?.get('www-authenticate')) : undefined
  if (claims !== undefined) {
    const accessToken = /^Bearer\s+(\S+)$/i.exec(request?.headers?.get('authorization') ?? '')?.[1] ?? ''
    return new ClaimsChallengeError(text, {accessToken, cause: error, claims})
  }

  return statusCode === 404 ? new NotFoundError(text, {cause: error}) : new CommandError(text, {cause: error})
}
