/**
 * `-o json`: the exact text az prints.
 * Expected texts come from knack 0.8.9 (az 2.45), PyYAML 6.0, tabulate 0.8.9, pygments 2.14 and jmespath 1.0.1.
 */
import {describe, expect, it} from '@jest/globals'

import {renderOutput} from './render.js'
import {accessToken, devSub, prodSub, shownSubscription} from './test-samples.js'

const asJson = (data: unknown) => renderOutput(data, {color: false, format: 'json', queryActive: false})

const cases: [string, unknown, string][] = [
  [
    'a subscription list, keys sorted, unicode kept',
    [devSub, prodSub],
    '[\n' +
      '  {\n' +
      '    "cloudName": "AzureCloud",\n' +
      '    "homeTenantId": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",\n' +
      '    "id": "11111111-1111-1111-1111-111111111111",\n' +
      '    "isDefault": true,\n' +
      '    "managedByTenants": [],\n' +
      '    "name": "Dev Sub",\n' +
      '    "state": "Enabled",\n' +
      '    "tenantId": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",\n' +
      '    "user": {\n' +
      '      "name": "user@example.com",\n' +
      '      "type": "user"\n' +
      '    }\n' +
      '  },\n' +
      '  {\n' +
      '    "cloudName": "AzureCloud",\n' +
      '    "homeTenantId": "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb",\n' +
      '    "id": "22222222-2222-2222-2222-222222222222",\n' +
      '    "isDefault": false,\n' +
      '    "managedByTenants": [\n' +
      '      {\n' +
      '        "tenantId": "cccccccc-cccc-cccc-cccc-cccccccccccc"\n' +
      '      }\n' +
      '    ],\n' +
      '    "name": "Prod Süb ✓",\n' +
      '    "state": "Disabled",\n' +
      '    "tenantId": "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb",\n' +
      '    "user": {\n' +
      '      "name": "sp-app-id",\n' +
      '      "type": "servicePrincipal"\n' +
      '    }\n' +
      '  }\n' +
      ']\n',
  ],
  [
    'a single subscription',
    shownSubscription,
    '{\n' +
      '  "environmentName": "AzureCloud",\n' +
      '  "homeTenantId": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",\n' +
      '  "id": "11111111-1111-1111-1111-111111111111",\n' +
      '  "isDefault": true,\n' +
      '  "managedByTenants": [\n' +
      '    {\n' +
      '      "tenantId": "cccccccc-cccc-cccc-cccc-cccccccccccc"\n' +
      '    }\n' +
      '  ],\n' +
      '  "name": "Dev Sub",\n' +
      '  "state": "Enabled",\n' +
      '  "tenantId": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",\n' +
      '  "user": {\n' +
      '    "name": "user@example.com",\n' +
      '    "type": "user"\n' +
      '  }\n' +
      '}\n',
  ],
  [
    'an access token (expiresOn sorts before expires_on)',
    accessToken,
    '{\n' +
      '  "accessToken": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl",\n' +
      '  "expiresOn": "2026-11-21 06:02:24.000000",\n' +
      '  "expires_on": 1795240944,\n' +
      '  "subscription": "11111111-1111-1111-1111-111111111111",\n' +
      '  "tenant": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",\n' +
      '  "tokenType": "Bearer"\n' +
      '}\n',
  ],
  [
    'an empty list',
    [],
    '[]\n',
  ],
  [
    'an empty dict',
    {},
    '{}\n',
  ],
  [
    'a string',
    'Prod Sub',
    '"Prod Sub"\n',
  ],
  [
    'an empty string',
    '',
    '""\n',
  ],
  [
    'an int',
    42,
    '42\n',
  ],
  [
    'a negative int',
    -7,
    '-7\n',
  ],
  [
    'a float',
    1.5,
    '1.5\n',
  ],
  [
    'a small float in exponent notation',
    1e-7,
    '1e-07\n',
  ],
  [
    'a big float',
    1.5e+300,
    '1.5e+300\n',
  ],
  [
    'negative zero is a float, as Python holds it',
    -0,
    '-0.0\n',
  ],
  [
    'true',
    true,
    'true\n',
  ],
  [
    'false',
    false,
    'false\n',
  ],
  [
    'a list of scalars',
    [1, 'a', true, null, 2.5, ''],
    '[\n' +
      '  1,\n' +
      '  "a",\n' +
      '  true,\n' +
      '  null,\n' +
      '  2.5,\n' +
      '  ""\n' +
      ']\n',
  ],
  [
    'lists of lists',
    [[1, 'two', null], [true, {k: 'v'}, [1, 2]], []],
    '[\n' +
      '  [\n' +
      '    1,\n' +
      '    "two",\n' +
      '    null\n' +
      '  ],\n' +
      '  [\n' +
      '    true,\n' +
      '    {\n' +
      '      "k": "v"\n' +
      '    },\n' +
      '    [\n' +
      '      1,\n' +
      '      2\n' +
      '    ]\n' +
      '  ],\n' +
      '  []\n' +
      ']\n',
  ],
  [
    'nested dicts and lists',
    {b: {d: [1, {y: null, x: []}, {}], c: 'text'}, a: [[1, 2], [3]], e: [{k: [{z: 1}]}]},
    '{\n' +
      '  "a": [\n' +
      '    [\n' +
      '      1,\n' +
      '      2\n' +
      '    ],\n' +
      '    [\n' +
      '      3\n' +
      '    ]\n' +
      '  ],\n' +
      '  "b": {\n' +
      '    "c": "text",\n' +
      '    "d": [\n' +
      '      1,\n' +
      '      {\n' +
      '        "x": [],\n' +
      '        "y": null\n' +
      '      },\n' +
      '      {}\n' +
      '    ]\n' +
      '  },\n' +
      '  "e": [\n' +
      '    {\n' +
      '      "k": [\n' +
      '        {\n' +
      '          "z": 1\n' +
      '        }\n' +
      '      ]\n' +
      '    }\n' +
      '  ]\n' +
      '}\n',
  ],
  [
    'keys in code-point order',
    {b: 1, a: 2, B: 3, _x: 4, 'é': 5, Z: 6, a_b: 7, aB: 8, '😀': 9, '～': 10},
    '{\n' +
      '  "B": 3,\n' +
      '  "Z": 6,\n' +
      '  "_x": 4,\n' +
      '  "a": 2,\n' +
      '  "aB": 8,\n' +
      '  "a_b": 7,\n' +
      '  "b": 1,\n' +
      '  "é": 5,\n' +
      '  "～": 10,\n' +
      '  "😀": 9\n' +
      '}\n',
  ],
  [
    'escapes: only quotes, backslashes and control characters',
    {
      quote: 'a"b',
      backslash: 'a\\b',
      newline: 'a\nb',
      tab: 'a\tb',
      ctrl: '\u0001\u001F\u007F',
      unicode: 'é✓😀',
      ls: '\u2028',
      slash: 'a/b',
    },
    '{\n' +
      '  "backslash": "a\\\\b",\n' +
      '  "ctrl": "\\u0001\\u001f\u007F",\n' +
      '  "ls": "\u2028",\n' +
      '  "newline": "a\\nb",\n' +
      '  "quote": "a\\"b",\n' +
      '  "slash": "a/b",\n' +
      '  "tab": "a\\tb",\n' +
      '  "unicode": "é✓😀"\n' +
      '}\n',
  ],
  [
    'floats as Python writes them',
    {
      a: 0.1,
      b: 0.00001,
      c: 0.0001,
      d: 1.5e+300,
      e: -2.5,
      f: 10000000000000000,
      g: 123456789012345.6,
      h: 1e+22,
    },
    '{\n' +
      '  "a": 0.1,\n' +
      '  "b": 1e-05,\n' +
      '  "c": 0.0001,\n' +
      '  "d": 1.5e+300,\n' +
      '  "e": -2.5,\n' +
      '  "f": 1e+16,\n' +
      '  "g": 123456789012345.6,\n' +
      '  "h": 1e+22\n' +
      '}\n',
  ],
]

describe('json output', () => {
  it.each(cases)('%s', (_, data, expected) => {
    expect(asJson(data)).toBe(expected)
  })

  it('NaN and infinities as Python writes them', () => {
    expect(asJson({a: Number.NaN, b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY})).toBe(
      '{\n' +
      '  "a": NaN,\n' +
      '  "b": Infinity,\n' +
      '  "c": -Infinity\n' +
      '}\n',
    )
  })

  it('undefined properties are left out and undefined list items are null, as in JSON', () => {
    expect(asJson({a: undefined, b: [undefined, 1]})).toBe('{\n  "b": [\n    null,\n    1\n  ]\n}\n')
  })

  it('a Date is written as its JSON text and a bigint as its digits', () => {
    expect(asJson({at: new Date('2026-01-02T03:04:05.000Z'), big: 12345678901234567890n})).toBe(
      '{\n  "at": "2026-01-02T03:04:05.000Z",\n  "big": 12345678901234567890\n}\n',
    )
  })
})
