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
      "(ResourceGroupNotFound) Resource group 'rg-x' could not be found.\nCode: ResourceGroupNotFound\nMessage: Resource group 'rg-x' could not be found.",
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

  it('ignores anything that is not a RestError', () => {
    expect(fromRestError(new Error('boom'))).toBeUndefined()
    expect(fromRestError('RestError')).toBeUndefined()
    expect(fromRestError({name: 'RestError', message: 'not an Error'})).toBeUndefined()
  })
})
