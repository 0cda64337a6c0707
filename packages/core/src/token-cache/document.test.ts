import {readFileSync} from 'node:fs'

import {describe, expect, it} from '@jest/globals'

import {formatCacheDocument, parseCacheText} from './document.js'
import type {CacheDocument} from './document.js'
import {accountsIn, removedAnything, removeServicePrincipal, removeUser} from './edits.js'

/** Written by the Python az's msal 1.21 (fixtures/make-python-cache.py). */
const pythonText = readFileSync(new URL('fixtures/python-msal-cache.json', import.meta.url), 'utf8')
const USER_HOME = '00000000-0000-4000-8000-000000000001.11111111-1111-4111-8111-111111111111'
const SP = '22222222-2222-4222-8222-222222222222'

function pythonDocument(): CacheDocument {
  const parsed = parseCacheText(pythonText)
  if (!parsed.ok) throw new Error(parsed.problem)
  return parsed.document
}

describe('the cache file layout', () => {
  it('is the Python az layout byte for byte: 4-space indent, no trailing newline', () => {
    expect(formatCacheDocument(pythonDocument())).toBe(pythonText)
    expect(pythonText.endsWith('}')).toBe(true)
  })

  it('escapes non-ASCII as Python json.dumps does (ensure_ascii), surrogate pairs included', () => {
    // The expected text is what /usr/bin/python3 printed for json.dumps(same value, indent=4).
    const expected =
      '{\n    "a": "Jos\\u00e9 \\ud83d\\ude00 \\u2028",\n    "b": {},\n    "c": [],\n    "d": null,\n' +
      '    "e": {\n        "f": [\n            1,\n            "x"\n        ]\n    }\n}'
    expect(formatCacheDocument({a: 'José \u{1F600} \u2028', b: {}, c: [], d: null, e: {f: [1, 'x']}})).toBe(expected)
  })
})

describe('parseCacheText', () => {
  it('reads a cache, keeping unknown top-level keys', () => {
    const parsed = parseCacheText('{"Account": {}, "Extra": [1]}')
    expect(parsed).toEqual({document: {Account: {}, Extra: [1]}, ok: true})
  })

  it.each(['', '  \n', '{}', '\uFEFF{}'])('takes %j for an empty cache', (text) => {
    expect(parseCacheText(text)).toEqual({document: {}, ok: true})
  })

  it.each([
    ['{"AccessToken": {"k": {"secret": "abc', 'it is truncated (the JSON ends early)'],
    ['{"AccessToken": {"k": {"secret": "supersecret"}}} garbage', 'it is not valid JSON'],
    ['\u0000\u0000\u0000', 'it is not valid JSON'],
    ['[]', 'it is JSON but not a token cache (its top level is an array, not an object)'],
    ['"text"', 'it is JSON but not a token cache (its top level is a string, not an object)'],
    [
      '{"subscriptions": []}',
      'it is JSON but not a token cache (it has none of the sections AccessToken, Account, IdToken, RefreshToken, AppMetadata)',
    ],
    ['{"Account": []}', "its 'Account' section is an array, not an object"],
    ['{"RefreshToken": {"k": "v"}}', "its 'RefreshToken' section holds an entry that is not an object"],
  ])('reports %j as unreadable without quoting it', (text, problem) => {
    expect(parseCacheText(text)).toEqual({ok: false, problem})
    expect(problem).not.toContain('supersecret')
  })
})

describe('offline edits', () => {
  it('lists the accounts', () => {
    expect(accountsIn(pythonDocument())).toEqual([
      {
        authorityType: 'MSSTS',
        environment: 'login.microsoftonline.com',
        homeAccountId: USER_HOME,
        localAccountId: '00000000-0000-4000-8000-000000000001',
        realm: 'organizations',
        username: 'Jose@Contoso.com',
      },
    ])
  })

  it('removes a user by username, case-insensitively, with every token of the account', () => {
    const document = pythonDocument()
    // A token of the same user for another client must go too; another user's must stay.
    document.AccessToken!.other = {client_id: 'another-client', credential_type: 'AccessToken', home_account_id: USER_HOME.toUpperCase()}
    document.AccessToken!.someoneElse = {client_id: 'c', credential_type: 'AccessToken', home_account_id: 'x.y'}
    const removal = removeUser(document, 'JOSE@contoso.COM')
    expect(removal).toEqual({accessTokens: 2, accounts: 1, appMetadata: 0, idTokens: 1, refreshTokens: 1})
    expect(Object.keys(document.Account!)).toEqual([])
    expect(Object.keys(document.AccessToken!)).toEqual([expect.stringContaining(SP), 'someoneElse'])
    expect(Object.keys(document.AppMetadata!)).toHaveLength(2)
  })

  it('removes nothing for an unknown user', () => {
    const document = pythonDocument()
    expect(removedAnything(removeUser(document, 'nobody@contoso.com'))).toBe(false)
    expect(formatCacheDocument(document)).toBe(pythonText)
  })

  it("removes a service principal's app-only tokens and app metadata, not user tokens of the same client id", () => {
    const document = pythonDocument()
    document.AccessToken!.userOfSameClient = {client_id: SP, credential_type: 'AccessToken', home_account_id: 'x.y'}
    const removal = removeServicePrincipal(document, SP.toUpperCase())
    expect(removal).toEqual({accessTokens: 1, accounts: 0, appMetadata: 1, idTokens: 0, refreshTokens: 0})
    expect(Object.keys(document.AccessToken!)).toEqual([expect.stringContaining(USER_HOME), 'userOfSameClient'])
    expect(Object.keys(document.AppMetadata!)).toEqual([expect.stringContaining('04b07795')])
  })

  it('treats an empty home_account_id (MSAL Node) like null (MSAL Python) for app-only tokens', () => {
    const document: CacheDocument = {AccessToken: {k: {client_id: SP, credential_type: 'AccessToken', home_account_id: ''}}}
    expect(removeServicePrincipal(document, SP).accessTokens).toBe(1)
  })
})
