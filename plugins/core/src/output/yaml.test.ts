/**
 * `-o yaml`: the exact text az prints (PyYAML safe_dump with default_flow_style=False, allow_unicode=True).
 * Expected texts come from knack 0.8.9 (az 2.45), PyYAML 6.0, tabulate 0.8.9, pygments 2.14 and jmespath 1.0.1.
 */
import {describe, expect, it} from '@jest/globals'

import {compileQuery} from './query.js'
import {renderOutput} from './render.js'
import {accessToken, devSub, prodSub, shownSubscription} from './test-samples.js'

const asYaml = (data: unknown) => renderOutput(data, {color: false, format: 'yaml', queryActive: false})

const cases: [string, unknown, string][] = [
  [
    'a subscription list: sorted keys, lists under keys not indented',
    [devSub, prodSub],
    '- cloudName: AzureCloud\n' +
      '  homeTenantId: aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n' +
      '  id: 11111111-1111-1111-1111-111111111111\n' +
      '  isDefault: true\n' +
      '  managedByTenants: []\n' +
      '  name: Dev Sub\n' +
      '  state: Enabled\n' +
      '  tenantId: aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n' +
      '  user:\n' +
      '    name: user@example.com\n' +
      '    type: user\n' +
      '- cloudName: AzureCloud\n' +
      '  homeTenantId: bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb\n' +
      '  id: 22222222-2222-2222-2222-222222222222\n' +
      '  isDefault: false\n' +
      '  managedByTenants:\n' +
      '  - tenantId: cccccccc-cccc-cccc-cccc-cccccccccccc\n' +
      '  name: Prod Süb ✓\n' +
      '  state: Disabled\n' +
      '  tenantId: bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb\n' +
      '  user:\n' +
      '    name: sp-app-id\n' +
      '    type: servicePrincipal\n',
  ],
  [
    'a single subscription',
    shownSubscription,
    'environmentName: AzureCloud\n' +
      'homeTenantId: aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n' +
      'id: 11111111-1111-1111-1111-111111111111\n' +
      'isDefault: true\n' +
      'managedByTenants:\n' +
      '- tenantId: cccccccc-cccc-cccc-cccc-cccccccccccc\n' +
      'name: Dev Sub\n' +
      'state: Enabled\n' +
      'tenantId: aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n' +
      'user:\n' +
      '  name: user@example.com\n' +
      '  type: user\n',
  ],
  [
    'an access token: the local time is quoted, as it reads as a timestamp',
    accessToken,
    'accessToken: eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl\n' +
      "expiresOn: '2026-11-21 06:02:24.000000'\n" +
      'expires_on: 1795240944\n' +
      'subscription: 11111111-1111-1111-1111-111111111111\n' +
      'tenant: aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n' +
      'tokenType: Bearer\n',
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
    'a string at the root ends the document with ...',
    'Prod Sub',
    'Prod Sub\n' +
      '...\n',
  ],
  [
    'an empty string is quoted and needs no ...',
    '',
    "''\n",
  ],
  [
    'a string that looks like a number is quoted',
    '123',
    "'123'\n",
  ],
  [
    'a multi-line string at the root',
    'a\nb',
    "'a\n" +
      '\n' +
      "  b'\n",
  ],
  [
    'an int at the root',
    42,
    '42\n' +
      '...\n',
  ],
  [
    'a float at the root',
    1.5,
    '1.5\n' +
      '...\n',
  ],
  [
    'a small float gets .0 before its exponent',
    1e-7,
    '1.0e-07\n' +
      '...\n',
  ],
  [
    'a big float',
    1.5e+300,
    '1.5e+300\n' +
      '...\n',
  ],
  [
    'negative zero is a float, as Python holds it',
    -0,
    '-0.0\n' +
      '...\n',
  ],
  [
    'true at the root',
    true,
    'true\n' +
      '...\n',
  ],
  [
    'false at the root',
    false,
    'false\n' +
      '...\n',
  ],
  [
    'a list of scalars with null and an empty string',
    [1, 'a', true, null, 2.5, ''],
    '- 1\n' +
      '- a\n' +
      '- true\n' +
      '- null\n' +
      '- 2.5\n' +
      "- ''\n",
  ],
  [
    'lists of lists',
    [[1, 'two', null], [true, {k: 'v'}, [1, 2]], []],
    '- - 1\n' +
      '  - two\n' +
      '  - null\n' +
      '- - true\n' +
      '  - k: v\n' +
      '  - - 1\n' +
      '    - 2\n' +
      '- []\n',
  ],
  [
    'nested dicts and lists',
    {b: {d: [1, {y: null, x: []}, {}], c: 'text'}, a: [[1, 2], [3]], e: [{k: [{z: 1}]}]},
    'a:\n' +
      '- - 1\n' +
      '  - 2\n' +
      '- - 3\n' +
      'b:\n' +
      '  c: text\n' +
      '  d:\n' +
      '  - 1\n' +
      '  - x: []\n' +
      '    y: null\n' +
      '  - {}\n' +
      'e:\n' +
      '- k:\n' +
      '  - z: 1\n',
  ],
  [
    'keys in code-point order',
    {b: 1, a: 2, B: 3, _x: 4, 'é': 5, Z: 6, a_b: 7, aB: 8, '😀': 9, '～': 10},
    'B: 3\n' +
      'Z: 6\n' +
      '_x: 4\n' +
      'a: 2\n' +
      'aB: 8\n' +
      'a_b: 7\n' +
      'b: 1\n' +
      'é: 5\n' +
      '～: 10\n' +
      '😀: 9\n',
  ],
  [
    'strings that need quotes: numbers, booleans, null, dates, indicators, spaces, breaks, special characters',
    {
      number: '123',
      negative: '-5',
      float: '1.5',
      exp: '1e3',
      exp2: '1.0e+3',
      octal: '0777',
      hex: '0x1F',
      sexagesimal: '190:20:30',
      underscore: '1_000',
      bool: 'true',
      yes: 'yes',
      No: 'No',
      on: 'ON',
      null: 'null',
      tilde: '~',
      Null: 'Null',
      date: '2024-01-01',
      datetime: '2026-11-21 06:02:24.000000',
      iso: '2001-12-14t21:59:43.10-05:00',
      colon: 'a: b',
      colon_end: 'a:',
      colon_inner: 'a:b',
      url: 'https://example.com/x?a=1#frag',
      hash: '#comment',
      hash_inner: 'a #b',
      hash_nospace: 'a#b',
      leading_space: ' leading',
      trailing_space: 'trailing ',
      multi: 'line one\nline two',
      multi_trailing: 'line\n',
      empty: '',
      dash: '- item',
      dash_only: '-',
      dashword: '-word',
      question: '? x',
      bracket: '[x]',
      brace: '{x}',
      comma: 'a, b',
      star: '*ref',
      amp: '&anchor',
      bang: '!tag',
      pipe: '|',
      gt: '> x',
      quote: "'q'",
      dquote: '"q"',
      pct: '%x',
      at: '@x',
      backtick: '`x`',
      doc: '---',
      doc_end: '... x',
      tab: 'a\tb',
      ctrl: 'a\u0001b',
      unicode: 'héllo wörld ✓',
      emoji: '😀 smile',
      nbsp: 'a\u00A0b',
      bom: '\uFEFFx',
      ls: 'a\u2028b',
      nel: 'a\u0085b',
      apostrophe: "it's",
      backslash: 'C:\\path',
      eq: '=',
      merge: '<<',
      dot_inf: '.inf',
      dot_nan: '.NaN',
      spaces_inside: 'a  b',
      only_spaces: '   ',
      two_breaks: 'a\n\nb',
      break_space: 'a\n b',
      space_break: 'a \nb',
      leading_break: '\nx',
      'Yes word': 'Yes please',
      plus: '+1',
      dotnum: '.5',
    },
    "'No': 'No'\n" +
      "'Null': 'Null'\n" +
      'Yes word: Yes please\n' +
      "amp: '&anchor'\n" +
      "apostrophe: it's\n" +
      "at: '@x'\n" +
      'backslash: C:\\path\n' +
      "backtick: '`x`'\n" +
      "bang: '!tag'\n" +
      'bom: "\\uFEFFx"\n' +
      "bool: 'true'\n" +
      "brace: '{x}'\n" +
      "bracket: '[x]'\n" +
      'break_space: "a\\n b"\n' +
      "colon: 'a: b'\n" +
      "colon_end: 'a:'\n" +
      'colon_inner: a:b\n' +
      'comma: a, b\n' +
      'ctrl: "a\\x01b"\n' +
      "dash: '- item'\n" +
      "dash_only: '-'\n" +
      'dashword: -word\n' +
      "date: '2024-01-01'\n" +
      "datetime: '2026-11-21 06:02:24.000000'\n" +
      "doc: '---'\n" +
      "doc_end: '... x'\n" +
      "dot_inf: '.inf'\n" +
      "dot_nan: '.NaN'\n" +
      "dotnum: '.5'\n" +
      'dquote: \'"q"\'\n' +
      'emoji: 😀 smile\n' +
      "empty: ''\n" +
      "eq: '='\n" +
      'exp: 1e3\n' +
      "exp2: '1.0e+3'\n" +
      "float: '1.5'\n" +
      "gt: '> x'\n" +
      "hash: '#comment'\n" +
      "hash_inner: 'a #b'\n" +
      'hash_nospace: a#b\n' +
      "hex: '0x1F'\n" +
      "iso: '2001-12-14t21:59:43.10-05:00'\n" +
      "leading_break: '\n" +
      '\n' +
      "  x'\n" +
      "leading_space: ' leading'\n" +
      "ls: 'a\u2028  b'\n" +
      "merge: '<<'\n" +
      "multi: 'line one\n" +
      '\n' +
      "  line two'\n" +
      "multi_trailing: 'line\n" +
      '\n' +
      "  '\n" +
      'nbsp: a\u00A0b\n' +
      "negative: '-5'\n" +
      "nel: 'a\u0085  b'\n" +
      "'null': 'null'\n" +
      "number: '123'\n" +
      "octal: '0777'\n" +
      "'on': 'ON'\n" +
      "only_spaces: '   '\n" +
      "pct: '%x'\n" +
      "pipe: '|'\n" +
      "plus: '+1'\n" +
      "question: '? x'\n" +
      "quote: '''q'''\n" +
      "sexagesimal: '190:20:30'\n" +
      'space_break: "a \\nb"\n' +
      'spaces_inside: a  b\n' +
      "star: '*ref'\n" +
      'tab: "a\\tb"\n' +
      "tilde: '~'\n" +
      "trailing_space: 'trailing '\n" +
      "two_breaks: 'a\n" +
      '\n' +
      '\n' +
      "  b'\n" +
      "underscore: '1_000'\n" +
      'unicode: héllo wörld ✓\n' +
      'url: https://example.com/x?a=1#frag\n' +
      "'yes': 'yes'\n",
  ],
  [
    'keys that need quotes, and keys too long or multi-line for a simple key',
    {
      '123': 1,
      true: 1,
      null: 1,
      '': 1,
      'a: b': 1,
      '#x': 1,
      ' lead': 1,
      'multi\nline': 1,
      xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 1,
      'normal key': 1,
      '-': 1,
      '- x': 1,
      "key'quote": 1,
    },
    "? ''\n" +
      ': 1\n' +
      "' lead': 1\n" +
      "'#x': 1\n" +
      "'-': 1\n" +
      "'- x': 1\n" +
      "'123': 1\n" +
      "'a: b': 1\n" +
      "key'quote: 1\n" +
      "? 'multi\n" +
      '\n' +
      "  line'\n" +
      ': 1\n' +
      'normal key: 1\n' +
      "'null': 1\n" +
      "'true': 1\n" +
      '? xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n' +
      ': 1\n',
  ],
  [
    'a simple key may have 122 characters (the hidden !!str tag counts)',
    {
      kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 1,
      jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj: 2,
      'long key with spaces long key with spaces long key with spaces long key with spaces long key with spaces long key with spaces long key with spaces': 3,
    },
    '? jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj\n' +
      ': 2\n' +
      'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 1\n' +
      '? long key with spaces long key with spaces long key with spaces long key with spaces\n' +
      '  long key with spaces long key with spaces long key with spaces\n' +
      ': 3\n',
  ],
  [
    'long strings fold at 80 columns where they have spaces',
    {
      plain: 'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
      quoted: "'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.",
      double: '\u0001This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
      multi: 'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.\nThis is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
      nospace: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      url: 'https://login.microsoftonline.com/aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa/oauth2/v2.0/token?client_id=04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    },
    'double: "\\x01This is a long sentence that goes on and on well past the eighty column\\\n' +
      '  \\ limit that PyYAML uses to fold plain scalars."\n' +
      "multi: 'This is a long sentence that goes on and on well past the eighty column limit\n" +
      '  that PyYAML uses to fold plain scalars.\n' +
      '\n' +
      '  This is a long sentence that goes on and on well past the eighty column limit that\n' +
      "  PyYAML uses to fold plain scalars.'\n" +
      'nospace: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n' +
      'plain: This is a long sentence that goes on and on well past the eighty column limit\n' +
      '  that PyYAML uses to fold plain scalars.\n' +
      "quoted: '''This is a long sentence that goes on and on well past the eighty column\n" +
      "  limit that PyYAML uses to fold plain scalars.'\n" +
      'url: https://login.microsoftonline.com/aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa/oauth2/v2.0/token?client_id=04b07795-8ddb-461a-bbee-02f9e1bf7b46\n',
  ],
  [
    'long strings in a list',
    [
      'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
      "'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.",
      'short',
    ],
    '- This is a long sentence that goes on and on well past the eighty column limit that\n' +
      '  PyYAML uses to fold plain scalars.\n' +
      "- '''This is a long sentence that goes on and on well past the eighty column limit\n" +
      "  that PyYAML uses to fold plain scalars.'\n" +
      '- short\n',
  ],
  [
    'a long string at the root',
    'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
    'This is a long sentence that goes on and on well past the eighty column limit that\n' +
      '  PyYAML uses to fold plain scalars.\n' +
      '...\n',
  ],
  [
    'a long string deep in dicts folds at its own indentation',
    {
      a: {
        b: {
          c: 'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
        },
      },
    },
    'a:\n' +
      '  b:\n' +
      '    c: This is a long sentence that goes on and on well past the eighty column limit\n' +
      '      that PyYAML uses to fold plain scalars.\n',
  ],
  [
    'long strings in nested lists',
    {
      a: [
        [
          'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
          [
            'x',
            {
              deep: 'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
            },
          ],
        ],
      ],
      b: [{c: [{d: 'e'}]}],
    },
    'a:\n' +
      '- - This is a long sentence that goes on and on well past the eighty column limit\n' +
      '    that PyYAML uses to fold plain scalars.\n' +
      '  - - x\n' +
      '    - deep: This is a long sentence that goes on and on well past the eighty column\n' +
      '        limit that PyYAML uses to fold plain scalars.\n' +
      'b:\n' +
      '- c:\n' +
      '  - d: e\n',
  ],
  [
    'characters beyond the BMP are escaped only in double quotes',
    {a: '\u0001😀', b: '😀', c: "'😀"},
    'a: "\\x01\\U0001F600"\n' +
      'b: 😀\n' +
      "c: '''😀'\n",
  ],
  [
    'double-quoted strings fold with a backslash',
    {
      k: '\u0001word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word \u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002 end',
    },
    'k: "\\x01word word word word word word word word word word word word word word word\\\n' +
      '  \\ word word word word word word word word word word word word word word word \\x02\\\n' +
      '  \\x02\\x02\\x02\\x02\\x02\\x02\\x02\\x02\\x02 end"\n',
  ],
  [
    'floats as PyYAML writes them',
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
    'a: 0.1\n' +
      'b: 1.0e-05\n' +
      'c: 0.0001\n' +
      'd: 1.5e+300\n' +
      'e: -2.5\n' +
      'f: 1.0e+16\n' +
      'g: 123456789012345.6\n' +
      'h: 1.0e+22\n',
  ],
  [
    'strings with quotes, backslashes and control characters',
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
    'backslash: a\\b\n' +
      'ctrl: "\\x01\\x1F\\x7F"\n' +
      "ls: '\u2028  '\n" +
      "newline: 'a\n" +
      '\n' +
      "  b'\n" +
      'quote: a"b\n' +
      'slash: a/b\n' +
      'tab: "a\\tb"\n' +
      'unicode: é✓😀\n',
  ],
]

const queryCases: [string, string, unknown, string][] = [
  [
    'keys a query put in order are sorted',
    '[].{Zeta:name, Alpha:id, Mid:isDefault, User:user}',
    [devSub, prodSub],
    '- Alpha: 11111111-1111-1111-1111-111111111111\n' +
      '  Mid: true\n' +
      '  User:\n' +
      '    name: user@example.com\n' +
      '    type: user\n' +
      '  Zeta: Dev Sub\n' +
      '- Alpha: 22222222-2222-2222-2222-222222222222\n' +
      '  Mid: false\n' +
      '  User:\n' +
      '    name: sp-app-id\n' +
      '    type: servicePrincipal\n' +
      '  Zeta: Prod Süb ✓\n',
  ],
  [
    'a list the query repeats is written once, then by alias',
    '[].[managedByTenants, managedByTenants]',
    [devSub, prodSub],
    '- - &id001 []\n' +
      '  - *id001\n' +
      '- - &id002\n' +
      '    - tenantId: cccccccc-cccc-cccc-cccc-cccccccccccc\n' +
      '  - *id002\n',
  ],
  [
    'a dict the query repeats is written once, then by alias',
    '[[0], [0], [1].user]',
    [devSub, prodSub],
    '- &id001\n' +
      '  cloudName: AzureCloud\n' +
      '  homeTenantId: aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n' +
      '  id: 11111111-1111-1111-1111-111111111111\n' +
      '  isDefault: true\n' +
      '  managedByTenants: []\n' +
      '  name: Dev Sub\n' +
      '  state: Enabled\n' +
      '  tenantId: aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n' +
      '  user:\n' +
      '    name: user@example.com\n' +
      '    type: user\n' +
      '- *id001\n' +
      '- name: sp-app-id\n' +
      '  type: servicePrincipal\n',
  ],
  [
    'no aliases when the query built dicts (az writes a copy)',
    '[].{a: user, b: user}',
    [devSub, prodSub],
    '- a:\n' +
      '    name: user@example.com\n' +
      '    type: user\n' +
      '  b:\n' +
      '    name: user@example.com\n' +
      '    type: user\n' +
      '- a:\n' +
      '    name: sp-app-id\n' +
      '    type: servicePrincipal\n' +
      '  b:\n' +
      '    name: sp-app-id\n' +
      '    type: servicePrincipal\n',
  ],
  [
    'a scalar result',
    '[?isDefault].name | [0]',
    [devSub, prodSub],
    'Dev Sub\n' +
      '...\n',
  ],
]

describe('yaml output', () => {
  it.each(cases)('%s', (_, data, expected) => {
    expect(asYaml(data)).toBe(expected)
  })

  it.each(queryCases)('with --query: %s', (_, query, data, expected) => {
    expect(asYaml(compileQuery(query).search(data))).toBe(expected)
  })

  it('no aliases when the searched data shared objects, which Python data never does', () => {
    const user = {name: 'u'}
    expect(asYaml(compileQuery('[].user').search([{user}, {user}]))).toBe('- name: u\n- name: u\n')
  })

  it('NaN and infinities as PyYAML writes them', () => {
    expect(asYaml({a: Number.NaN, b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY, e: 1e-7, f: 1e16})).toBe(
      'a: .nan\n' +
      'b: .inf\n' +
      'c: -.inf\n' +
      'e: 1.0e-07\n' +
      'f: 1.0e+16\n',
    )
  })

  it('a shared object is written in full each time (no anchors), as az data never shares objects', () => {
    const user = {name: 'u'}
    expect(asYaml([{user}, {user}])).toBe('- user:\n    name: u\n- user:\n    name: u\n')
  })
})
