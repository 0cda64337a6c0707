import {describe, expect, it} from '@jest/globals'

import {formatProfile, parseProfileText} from './profile-file.js'

const ENTRY = {
  environmentName: 'AzureCloud',
  id: 'sub-1',
  isDefault: true,
  name: 'Dev',
  state: 'Enabled',
  tenantId: 'tenant-1',
  user: {name: 'bob@contoso.com', type: 'user'},
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text)

/** A file written by the older xplat CLI (`azure account import`): 4-space JSON, with a (fake) private key. */
const XPLAT_PROFILE = JSON.stringify(
  {
    environments: [],
    subscriptions: [
      {
        environmentName: 'AzureCloud',
        id: '11111111-2222-3333-4444-555555555555',
        isDefault: true,
        managementCertificate: {
          cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
          key: '-----BEGIN RSA PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END RSA PRIVATE KEY-----\n',
        },
        managementEndpointUrl: 'https://management.core.windows.net',
        name: 'Contoso Dev',
        registeredProviders: [],
      },
    ],
  },
  null,
  4,
)

describe('parseProfileText', () => {
  it('reads a file with or without the BOM, and indented JSON', () => {
    const compact = JSON.stringify({subscriptions: [ENTRY]})
    for (const text of [`\uFEFF${compact}`, compact, JSON.stringify({subscriptions: [ENTRY]}, null, 4)]) {
      expect(parseProfileText(encode(text))).toEqual({document: {subscriptions: [ENTRY]}, status: 'ok'})
    }
  })

  it("reads az's empty profile ({} with a BOM) and an empty file as no subscriptions", () => {
    expect(parseProfileText(encode('\uFEFF{}'))).toEqual({document: {subscriptions: []}, status: 'ok'})
    expect(parseProfileText(encode(''))).toEqual({document: {subscriptions: []}, status: 'ok'})
    expect(parseProfileText(encode('\uFEFF'))).toEqual({document: {subscriptions: []}, status: 'ok'})
  })

  it('keeps members it does not know, in their order', () => {
    const read = parseProfileText(encode('{"installationId": "x", "future": 1, "subscriptions": []}'))
    expect(read.status === 'ok' && Object.keys(read.document)).toEqual(['installationId', 'future', 'subscriptions'])
  })

  it('says where JSON breaks, without quoting the text', () => {
    const read = parseProfileText(encode('{"subscriptions": [\n  {"id": "SECRET'))
    expect(read).toEqual({foreign: false, hasPrivateKey: false, problem: 'it is not valid JSON (line 2, column 17)', status: 'bad'})
  })

  it('refuses text that is not UTF-8', () => {
    expect(parseProfileText(Uint8Array.from([0x7b, 0xff, 0x7d]))).toMatchObject({problem: 'it is not UTF-8 text', status: 'bad'})
  })

  it.each([
    ['[]', 'it does not hold a JSON object'],
    ['{"subscriptions": {}}', "its 'subscriptions' is not a list"],
    ['{"subscriptions": [1]}', 'subscription 1 of 1 is not a JSON object'],
    [JSON.stringify({subscriptions: [ENTRY, {...ENTRY, tenantId: undefined}]}), "subscription 2 of 2 has no 'tenantId' text"],
    [JSON.stringify({subscriptions: [{...ENTRY, user: undefined}]}), "subscription 1 of 1 has no 'user' object"],
    [JSON.stringify({subscriptions: [{...ENTRY, user: {name: 'x'}}]}), "subscription 1 of 1 has no 'user' name and type"],
    [JSON.stringify({subscriptions: [{...ENTRY, isDefault: 'yes'}]}), "subscription 1 of 1 has an 'isDefault' that is not true or false"],
  ])('reports %s as: %s', (text, problem) => {
    expect(parseProfileText(encode(text))).toEqual({foreign: false, hasPrivateKey: false, problem, status: 'bad'})
  })

  it('recognises a file of the xplat CLI and its private key, and never repeats the key', () => {
    const read = parseProfileText(encode(XPLAT_PROFILE))
    expect(read).toEqual({
      foreign: true,
      hasPrivateKey: true,
      problem: "it was written by the older Azure xplat CLI ('azure'), whose format az cannot read",
      status: 'bad',
    })
    expect(JSON.stringify(read)).not.toContain('SECRETKEYMATERIAL')
  })
})

describe('formatProfile', () => {
  it("writes a BOM and Python's compact JSON with no trailing newline", () => {
    expect(formatProfile({installationId: 'x-y', subscriptions: []})).toBe('\uFEFF{"installationId": "x-y", "subscriptions": []}')
  })
})
