import {describe, expect, it} from '@jest/globals'

import {CommandError} from '../errors/index.js'
import {aadstsCode, toCommandError} from './msal-errors.js'

const mfa = {errorCode: 'invalid_grant', errorMessage: "AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.\r\nTrace ID: t"}

describe('toCommandError', () => {
  it("passes Entra ID's description through with az's re-login advice for MFA", () => {
    const error = toCommandError(mfa, undefined, {scope: 'https://management.core.windows.net//.default', tenant: 'contoso'})
    expect(error.message).toBe(mfa.errorMessage)
    expect(error.exitCode).toBe(1)
    expect(error.recommendations).toEqual([
      'Run the command below to authenticate interactively; additional arguments may be added as needed:',
      'az logout',
      'az login --tenant "contoso" --scope "https://management.core.windows.net//.default"',
    ])
  })

  it('gives no re-login advice for a wrong password', () => {
    const error = toCommandError({errorCode: 'invalid_grant', errorMessage: 'AADSTS50126: Error validating credentials due to invalid username or password.'}, undefined)
    expect(error.recommendations).toEqual([])
    expect(aadstsCode(error.cause)).toBe(50_126)
  })

  it('explains a bad client secret as az does', () => {
    const error = toCommandError({errorCode: 'invalid_client', errorMessage: 'AADSTS7000215: Invalid client secret provided.'}, undefined)
    expect(error.recommendations[0]).toMatch(/^The error may be caused by passing a service principal certificate with --password/)
  })

  it('keeps an azx error as it is', () => {
    const original = new CommandError('x')
    expect(toCommandError(original, undefined)).toBe(original)
  })
})
