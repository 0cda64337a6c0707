import {afterEach, describe, expect, it} from '@jest/globals'

import {configureLogging} from '../logger/index.js'
import {headerLines, logRequest, logResponse, maskBody, maskUrl} from './debug-log.js'

afterEach(() => {
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false})
})

function capture(debug: boolean): string[] {
  const lines: string[] = []
  configureLogging({color: false, debug, onlyErrors: false, verbose: false, write: (text) => lines.push(text)})
  return lines
}

const TOKEN_FORM =
  'client_id=04b07795&grant_type=refresh_token&refresh_token=0.AAAArt-secret&client_secret=s3cr%2Bt' +
  '&client_assertion=eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln' +
  '&code=auth-code-1&code_verifier=verifier-2&device_code=device-3&password=hunter2&scope=openid'

describe('masking', () => {
  it('masks every secret field of a token request form', () => {
    const masked = maskBody(TOKEN_FORM, 'application/x-www-form-urlencoded;charset=utf-8')
    expect(masked).toBe(
      'client_id=04b07795&grant_type=refresh_token&refresh_token=***&client_secret=***&client_assertion=***' +
        '&code=***&code_verifier=***&device_code=***&password=***&scope=openid',
    )
  })

  it('masks the tokens of a JSON token response and keeps ARM error codes', () => {
    const response = JSON.stringify({access_token: 'at-1', expires_in: 3599, id_token: 'idt-2', refresh_token: 'rt-3', token_type: 'Bearer'})
    expect(maskBody(response, 'application/json')).toBe(
      '{"access_token":"***","expires_in":3599,"id_token":"***","refresh_token":"***","token_type":"Bearer"}',
    )
    expect(maskBody('{"error":{"code":"ResourceNotFound","message":"gone"}}')).toBe('{"error":{"code":"ResourceNotFound","message":"gone"}}')
  })

  it('masks secret query parameters and credential headers', () => {
    expect(maskUrl(new URL('https://localhost:8400/?code=abc&state=xyz'))).toBe('https://localhost:8400/?code=***&state=xyz')
    expect(headerLines({Authorization: 'Bearer at-1', 'Proxy-Authorization': 'Basic dTpw', accept: 'application/json'})).toEqual([
      "    'Authorization': '*****'",
      "    'Proxy-Authorization': '*****'",
      "    'accept': 'application/json'",
    ])
    // The managed identity secrets of App Service and Service Fabric.
    expect(headerLines({'X-IDENTITY-HEADER': 'f00d', secret: 'beef', Metadata: 'true'})).toEqual([
      "    'X-IDENTITY-HEADER': '*****'",
      "    'secret': '*****'",
      "    'Metadata': 'true'",
    ])
  })

  it('cuts long bodies', () => {
    expect(maskBody('x'.repeat(40_000))).toMatch(/… \(7232 more characters\)$/)
  })
})

describe('logging', () => {
  const request = {
    attempt: 1,
    body: TOKEN_FORM,
    headers: {authorization: 'Bearer at-1', 'content-type': 'application/x-www-form-urlencoded'},
    method: 'POST',
    url: new URL('https://login.microsoftonline.com/organizations/oauth2/v2.0/token'),
  }

  it('prints the request and response in az shape, with no secret', () => {
    const lines = capture(true)
    logRequest(request)
    logResponse(200, {'content-type': 'application/json'}, '{"access_token":"at-9","refresh_token":"rt-9"}', 123.4)
    const text = lines.join('')
    expect(text).toContain("DEBUG: cli.azx.http: Request URL: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token'\n")
    expect(text).toContain("DEBUG: cli.azx.http: Request method: 'POST'\n")
    expect(text).toContain("DEBUG: cli.azx.http:     'authorization': '*****'\n")
    expect(text).toContain('refresh_token=***&client_secret=***')
    expect(text).toContain('DEBUG: cli.azx.http: Response status: 200 (123 ms)\n')
    expect(text).toContain('{"access_token":"***","refresh_token":"***"}')
    for (const secret of ['at-1', '0.AAAArt-secret', 's3cr', 'eyJhbGci', 'auth-code-1', 'verifier-2', 'device-3', 'hunter2', 'at-9', 'rt-9']) {
      expect(text).not.toContain(secret)
    }
  })

  it('prints nothing without --debug', () => {
    const lines = capture(false)
    logRequest(request)
    logResponse(200, {}, '{}', 1)
    expect(lines).toEqual([])
  })
})
