/**
 * `-o tsv`: the exact text az prints.
 * Expected texts come from knack 0.8.9 (az 2.45), PyYAML 6.0, tabulate 0.8.9, pygments 2.14 and jmespath 1.0.1.
 */
import {describe, expect, it} from '@jest/globals'

import {compileQuery} from './query.js'
import {renderOutput} from './render.js'
import {accessToken, devSub, prodSub, shownSubscription} from './test-samples.js'

const asTsv = (data: unknown, queryActive = false) => renderOutput(data, {color: false, format: 'tsv', queryActive})

const cases: [string, unknown, string][] = [
  [
    'a subscription list: one line each, values in sorted-key order, nested list as its length, nested dict empty',
    [devSub, prodSub],
    'AzureCloud\taaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\t11111111-1111-1111-1111-111111111111\tTrue\t0\tDev Sub\tEnabled\taaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\t\n' +
      'AzureCloud\tbbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb\t22222222-2222-2222-2222-222222222222\tFalse\t1\tProd Süb ✓\tDisabled\tbbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb\t\n',
  ],
  [
    'a single subscription',
    shownSubscription,
    'AzureCloud\taaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\t11111111-1111-1111-1111-111111111111\tTrue\t1\tDev Sub\tEnabled\taaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\t\n',
  ],
  [
    'an access token',
    accessToken,
    'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl\t2026-11-21 06:02:24.000000\t1795240944\t11111111-1111-1111-1111-111111111111\taaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\tBearer\n',
  ],
  [
    'an empty list prints nothing',
    [],
    '',
  ],
  [
    'an empty dict is an empty line',
    {},
    '\n',
  ],
  [
    'a string',
    'Prod Sub',
    'Prod Sub\n',
  ],
  [
    'an int',
    42,
    '42\n',
  ],
  [
    'a float',
    1.5,
    '1.5\n',
  ],
  [
    'negative zero is a float, as Python holds it',
    -0,
    '-0.0\n',
  ],
  [
    'true at the top level is lowercase',
    true,
    'true\n',
  ],
  [
    'false at the top level is lowercase',
    false,
    'false\n',
  ],
  [
    'a list of scalars: top-level booleans lowercase, null None',
    [1, 'a', true, null, 2.5, ''],
    '1\n' +
      'a\n' +
      'true\n' +
      'None\n' +
      '2.5\n' +
      '\n',
  ],
  [
    'lists of lists are tab-separated rows',
    [[1, 'two', null], [true, {k: 'v'}, [1, 2]], []],
    '1\ttwo\tNone\n' +
      'True\t\t2\n' +
      '\n',
  ],
  [
    'nested values',
    {b: {d: [1, {y: null, x: []}, {}], c: 'text'}, a: [[1, 2], [3]], e: [{k: [{z: 1}]}]},
    '2\t\t1\n',
  ],
  [
    'booleans inside a dict print as Python shows them, null as None',
    {top: true, nested: {flag: false}, list: [true, false], none: null, num: 3, str: 's'},
    '2\t\tNone\t3\ts\tTrue\n',
  ],
  [
    'booleans as list items are rows of their own',
    [true, false, null, 'x', 1.5],
    'true\n' +
      'false\n' +
      'None\n' +
      'x\n' +
      '1.5\n',
  ],
  [
    'tabs and line breaks in values are written as they are',
    [{a: 'x\ty', b: 'line1\nline2'}],
    'x\ty\tline1\n' +
      'line2\n',
  ],
  [
    'dicts and scalars mixed',
    [{b: 1, a: 'x'}, 'scalar', 7, null, {c: true}],
    'x\t1\n' +
      'scalar\n' +
      '7\n' +
      'None\n' +
      'True\n',
  ],
  [
    'nothing is left out',
    [
      {
        id: '/x/1',
        type: 't',
        etag: 'e',
        name: 'one',
        count: 3,
        enabled: true,
        tags: {a: 'b'},
        list: [1],
        nothing: null,
        ratio: 0.25,
        '': 'empty key',
      },
      {name: 'two', enabled: false, extra: 'only here', count: null},
    ],
    'empty key\t3\tTrue\te\t/x/1\t1\tone\tNone\t0.25\t\tt\n' +
      'None\tFalse\tonly here\ttwo\n',
  ],
]

const queryCases: [string, string, unknown, string][] = [
  [
    'a multiselect hash keeps the typed key order',
    '[].{Name:name, Id:id}',
    [devSub, prodSub],
    'Dev Sub\t11111111-1111-1111-1111-111111111111\n' +
      'Prod Süb ✓\t22222222-2222-2222-2222-222222222222\n',
  ],
  [
    'the typed order even when it is not sorted',
    '[].{Zeta:name, Alpha:id, Mid:isDefault, User:user}',
    [devSub, prodSub],
    'Dev Sub\t11111111-1111-1111-1111-111111111111\tTrue\t\n' +
      'Prod Süb ✓\t22222222-2222-2222-2222-222222222222\tFalse\t\n',
  ],
  [
    'integer-like keys keep the typed order too',
    '[].{"1": name, b: id, "0": isDefault}',
    [devSub, prodSub],
    'Dev Sub\t11111111-1111-1111-1111-111111111111\tTrue\n' +
      'Prod Süb ✓\t22222222-2222-2222-2222-222222222222\tFalse\n',
  ],
  [
    'a selected dict is in sorted-key order',
    '[0]',
    [devSub, prodSub],
    'AzureCloud\taaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\t11111111-1111-1111-1111-111111111111\tTrue\t0\tDev Sub\tEnabled\taaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\t\n',
  ],
  [
    'a filter projection of strings',
    "[?name=='Dev Sub'].id",
    [devSub, prodSub],
    '11111111-1111-1111-1111-111111111111\n',
  ],
  [
    'a scalar result',
    '[?isDefault].name | [0]',
    [devSub, prodSub],
    'Dev Sub\n',
  ],
  [
    'a boolean result is lowercase',
    '[0].isDefault',
    [devSub, prodSub],
    'true\n',
  ],
  [
    'a projection of dicts',
    '[].user',
    [devSub, prodSub],
    'user@example.com\tuser\n' +
      'sp-app-id\tservicePrincipal\n',
  ],
  [
    'a multiselect list',
    '[].[name, isDefault, managedByTenants]',
    [devSub, prodSub],
    'Dev Sub\tTrue\t0\n' +
      'Prod Süb ✓\tFalse\t1\n',
  ],
  [
    'nested multiselect hashes',
    '{name: name, user: {type: user.type, name: user.name}, tenants: managedByTenants[].tenantId}',
    shownSubscription,
    'Dev Sub\t\t1\n',
  ],
  [
    'merge() builds a plain dict: sorted',
    'merge(user, {z: name, a: id})',
    shownSubscription,
    '11111111-1111-1111-1111-111111111111\tuser@example.com\tuser\tDev Sub\n',
  ],
  [
    'a literal dict is plain: sorted',
    '`{"z": 1, "a": 2}`',
    shownSubscription,
    '2\t1\n',
  ],
  [
    'a repeated key keeps its first place and last value',
    '{a: name, b: id, a: state}',
    shownSubscription,
    'Enabled\t11111111-1111-1111-1111-111111111111\n',
  ],
  [
    'fields of an access token',
    '{tok: accessToken, exp: expiresOn}',
    accessToken,
    'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl\t2026-11-21 06:02:24.000000\n',
  ],
  [
    'no match prints nothing',
    "[?name=='nope']",
    [devSub, prodSub],
    '',
  ],
]

describe('tsv output', () => {
  it.each(cases)('%s', (_, data, expected) => {
    expect(asTsv(data)).toBe(expected)
  })

  it.each(queryCases)('with --query: %s', (_, query, data, expected) => {
    expect(asTsv(compileQuery(query).search(data), true)).toBe(expected)
  })
})
