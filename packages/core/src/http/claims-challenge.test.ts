import {describe, expect, it} from '@jest/globals'

import {claimsFromBase64, claimsOfChallenge} from './claims-challenge.js'

const CLAIMS = '{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}'
const BASE64 = Buffer.from(CLAIMS).toString('base64')

describe('claimsOfChallenge', () => {
  it("reads ARM's challenge: the claims of a Bearer challenge with error=insufficient_claims, decoded", () => {
    const authorize = 'https://login.microsoftonline.com/common/oauth2/authorize'
    const header = `Bearer authorization_uri="${authorize}", error="insufficient_claims", claims="${BASE64}"`
    expect(claimsOfChallenge(header)).toBe(CLAIMS)
  })

  it('finds the Bearer challenge among others, whatever the order and spacing of its parameters', () => {
    expect(claimsOfChallenge(`PoP nonce="abc", Bearer claims="${BASE64}",error="insufficient_claims"`)).toBe(CLAIMS)
    expect(claimsOfChallenge(`bearer realm="", error=insufficient_claims, claims="${BASE64}"`)).toBe(CLAIMS)
  })

  it('takes URL-safe and unpadded base64', () => {
    const urlSafe = Buffer.from('{"access_token":{"nbf":{"essential":true,"value":"1700000000"}},"x":"??>"}').toString('base64url')
    expect(claimsOfChallenge(`Bearer error="insufficient_claims", claims="${urlSafe}"`)).toContain('"nbf"')
  })

  it.each([
    ['no header', undefined],
    ['another error', `Bearer error="invalid_token", claims="${BASE64}"`],
    ['no claims', 'Bearer error="insufficient_claims"'],
    ['claims that are not base64', 'Bearer error="insufficient_claims", claims="not base64!"'],
    ['claims that are not JSON', `Bearer error="insufficient_claims", claims="${Buffer.from('hello').toString('base64')}"`],
    ['claims that are a JSON list', `Bearer error="insufficient_claims", claims="${Buffer.from('[1]').toString('base64')}"`],
    ['another scheme', `PoP error="insufficient_claims", claims="${BASE64}"`],
  ])('is undefined for %s', (_, header) => {
    expect(claimsOfChallenge(header)).toBeUndefined()
  })
})

describe('claimsFromBase64', () => {
  it('decodes what az prints after --claims-challenge', () => {
    expect(claimsFromBase64('eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19')).toBe(CLAIMS)
  })

  it.each(['', '   ', 'e30=x', '{"access_token":{}}', Buffer.from('null').toString('base64')])('refuses %j', (value) => {
    expect(claimsFromBase64(value)).toBeUndefined()
  })
})
