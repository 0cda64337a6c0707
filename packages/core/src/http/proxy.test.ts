import {describe, expect, it} from '@jest/globals'

import {isAzError} from '../errors/index.js'
import {bypassesProxy, parseProxyUrl, proxyFor} from './proxy.js'

function bypass(url: string, noProxy: string | undefined): boolean {
  return bypassesProxy(new URL(url), noProxy)
}

describe('NO_PROXY matching, as Python requests does it', () => {
  it.each([
    ['https://example.com/', 'example.com', true],
    ['https://login.example.com/', 'example.com', true],
    ['https://badexample.com/', 'example.com', false],
    ['https://example.com/', '.example.com', true],
    ['https://a.b.example.com/', '.example.com', true],
    ['https://EXAMPLE.com/', 'Example.COM', true],
    ['https://other.com/', 'example.com, other.com', true],
    ['https://other.com/', ' example.com ,,other.com ', true],
    ['https://management.azure.com/', 'localhost,127.0.0.1', false],
  ])('%s with NO_PROXY=%j bypasses: %s', (url, noProxy, expected) => {
    expect(bypass(url, noProxy)).toBe(expected)
  })

  it('matches host:port entries only on that port', () => {
    expect(bypass('https://localhost:8443/', 'localhost:8443')).toBe(true)
    expect(bypass('https://localhost:9443/', 'localhost:8443')).toBe(false)
    expect(bypass('https://localhost/', 'localhost:8443')).toBe(false)
    expect(bypass('https://localhost:9443/', 'localhost')).toBe(true)
  })

  it('treats a lone * as every host, and * inside a list as nothing special', () => {
    expect(bypass('https://anything.example/', '*')).toBe(true)
    expect(bypass('https://anything.example/', ' * ')).toBe(true)
    expect(bypass('https://anything.example/', 'localhost,*')).toBe(false)
  })

  it('matches IPv4 addresses exactly or by CIDR block', () => {
    expect(bypass('http://10.1.2.3/', '10.1.2.3')).toBe(true)
    expect(bypass('http://10.1.2.3/', '10.1.2.4')).toBe(false)
    expect(bypass('http://10.1.2.3/', '10.0.0.0/8')).toBe(true)
    expect(bypass('http://11.1.2.3/', '10.0.0.0/8')).toBe(false)
    expect(bypass('http://192.168.1.77:8080/', '192.168.1.0/24')).toBe(true)
    expect(bypass('http://10.1.2.3/', '10.0.0.0/0')).toBe(false)
  })

  it('matches IPv6 literals without their brackets', () => {
    expect(bypass('https://[::1]:8443/', '::1')).toBe(true)
  })

  it('bypasses nothing without NO_PROXY', () => {
    expect(bypass('https://localhost/', undefined)).toBe(false)
    expect(bypass('https://localhost/', '')).toBe(false)
  })
})

describe('choosing the proxy variable', () => {
  const target = new URL('https://login.microsoftonline.com/organizations')

  it('uses HTTPS_PROXY for https and HTTP_PROXY for http', () => {
    const env = {HTTP_PROXY: 'http://plain:3128', HTTPS_PROXY: 'http://secure:3128'}
    expect(proxyFor(target, env)?.url.host).toBe('secure:3128')
    expect(proxyFor(new URL('http://example.com/'), env)?.url.host).toBe('plain:3128')
    expect(proxyFor(target, {HTTP_PROXY: 'http://plain:3128'})).toBeUndefined()
  })

  it('prefers the lower-case name, and an empty lower-case value turns the proxy off', () => {
    expect(proxyFor(target, {HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2'})?.url.host).toBe('lower:2')
    expect(proxyFor(target, {HTTPS_PROXY: 'http://upper:1', https_proxy: ''})).toBeUndefined()
    expect(proxyFor(target, {HTTPS_PROXY: 'http://upper:1'})?.variable).toBe('HTTPS_PROXY')
  })

  it('falls back to ALL_PROXY', () => {
    expect(proxyFor(target, {ALL_PROXY: 'http://all:8080'})?.variable).toBe('ALL_PROXY')
  })

  it('honours NO_PROXY (no_proxy first)', () => {
    expect(proxyFor(target, {HTTPS_PROXY: 'http://p:1', NO_PROXY: '.microsoftonline.com'})).toBeUndefined()
    expect(proxyFor(target, {HTTPS_PROXY: 'http://p:1', NO_PROXY: '.microsoftonline.com', no_proxy: 'other.com'})).toBeDefined()
  })
})

describe('parsing the proxy URL', () => {
  it('reads a bare host:port as an http proxy', () => {
    expect(parseProxyUrl('proxy.corp:3128', 'HTTPS_PROXY').url.href).toBe('http://proxy.corp:3128/')
  })

  it('turns user:password into a Basic header and keeps them out of the URL', () => {
    const proxy = parseProxyUrl('http://me%40corp:p%3Ass@proxy:3128', 'HTTPS_PROXY')
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('me@corp:p:ss').toString('base64')}`)
    expect(proxy.url.href).toBe('http://proxy:3128/')
  })

  it('refuses SOCKS proxies with a message naming the variable', () => {
    let caught: unknown
    try {
      parseProxyUrl('socks5://proxy:1080', 'ALL_PROXY')
    } catch (error) {
      caught = error
    }

    expect(isAzError(caught) && caught.message).toBe("The proxy in ALL_PROXY uses 'socks5', which is not supported.")
  })
})
