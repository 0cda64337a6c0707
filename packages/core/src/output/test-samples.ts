/**
 * The data the output tests render in several formats (goldens/): subscriptions as `az account
 * list` (cloudName) and `az account show` (environmentName) show them, `az account
 * get-access-token`'s result, and values chosen for what each formatter must get right.
 */
export const devSub = {
  id: '11111111-1111-1111-1111-111111111111',
  name: 'Dev Sub',
  state: 'Enabled',
  user: {name: 'user@example.com', type: 'user'},
  isDefault: true,
  tenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  cloudName: 'AzureCloud',
  homeTenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  managedByTenants: [],
}

export const prodSub = {
  id: '22222222-2222-2222-2222-222222222222',
  name: 'Prod Süb ✓',
  state: 'Disabled',
  user: {name: 'sp-app-id', type: 'servicePrincipal'},
  isDefault: false,
  tenantId: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
  cloudName: 'AzureCloud',
  homeTenantId: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
  managedByTenants: [{tenantId: 'cccccccc-cccc-cccc-cccc-cccccccccccc'}],
}

export const shownSubscription = {
  environmentName: 'AzureCloud',
  homeTenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  id: '11111111-1111-1111-1111-111111111111',
  isDefault: true,
  managedByTenants: [{tenantId: 'cccccccc-cccc-cccc-cccc-cccccccccccc'}],
  name: 'Dev Sub',
  state: 'Enabled',
  tenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  user: {name: 'user@example.com', type: 'user'},
}

export const accessToken = {
  accessToken: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl',
  expiresOn: '2026-11-21 06:02:24.000000',
  expires_on: 1795240944,
  subscription: '11111111-1111-1111-1111-111111111111',
  tenant: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  tokenType: 'Bearer',
}

/** Strings PyYAML quotes, or writes plain, for the reasons its emitter has. */
export const quotingStrings = {
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
}

/** Keys that need quotes, and keys too long or multi-line for a simple YAML key. */
export const quotingKeys = {
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
}

/** Strings longer than PyYAML's 80 columns, plain, quoted and escaped. */
export const longStrings = {
  plain: 'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
  quoted: "'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.",
  double: '\u0001This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
  multi:
    'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.\n' +
    'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
  nospace: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  url: 'https://login.microsoftonline.com/aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa/oauth2/v2.0/token?client_id=04b07795-8ddb-461a-bbee-02f9e1bf7b46',
}

/** Quotes, backslashes, control characters, non-ASCII and a line separator. */
export const escapes = {
  quote: 'a"b',
  backslash: 'a\\b',
  newline: 'a\nb',
  tab: 'a\tb',
  ctrl: '\u0001\u001F\u007F',
  unicode: 'é✓😀',
  ls: '\u2028',
  slash: 'a/b',
}

/** Floats that Python writes in its shortest round-trip form, some in exponent notation. */
export const floats = {
  a: 0.1,
  b: 0.00001,
  c: 0.0001,
  d: 1.5e300,
  e: -2.5,
  f: 10000000000000000,
  g: 123456789012345.6,
  h: 1e22,
}

/** Records with the keys tables leave out (id, type, etag), null, nested values and missing keys. */
export const records = [
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
]

/** Scalars of every kind, null and the empty string among them. */
export const scalars = [1, 'a', true, null, 2.5, '']

/** Lists of lists, one of them empty, with nested values. */
export const listsOfLists = [[1, 'two', null], [true, {k: 'v'}, [1, 2]], []]

/** Dicts and lists nested in each other, some empty. */
export const nested = {b: {d: [1, {y: null, x: []}, {}], c: 'text'}, a: [[1, 2], [3]], e: [{k: [{z: 1}]}]}

/** Keys whose order differs between code points, UTF-16 units and case-insensitive sorting. */
export const codePointKeys = {b: 1, a: 2, B: 3, _x: 4, é: 5, Z: 6, a_b: 7, aB: 8, '😀': 9, '～': 10}

/** Dicts and scalars in one list. */
export const mixed = [{b: 1, a: 'x'}, 'scalar', 7, null, {c: true}]
