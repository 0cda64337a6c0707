import {readFileSync} from 'node:fs'

import {describe, expect, it} from '@jest/globals'

import type {CacheDocument} from './document.js'
import {forMsalNode, forSharedFile} from './interop.js'

const PYTHON_CACHE = JSON.parse(readFileSync(new URL('fixtures/python-msal-cache.json', import.meta.url), 'utf8')) as CacheDocument
const HOME = '00000000-0000-4000-8000-000000000001.11111111-1111-4111-8111-111111111111'
const TENANT = '11111111-1111-4111-8111-111111111111'
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const SP = '22222222-2222-4222-8222-222222222222'
const ENV = 'login.microsoftonline.com'
const ARM = 'https://management.core.windows.net//.default'
const NOW = 1_800_000_000

/** What MSAL Node's serialize() gives for one refresh of the Python az's user, plus an app-only token. */
function nodeOutput(previous: CacheDocument): CacheDocument {
  const written = structuredClone(forMsalNode(previous))
  written.AccessToken![`${HOME}-${ENV}-accesstoken-${CLIENT}-${TENANT}-${ARM}-`] = {
    cached_at: String(NOW),
    client_id: CLIENT,
    credential_type: 'AccessToken',
    environment: ENV,
    expires_on: String(NOW + 3600),
    extended_expires_on: String(NOW + 3600),
    home_account_id: HOME,
    realm: TENANT,
    secret: 'new-access-token',
    target: ARM,
    token_type: 'Bearer',
  }
  written.RefreshToken![`${HOME}-${ENV}-refreshtoken-1--`] = {
    client_id: CLIENT,
    credential_type: 'RefreshToken',
    environment: ENV,
    family_id: '1',
    home_account_id: HOME,
    secret: 'new-refresh-token',
  }
  written.IdToken![`${HOME}-${ENV}-idtoken-${CLIENT}-${TENANT}--`] = {
    client_id: CLIENT,
    credential_type: 'IdToken',
    environment: ENV,
    home_account_id: HOME,
    realm: TENANT,
    secret: 'new-id-token',
  }
  written.Account![`${HOME}-${ENV}-${TENANT}`] = {
    authority_type: 'MSSTS',
    environment: ENV,
    home_account_id: HOME,
    local_account_id: '00000000-0000-4000-8000-000000000001',
    realm: TENANT,
    username: 'Jose@Contoso.com',
  }
  return written
}

describe('forSharedFile', () => {
  const previous = PYTHON_CACHE
  const stored = forSharedFile(nodeOutput(previous), previous, NOW)

  it("stores MSAL Node's entries under the keys MSAL Python computes, so it can refresh and remove them", () => {
    expect(Object.keys(stored.AccessToken!)).toContain(`${HOME}-${ENV}-accesstoken-${CLIENT}-${TENANT}-${ARM}`)
    expect(Object.keys(stored.IdToken!)).toContain(`${HOME}-${ENV}-idtoken-${CLIENT}-${TENANT}-`)
    expect(Object.keys(stored.RefreshToken!)).toContain(`${HOME}-${ENV}-refreshtoken-${CLIENT}--`)
    expect(JSON.stringify(stored)).not.toMatch(/refreshtoken-1--|\/\.default-"|-idtoken-[^"]*--"/)
  })

  it('stamps the new refresh token and puts it first, keeping the older one', () => {
    const [[, newest], [, older]] = Object.entries(stored.RefreshToken!)
    expect(newest).toMatchObject({last_modification_time: String(NOW), secret: 'new-refresh-token'})
    expect(older).toEqual(Object.values(previous.RefreshToken!)[0])
  })

  it('writes app-only tokens with a null home_account_id, and hands MSAL Node an empty one', () => {
    const appOnly = Object.values(stored.AccessToken!).filter((entry) => entry.client_id === SP)
    expect(appOnly.map((entry) => entry.home_account_id)).toEqual([null])
    const forNode = forMsalNode(stored)
    expect(Object.values(forNode.AccessToken!).find((entry) => entry.client_id === SP)?.home_account_id).toBe('')
    expect(Object.values(stored.AccessToken!).find((entry) => entry.client_id === SP)?.home_account_id).toBeNull()
  })

  it("keeps the Python az's unchanged entries as they were, fields MSAL Node drops included", () => {
    for (const section of ['AccessToken', 'IdToken', 'AppMetadata'] as const) {
      for (const [key, entry] of Object.entries(previous[section]!)) expect(stored[section]![key]).toEqual(entry)
    }
  })

  it('keeps one account per person, the home tenant one', () => {
    expect(Object.keys(stored.Account!)).toEqual([`${HOME}-${ENV}-${TENANT}`])
  })

  it('keeps the sections in the order of the file', () => {
    expect(Object.keys(stored)).toEqual(Object.keys(previous))
  })

  it('returns the file as it was when MSAL Node changed nothing', () => {
    expect(forSharedFile(structuredClone(forMsalNode(previous)), previous, NOW)).toBe(previous)
  })

  it('keeps the keys of entries that are not MSAL entries', () => {
    const written = {AccessToken: {'w1-1': {credential_type: 'AccessToken', secret: 'x'}, 'w2-1': {credential_type: 'AccessToken', secret: 'y'}}}
    expect(Object.keys(forSharedFile(written, undefined, NOW).AccessToken!)).toEqual(['w1-1', 'w2-1'])
  })
})
