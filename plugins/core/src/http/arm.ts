/**
 * Azure Resource Manager GETs, with the headers az sends and ARM's errors turned into az's:
 * the message `(Code) Message\nCode: Code\nMessage: Message` (azure-core's HttpResponseError text),
 * exit 3 for 404 and exit 1 for everything else.
 */
import {createRequire} from 'node:module'

import {CommandError, NotFoundError} from '../errors/index.js'
import type {AzErrorOptions} from '../errors/index.js'
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

/** What ARM's error body says, for callers that react to a code (e.g. a claims challenge). */
export interface ArmErrorDetails {
  readonly status: number
  /** ARM's `error.code`, when the body had one. */
  readonly code?: string
  /** The `claims` of a `WWW-Authenticate` challenge on a 401 (Continuous Access Evaluation). */
  readonly claimsChallenge?: string
}

/** ARM answered with an error other than 404 (exit 1). */
export class ArmError extends CommandError implements ArmErrorDetails {
  readonly status: number
  readonly code?: string
  readonly claimsChallenge?: string

  constructor(message: string, details: ArmErrorDetails, options?: AzErrorOptions) {
    super(message, options)
    this.status = details.status
    this.code = details.code
    this.claimsChallenge = details.claimsChallenge
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

/** GETs one ARM resource or page and returns its JSON. */
export async function armGet<T>(url: string | URL, accessToken: string, options: ArmRequestOptions = {}): Promise<T> {
  const {randomUUID} = await import('node:crypto')
  const response = await request({
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
  if (response.status < 200 || response.status >= 300) throw await armError(response)
  try {
    return JSON.parse(response.body) as T
  } catch {
    throw new CommandError(`ARM answered GET ${describeTarget(new URL(url))} with a body that is not JSON (status ${response.status}).`)
  }
}

/**
 * GETs an ARM list and every page after it through `nextLink`, and returns all the `value` items.
 * A `nextLink` to another host is refused, so the token never goes anywhere but the first host.
 */
export async function armGetAll<T>(url: string | URL, accessToken: string, options: ArmRequestOptions = {}): Promise<T[]> {
  const first = new URL(url)
  const seen = new Set<string>()
  const items: T[] = []
  let next: URL | undefined = first
  while (next && !seen.has(next.href)) {
    seen.add(next.href)
    const page: ArmPage<T> = await armGet<ArmPage<T>>(next, accessToken, options)
    items.push(...(page.value ?? []))
    next = page.nextLink ? new URL(page.nextLink, first) : undefined
    if (next && next.origin !== first.origin) {
      throw new CommandError(`ARM returned a next page link to another host (${next.host}); the list from ${first.host} is incomplete.`)
    }
  }

  return items
}

/** ARM's error as az reports it. */
export async function armError(response: HttpResponse): Promise<ArmError | ArmNotFoundError> {
  const {code, message} = errorBody(response.body)
  let text: string
  if (code && message) text = `(${code}) ${message}\nCode: ${code}\nMessage: ${message}`
  else if (message) text = message
  else {
    const {STATUS_CODES} = await import('node:http')
    text = `Operation returned an invalid status '${STATUS_CODES[response.status] ?? response.status}'`
  }

  if (response.status === 404) return new ArmNotFoundError(text, code)
  return new ArmError(text, {claimsChallenge: claimsChallenge(response.headers['www-authenticate']), code, status: response.status})
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

/** `claims="…"` of a `WWW-Authenticate: Bearer …` header. */
function claimsChallenge(header: string | undefined): string | undefined {
  return header ? /\bclaims="([^"]*)"/i.exec(header)?.[1] : undefined
}
