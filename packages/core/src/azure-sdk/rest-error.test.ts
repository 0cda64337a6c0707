import {describe, expect, it} from '@jest/globals'

import {ExitCode, isAzError} from '../errors/index.js'
import {fromRestError} from './rest-error.js'

/** What core-rest-pipeline throws: an Error named RestError, with ARM's code and message. */
function restError(message: string, statusCode: number | undefined, code?: string): Error {
  const error = Object.assign(new Error(message), {code, statusCode})
  error.name = 'RestError'
  return error
}

describe('fromRestError', () => {
  it("turns ARM's 404 into az's ResourceNotFoundError text, exit 3", () => {
    const error = fromRestError(restError("Resource group 'rg-x' could not be found.", 404, 'ResourceGroupNotFound'))
    expect(isAzError(error)).toBe(true)
    expect(error?.exitCode).toBe(ExitCode.NotFound)
    expect(error?.message).toBe(
      "(ResourceGroupNotFound) Resource group 'rg-x' could not be found.\n" +
        "Code: ResourceGroupNotFound\nMessage: Resource group 'rg-x' could not be found.",
    )
  })

  it('makes every other status a command error (exit 1)', () => {
    const error = fromRestError(restError('The client does not have authorization.', 403, 'AuthorizationFailed'))
    expect(error?.exitCode).toBe(ExitCode.CommandError)
    expect(error?.message).toMatch(/^\(AuthorizationFailed\) The client does not have authorization\.\nCode: AuthorizationFailed\n/)
  })

  it('keeps the message alone when there was no response (network errors)', () => {
    const error = fromRestError(restError('connect ECONNREFUSED 127.0.0.1:9', undefined, 'ECONNREFUSED'))
    expect(error?.exitCode).toBe(ExitCode.CommandError)
    expect(error?.message).toBe('connect ECONNREFUSED 127.0.0.1:9')
  })

  it("turns a 401 claims challenge the SDK could not satisfy into az's advice to sign in with --claims-challenge", () => {
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}'
    const token = ['e30', Buffer.from(JSON.stringify({aud: 'https://management.core.windows.net/', tid: 't1'})).toString('base64url'), 's'].join('.')
    const headers = (values: Record<string, string>) => ({get: (name: string) => values[name.toLowerCase()]})
    const error = Object.assign(restError('Continuous access evaluation resulted in challenge.', 401, 'InvalidAuthenticationToken'), {
      request: {headers: headers({authorization: `Bearer ${token}`})},
      response: {headers: headers({'www-authenticate': `Bearer error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`})},
    })
    const azError = fromRestError(error)
    expect(azError?.exitCode).toBe(ExitCode.CommandError)
    expect(azError?.message).toMatch(/^\(InvalidAuthenticationToken\) Continuous access evaluation resulted in challenge\./)
    expect(azError?.recommendations).toEqual([
      'Run the command below to authenticate interactively; additional arguments may be added as needed:',
      'az logout',
      `az login --tenant "t1" --scope "https://management.core.windows.net//.default" --claims-challenge "${Buffer.from(claims).toString('base64')}"`,
    ])
  })

  it('ignores anything that is not a RestError', () => {
    expect(fromRestError(new Error('boom'))).toBeUndefined()
    expect(fromRestError('RestError')).toBeUndefined()
    expect(fromRestError({name: 'RestError', message: 'not an Error'})).toBeUndefined()
  })
})
