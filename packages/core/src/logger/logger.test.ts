import {describe, expect, it} from '@jest/globals'

import {Logger} from './index.js'
import type {LoggingOptions} from './index.js'
import {isSecretFlag, redact} from './redact.js'

function capture(options: Partial<LoggingOptions>): {lines: string[]; logger: Logger} {
  const lines: string[] = []
  const logger = new Logger({color: false, debug: false, onlyErrors: false, verbose: false, write: (text) => lines.push(text), ...options})
  return {lines, logger}
}

describe('Logger', () => {
  it('prefixes levels as knack does when colour is off', () => {
    const {lines, logger} = capture({verbose: true})
    logger.warning('careful')
    logger.error('failed', ['az login'])
    logger.info('ran')
    expect(lines).toEqual(['WARNING: careful\n', 'ERROR: failed\n', 'az login\n', 'INFO: ran\n'])
  })

  it('drops the level names and colours the message when colour is on', () => {
    const {lines, logger} = capture({color: true})
    logger.warning('careful')
    logger.error('failed')
    expect(lines).toEqual(['\u001B[93mcareful\u001B[0m\n', '\u001B[91mfailed\u001B[0m\n'])
  })

  it('hides warnings with --only-show-errors, and info and debug unless asked', () => {
    const {lines, logger} = capture({onlyErrors: true})
    logger.warning('careful')
    logger.styled('device code message')
    logger.info('ran')
    logger.debug('http', 'sent')
    logger.error('failed')
    expect(lines).toEqual(['ERROR: failed\n'])
  })

  it('builds debug text only when --debug is on, and masks secrets in it', () => {
    let built = 0
    const quiet = capture({})
    quiet.logger.debug('msal', () => `${++built}`)
    expect(built).toBe(0)
    const loud = capture({debug: true})
    loud.logger.debug('http', 'body: grant_type=password&username=a&password=hunter2')
    expect(loud.lines).toEqual(['DEBUG: http: body: grant_type=password&username=a&password=***\n'])
  })
})

describe('redact', () => {
  it('masks form fields, JSON token fields, bearer tokens, JWTs and private keys', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'
    expect(redact('client_secret=s3cret&client_id=app&refresh_token=rt')).toBe('client_secret=***&client_id=app&refresh_token=***')
    expect(redact('{"access_token": "at", "expires_in": 3599, "refresh_token":"rt"}')).toBe(
      '{"access_token": "***", "expires_in": 3599, "refresh_token":"***"}',
    )
    expect(redact(`Authorization: Bearer ${jwt}`)).toBe('Authorization: Bearer ***')
    expect(redact(`token ${jwt} end`)).toBe('token *** end')
    expect(redact('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----')).toBe('***')
  })

  it("keeps ARM's error code, which is not a secret", () => {
    expect(redact('{"error": {"code": "ResourceGroupNotFound"}}')).toBe('{"error": {"code": "ResourceGroupNotFound"}}')
  })

  it('keeps the quote after a masked URL parameter', () => {
    expect(redact("Request URL: 'https://h/cb?code=abc'")).toBe("Request URL: 'https://h/cb?code=***'")
  })
})

describe('isSecretFlag', () => {
  it.each(['password', 'client-secret', 'federated-token', 'client-assertion', 'account-key', 'sas_token', 'admin-password'])(
    '%s holds a secret',
    (name) => {
      expect(isSecretFlag(name)).toBe(true)
    },
  )

  it.each(['username', 'tenant', 'certificate', 'claims-challenge', 'scope', 'resource-type', 'query', 'subscription'])('%s does not', (name) => {
    expect(isSecretFlag(name)).toBe(false)
  })
})
