/**
 * The error a request throws when it got no HTTP response: refused, reset, timed out, TLS or
 * proxy failures. Its message names the method, the URL without its query (queries can carry
 * codes or signatures) and the error code; it never holds headers, tokens or bodies.
 */
import {CommandError} from '../errors/index.js'
import type {ProxyConfig} from './proxy.js'

/** Error codes of certificates that no trusted CA vouches for. */
const UNTRUSTED = new Set([
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
])

const REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was closed before a complete response arrived',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ENOTFOUND: 'the host name could not be resolved',
  EPIPE: 'the connection was closed while the request was sent',
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is not valid for this host name",
  ETIMEDOUT: 'no response in time',
}

export interface NetworkFailure {
  /** `ECONNREFUSED`, `ETIMEDOUT`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `ERR_PROXY_TUNNEL`… */
  readonly code: string
  /** The proxy's status when it refused the tunnel. */
  readonly proxyStatus?: number
  /** The time limit that expired, for ETIMEDOUT. */
  readonly timeoutMs?: number
  /** True when ETIMEDOUT came while connecting, before anything was sent. */
  readonly connecting?: boolean
  /** True when the request went out on a kept-alive socket (a stale one can be reset by the server). */
  readonly reusedSocket?: boolean
  /** Node's own message, shown for codes this module has no words for. */
  readonly detail?: string
}

interface HttpNetworkErrorDetails extends NetworkFailure {
  readonly method: string
  readonly url: URL
  readonly proxy?: ProxyConfig
  readonly attempts: number
  readonly cause?: unknown
}

/** A request got no HTTP response (exit code 1). */
export class HttpNetworkError extends CommandError {
  readonly code: string
  readonly method: string
  /** Scheme, host and path; no query. */
  readonly target: string

  constructor(details: HttpNetworkErrorDetails) {
    super(networkMessage(details), {cause: details.cause, recommendations: networkAdvice(details)})
    this.code = details.code
    this.method = details.method
    this.target = describeTarget(details.url)
  }
}

/** `https://host/path`, the query left out. */
export function describeTarget(url: URL): string {
  return `${url.origin}${url.pathname}`
}

function networkMessage(details: HttpNetworkErrorDetails): string {
  const via = details.proxy ? ` through the proxy ${details.proxy.url.origin} (${details.proxy.variable})` : ''
  const tries = details.attempts > 1 ? ` after ${details.attempts} attempts` : ''
  return `${details.method} ${describeTarget(details.url)}${via} failed${tries}: ${reason(details)} (${details.code}).`
}

function reason(failure: NetworkFailure): string {
  if (failure.code === 'ERR_PROXY_TUNNEL') {
    return failure.proxyStatus === 407
      ? 'the proxy asks for credentials (status 407)'
      : `the proxy refused to open a tunnel (status ${failure.proxyStatus ?? 'unknown'})`
  }

  if (failure.code === 'ETIMEDOUT' && failure.timeoutMs !== undefined) {
    return failure.connecting ? `no connection within ${failure.timeoutMs / 1000} s` : `no response within ${failure.timeoutMs / 1000} s`
  }

  if (UNTRUSTED.has(failure.code)) return "the server's certificate is not trusted"
  return REASONS[failure.code] ?? failure.detail ?? 'a network error'
}

function networkAdvice(details: HttpNetworkErrorDetails): string[] {
  if (UNTRUSTED.has(details.code)) {
    return ['If a proxy or firewall on your network inspects TLS traffic, set REQUESTS_CA_BUNDLE to a PEM file that includes its CA certificate.']
  }

  if (details.code === 'ERR_PROXY_TUNNEL' && details.proxyStatus === 407) {
    return [`Put the proxy user name and password in ${details.proxy?.variable ?? 'HTTPS_PROXY'}: http://user:password@proxy:port`]
  }

  return details.proxy
    ? [`Check your network connection and the proxy in ${details.proxy.variable}; NO_PROXY lists the hosts that bypass it.`]
    : ['Check your network connection. Behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts that bypass it).']
}
