/**
 * Which proxy a request goes through, decided from the environment as az's Python `requests` does:
 * `https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy`/`HTTP_PROXY` for http URLs,
 * `all_proxy`/`ALL_PROXY` for both, and `no_proxy`/`NO_PROXY` for the hosts that go direct.
 * Lower-case names win over upper-case ones, as in curl, wget and urllib.
 */
import {CommandError} from '../errors/index.js'

/** A proxy to send a request through. Its URL never carries the credentials. */
export interface ProxyConfig {
  /** `http:` or `https:`, host and port of the proxy; no user name or password. */
  readonly url: URL
  /** `Basic …` from the user name and password in the proxy URL, when it has them. */
  readonly authorization?: string
  /** The variable the proxy came from, such as `HTTPS_PROXY`, for messages. */
  readonly variable: string
}

/**
 * The value of a proxy variable: the lower-case name when it is set (an empty value there means
 * "no proxy", as in urllib), otherwise the upper-case name.
 */
function proxyVariable(env: NodeJS.ProcessEnv, lowerName: string): {name: string; value: string} | undefined {
  const lower = env[lowerName]
  if (lower !== undefined) return lower ? {name: lowerName, value: lower} : undefined
  const upperName = lowerName.toUpperCase()
  const upper = env[upperName]
  return upper ? {name: upperName, value: upper} : undefined
}

/** `no_proxy`, else `NO_PROXY`, as `requests` reads them. */
function noProxyValue(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.no_proxy || env.NO_PROXY || undefined
}

/**
 * The proxy for `target`, or undefined to connect directly.
 * Reads `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (and their lower-case forms).
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): ProxyConfig | undefined {
  const scheme = target.protocol.slice(0, -1)
  const setting = proxyVariable(env, `${scheme}_proxy`) ?? proxyVariable(env, 'all_proxy')
  if (!setting) return undefined
  if (bypassesProxy(target, noProxyValue(env))) return undefined
  return parseProxyUrl(setting.value, setting.name)
}

/** Parses a proxy URL; a bare `host:port` means an http proxy, as in `requests`. */
export function parseProxyUrl(value: string, variable: string): ProxyConfig {
  const withScheme = /^[a-z][\d+.a-z-]*:\/\//i.test(value) ? value : `http://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new CommandError(`The proxy URL in ${variable} is not a valid URL.`, {
      recommendations: [`Set ${variable} to a URL such as http://proxy.example.com:3128`],
    })
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CommandError(`The proxy in ${variable} uses '${url.protocol.slice(0, -1)}', which is not supported.`, {
      recommendations: [`Set ${variable} to an http:// or https:// proxy URL.`],
    })
  }

  let authorization: string | undefined
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    authorization = `Basic ${Buffer.from(credentials).toString('base64')}`
    url.username = ''
    url.password = ''
  }

  return {authorization, url, variable}
}

/**
 * True when `target` must not go through a proxy, by the rules of Python `requests` (2.32) plus
 * urllib's `proxy_bypass_environment`, which `requests` also consults:
 *
 * - `*` on its own bypasses every host;
 * - for an IPv4 host, an entry matches when it is the same address or a CIDR block holding it;
 * - otherwise an entry (leading dots ignored) matches the host itself or any subdomain of it, with
 *   or without the port, so `localhost:8443` matches only that port and `.example.com` matches
 *   both `example.com` and `a.example.com`.
 *
 * Only a port written in the URL counts, as in `requests`; WHATWG URLs drop default ports, so
 * `https://host:443/` is treated as `https://host/`.
 */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false
  if (noProxy.trim() === '*') return true
  const hostname = target.hostname.replace(/^\[(.*)]$/, '$1').toLowerCase()
  const hostWithPort = target.port ? `${hostname}:${target.port}` : hostname
  const entries = noProxy.replaceAll(/\s/g, '').toLowerCase().split(',').filter(Boolean)

  for (const entry of entries) {
    if (isIpv4(hostname)) {
      if (entry.includes('/') ? inCidr(hostname, entry) : hostname === entry) return true
    }

    const domain = entry.replace(/^\.+/, '')
    if (!domain) continue
    if (hostname === domain || hostWithPort === domain) return true
    if (hostname.endsWith(`.${domain}`) || hostWithPort.endsWith(`.${domain}`)) return true
  }

  return false
}

function isIpv4(host: string): boolean {
  return ipv4ToNumber(host) !== undefined
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined
    value = value * 256 + Number(part)
  }

  return value
}

/** `requests` accepts a CIDR block only with a mask of 1 to 32 bits. */
function inCidr(address: string, block: string): boolean {
  const [network, bitsText] = block.split('/')
  const bits = Number(bitsText)
  const base = ipv4ToNumber(network ?? '')
  const host = ipv4ToNumber(address)
  if (base === undefined || host === undefined || !/^\d+$/.test(bitsText ?? '') || bits < 1 || bits > 32) return false
  const size = 2 ** (32 - bits)
  return Math.floor(host / size) === Math.floor(base / size)
}
