import {describe, expect, it} from '@jest/globals'

import {CommandError} from '../errors/index.js'
import {aadstsCode, toCommandError} from './msal-errors.js'

const mfa = {
  errorCode: 'invalid_grant',
  errorMessage: 'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.\r\nTrace ID: t',
}

describe('toCommandError', () => {
  it("passes Entra ID's description through with az's re-login advice for MFA", () => {
    const error = toCommandError(mfa, undefined, {scopes: ['https://management.core.windows.net//.default'], tenant: 'contoso'})
    expect(error.message).toBe(mfa.errorMessage)
    expect(error.exitCode).toBe(1)
    expect(error.recommendations).toEqual([
      'Run the command below to authenticate interactively; additional arguments may be added as needed:',
      'az logout',
      'az login --tenant "contoso" --scope "https://management.core.windows.net//.default"',
    ])
  })

  it.each([50_005, 50_072, 50_074, 50_076, 50_079, 50_097, 50_158, 53_000, 53_001, 53_003])(
    'advises signing in interactively to the tenant for AADSTS%d (MFA, Conditional Access)',
    (code) => {
      const error = toCommandError({errorCode: 'invalid_grant', errorMessage: `AADSTS${code}: Policy says no.`}, undefined, {tenant: 'contoso'})
      expect(error.recommendations).toEqual([
        'Run the command below to authenticate interactively; additional arguments may be added as needed:',
        'az logout',
        'az login --tenant "contoso"',
      ])
    },
  )

  it("quotes every scope on its own and base64-encodes the claims of a challenge, as today's az does", () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}'
    const error = toCommandError(
      {errorCode: 'invalid_grant', errorMessage: 'AADSTS50173: The provided grant has expired due to it being revoked.'},
      undefined,
      {
        claims,
        scopes: ['https://management.core.windows.net//.default', 'offline_access'],
        tenant: '21987a97-4e85-47c5-9a13-9dc3e11b2a9a',
      },
    )
    expect(error.recommendations.at(-1)).toBe(
      'az login --tenant "21987a97-4e85-47c5-9a13-9dc3e11b2a9a" --scope "https://management.core.windows.net//.default" ' +
        '"offline_access" --claims-challenge "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19"',
    )
  })

  it('gives the claims advice for any refusal of a request that carried claims, even one that is not about MFA', () => {
    const error = toCommandError({errorCode: 'invalid_grant', errorMessage: 'AADSTS70000: The grant is not valid.'}, undefined, {
      claims: '{"access_token":{}}',
      tenant: 't',
    })
    expect(error.recommendations.at(-1)).toBe('az login --tenant "t" --claims-challenge "eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="')
  })

  it.each([50_005, 50_097, 53_000, 53_001, 53_003])('after a device code sign-in, AADSTS%d says to use a browser instead', (code) => {
    const error = toCommandError({errorCode: 'invalid_grant', errorMessage: `AADSTS${code}: Blocked.`}, undefined, {
      deviceCode: true,
      tenant: 'contoso',
    })
    expect(error.recommendations[0]).toMatch(
      /^The tenant's Conditional Access policies do not accept a sign-in with a device code\. Sign in with a web browser on this machine instead/,
    )
    expect(error.recommendations.slice(1)).toEqual([
      'Run the command below to authenticate interactively; additional arguments may be added as needed:',
      'az logout',
      'az login --tenant "contoso"',
    ])
  })

  it('gives no re-login advice for a wrong password', () => {
    const error = toCommandError(
      {errorCode: 'invalid_grant', errorMessage: 'AADSTS50126: Error validating credentials due to invalid username or password.'},
      undefined,
    )
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
