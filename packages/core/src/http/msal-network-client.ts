/**
 * MSAL Node's network module on our client, so sign-in traffic gets the same proxies, CA trust,
 * retries and `--debug` lines as ARM traffic (MSAL's default client is global fetch, which
 * ignores `HTTPS_PROXY` and costs undici's start-up).
 *
 * The contract follows MSAL's own HttpClient: any HTTP status is returned with its JSON body
 * parsed; a body that is not JSON is a `token_parsing_error`; no response is a `network_error`.
 * Errors are MSAL `AuthError`s, which MSAL passes through unchanged. Their `cause` is our
 * HttpNetworkError, whose message and recommendations are the ones to show the user.
 */
import {createRequire} from 'node:module'

import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node'

import {isAzError} from '../errors/index.js'
import type {AzError} from '../errors/index.js'
import {describeTarget, HttpNetworkError} from './errors.js'
import {request} from './request.js'
import type {RetryOptions} from './retry.js'

export interface MsalNetworkClientOptions {
  /** Per-attempt limit when MSAL names none; default 30 s. */
  readonly timeoutMs?: number
  /** How long connecting may take, per attempt (see HttpRequest). */
  readonly connectTimeoutMs?: number
  /** Retry settings for every call (tests make them short). */
  readonly retry?: RetryOptions | false
}

type AuthErrorClass = typeof import('@azure/msal-node').AuthError

/**
 * MSAL's AuthError, from the copy of MSAL the identity service loaded with `require` (the same
 * module instance, so MSAL's `instanceof AuthError` holds). MSAL is loaded by the time it calls us.
 */
function authError(code: 'network_error' | 'token_parsing_error', correlationId: string, message: string, cause?: unknown): Error {
  const {AuthError} = createRequire(import.meta.url)('@azure/msal-node') as {AuthError: AuthErrorClass}
  const error = new AuthError(code, correlationId, message)
  if (cause !== undefined) Object.defineProperty(error, 'cause', {configurable: true, value: cause, writable: true})
  return error
}

export class MsalNetworkClient implements INetworkModule {
  /**
   * The last request that failed without a response (or could not be sent: a bad proxy or CA
   * bundle setting). MSAL swallows the errors of its metadata GETs and reports
   * `endpoints_resolution_error`; this keeps the real reason for the message.
   */
  lastFailure: AzError | undefined

  constructor(private readonly options: MsalNetworkClientOptions = {}) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout)
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options)
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    const correlationId = options?.correlationId ?? ''
    let response
    try {
      response = await request({
        body: method === 'POST' ? (options?.body ?? '') : undefined,
        connectTimeoutMs: this.options.connectTimeoutMs,
        headers: options?.headers,
        method,
        retry: this.options.retry,
        timeoutMs: timeout ?? this.options.timeoutMs,
        url,
      })
    } catch (error) {
      if (!isAzError(error)) throw error
      this.lastFailure = error
      const prefix = error instanceof HttpNetworkError && error.code === 'ETIMEDOUT' ? 'Request timeout' : 'Network request failed'
      throw authError('network_error', correlationId, `${prefix}: ${error.message}`, error)
    }

    let body: T
    try {
      body = JSON.parse(response.body) as T
    } catch (error) {
      const why = (error as {message?: string} | undefined)?.message ?? 'unknown'
      throw authError(
        'token_parsing_error',
        correlationId,
        `Failed to parse response: ${method} ${describeTarget(new URL(url))} answered ${response.status} with a body that is not JSON (${why})`,
      )
    }

    return {body, headers: response.headers, status: response.status}
  }
}

/** A network module to put in MSAL's `system.networkClient`. Cheap: nothing loads until the first request. */
export function createMsalNetworkClient(options?: MsalNetworkClientOptions): MsalNetworkClient {
  return new MsalNetworkClient(options)
}
