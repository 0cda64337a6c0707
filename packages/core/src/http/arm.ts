/**
 * Azure Resource Manager GETs, with the headers az sends and ARM's errors turned into az's:
 * the message `(Code) Message\nCode: Code\nMessage: Message` (azure-core's HttpResponseError text),
 * exit 3 for 404 and exit 1 for everything else. A claims challenge (continuous access evaluation,
 * Conditional Access) is answered once with a token that carries the claims, when the caller can
 * get one; otherwise it ends in az's advice to sign in with `--claims-challenge`.
 */
import {createRequire} from 'node:module'

import {CommandError, NotFoundError} from '../errors/index.js'
import type {AzErrorOptions} from '../errors/index.js'
import {claimsOfChallenge, ClaimsChallengeError} from './claims-challenge.js'
import {describeTarget} from './errors.js'
import {request} from './request.js'
import type {HttpResponse} from './request.js'
import type {RetryOptions} from './retry.js'

export interface ArmRequestOptions {
  /** Extra headers, such as az's `CommandName` and `ParameterSetName`. */
  readonly headers?: Record<string, string>
  readonly timeoutMs?: number
  readonly retry?: RetryOptions | false
}

/** A page of an ARM list. */
export interface ArmPage<T> {
  readonly value?: T[]
  readonly nextLink?: string | null
}

/**
 * The access token for a request: the token itself, or a function that gets one; given the claims
 * of a challenge (JSON), it must get a new token that carries them, never one from the cache.
 */
export type ArmAuthorization = string | ((claims?: string) => Promise<string>)

/** What ARM's error body says, for callers that react to a code. */
export interface ArmErrorDetails {
  readonly status: number
  /** ARM's `error.code`, when the body had one. */
  readonly code?: string
}

/** ARM answered with an error other than 404 (exit 1). */
export class ArmError extends CommandError implements ArmErrorDetails {
  readonly status: number
  readonly code?: string

  constructor(message: string, details: ArmErrorDetails, options?: AzErrorOptions) {
    super(message, options)
    this.status = details.status
    this.code = details.code
  }
}

/** ARM answered 404 (exit 3, az's ResourceNotFoundError). */
export class ArmNotFoundError extends NotFoundError implements ArmErrorDetails {
  readonly status = 404
  readonly code?: string

  constructor(message: string, code?: string) {
    super(message)
    this.code = code
  }
}

let version: string | undefined

/**
 * `AZURECLI/azx-<version> [(AZ_INSTALLER)] Node/<version> (<platform>-<arch>)`, plus
 * `AZURE_HTTP_USER_AGENT` when set, as az appends it.
 */
export function armUserAgent(env: NodeJS.ProcessEnv = process.env): string {
  version ??= (createRequire(import.meta.url)('../../package.json') as {version: string}).version
  const installer = env.AZ_INSTALLER ? ` (${env.AZ_INSTALLER})` : ''
  const extra = env.AZURE_HTTP_USER_AGENT ? ` ${env.AZURE_HTTP_USER_AGENT}` : ''
  return `AZURECLI/azx-${version}${installer} Node/${process.versions.node} (${process.platform}-${process.arch})${extra}`
}

/**
 * GETs one ARM resource or page and returns its JSON. With a token function, a claims challenge is
 * answered once with a token for those claims.
 *
 * @throws ClaimsChallengeError when ARM still asks for claims (exit 1, with az's `az login --claims-challenge` advice).
 */
export async function armGet<T>(url: string | URL, authorization: ArmAuthorization, options: ArmRequestOptions = {}): Promise<T> {
  let accessToken = typeof authorization === 'function' ? await authorization() : authorization
  let response = await send(url, accessToken, options)
  let claims = challengedClaims(response)
  if (claims !== undefined && typeof authorization === 'function') {
    accessToken = await authorization(claims)
    response = await send(url, accessToken, options)
    claims = challengedClaims(response)
  }

  if (claims !== undefined) throw new ClaimsChallengeError(await armErrorText(response), {accessToken, claims})
  if (response.status < 200 || response.status >= 300) throw await armError(response)
  try {
    return JSON.parse(response.body) as T
  } catch {
    throw new CommandError(`ARM answered GET ${describeTarget(new URL(url))} with a body that is not JSON (status ${response.status}).`)
  }
}

/** The claims a 401 asks for, or undefined for any other answer. */
function challengedClaims(response: HttpResponse): string | undefined {
  return response.status === 401 ? claimsOfChallenge(response.headers['www-authenticate']) : undefined
}

async function send(url: string | URL, accessToken: string, options: ArmRequestOptions): Promise<HttpResponse> {
  const {randomUUID} = await import('node:crypto')
  return request({
    headers: {
      accept: 'application/json',
      'user-agent': armUserAgent(),
      'x-ms-client-request-id': randomUUID(),
      ...options.headers,
      authorization: `Bearer ${accessToken}`,
    },
    method: 'GET',
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    url,
  })
}

/**
 * GETs an ARM list and every page after it through `nextLink`, and returns all the `value` items.
 * A `nextLink` to another host is refused, so the token never goes anywhere but the first host.
 */
export async function armGetAll<T>(url: string | URL, authorization: ArmAuthorization, options: ArmRequestOptions = {}): Promise<T[]> {
  const first = new URL(url)
  const pagesAuthorization = remembering(authorization)
  const seen = new Set<string>()
  const items: T[] = []
  let next: URL | undefined = first
  while (next && !seen.has(next.href)) {
    seen.add(next.href)
    const page: ArmPage<T> = await armGet<ArmPage<T>>(next, pagesAuthorization, options)
    items.push(...(page.value ?? []))
    next = page.nextLink ? new URL(page.nextLink, first) : undefined
    if (next && next.origin !== first.origin) {
      throw new CommandError(`ARM returned a next page link to another host (${next.host}); the list from ${first.host} is incomplete.`)
    }
  }

  return items
}

/** A token function that gets a token once and keeps it for the next pages, and the newest one after a challenge. */
function remembering(authorization: ArmAuthorization): ArmAuthorization {
  if (typeof authorization === 'string') return authorization
  let current: Promise<string> | undefined
  return (claims) => (claims === undefined ? (current ??= authorization()) : (current = authorization(claims)))
}

/** ARM's error as az reports it. */
export async function armError(response: HttpResponse): Promise<ArmError | ArmNotFoundError> {
  const text = await armErrorText(response)
  const {code} = errorBody(response.body)
  if (response.status === 404) return new ArmNotFoundError(text, code)
  return new ArmError(text, {code, status: response.status})
}

/** azure-core's text for ARM's error: `(Code) Message\nCode: Code\nMessage: Message`, the message alone, or the status. */
async function armErrorText(response: HttpResponse): Promise<string> {
  const {code, message} = errorBody(response.body)
  if (code && message) return `(${code}) ${message}\nCode: ${code}\nMessage: ${message}`
  if (message) return message
  const {STATUS_CODES} = await import('node:http')
  return `Operation returned an invalid status '${STATUS_CODES[response.status] ?? response.status}'`
}

function errorBody(body: string): {code?: string; message?: string} {
  try {
    const parsed = JSON.parse(body) as {code?: unknown; error?: {code?: unknown; message?: unknown}; message?: unknown}
    const source = parsed.error ?? parsed
    return {
      code: typeof source.code === 'string' ? source.code : undefined,
      message: typeof source.message === 'string' ? source.message : undefined,
    }
  } catch {
    return {}
  }
}
