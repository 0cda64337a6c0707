/**
 * `-o table`: the exact text az prints, from a command's own table view or knack's automatic table.
 * Expected texts come from knack 0.8.9 (az 2.45), PyYAML 6.0, tabulate 0.8.9, pygments 2.14 and jmespath 1.0.1.
 */
import {describe, expect, it} from '@jest/globals'

import {compileQuery} from './query.js'
import type {TableTransformer} from './formats.js'
import {renderOutput} from './render.js'
import {accessToken, devSub, prodSub, shownSubscription} from './test-samples.js'

const asTable = (data: unknown, queryActive = false, tableTransformer?: TableTransformer) =>
  renderOutput(data, {color: false, format: 'table', queryActive, tableTransformer})

// az account list's table view (azure-cli's transform_account_list).
const accountListTable: TableTransformer = (result) =>
  (result as Record<string, unknown>[]).map((row) => ({
    Name: row.name,
    CloudName: row.cloudName,
    SubscriptionId: row.id,
    TenantId: row.tenantId,
    State: row.state ?? null,
    IsDefault: row.isDefault,
  }))

const cases: [string, unknown, string][] = [
  [
    'a subscription list without a table view: sorted columns, nested values dropped',
    [devSub, prodSub],
    'CloudName    HomeTenantId                          IsDefault    Name        State     TenantId\n' +
      '-----------  ------------------------------------  -----------  ----------  --------  ------------------------------------\n' +
      'AzureCloud   aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa  True         Dev Sub     Enabled   aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n' +
      'AzureCloud   bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb  False        Prod Süb ✓  Disabled  bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb\n',
  ],
  [
    'a single dict is one row',
    shownSubscription,
    'EnvironmentName    HomeTenantId                          IsDefault    Name     State    TenantId\n' +
      '-----------------  ------------------------------------  -----------  -------  -------  ------------------------------------\n' +
      'AzureCloud         aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa  True         Dev Sub  Enabled  aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n',
  ],
  [
    'an access token',
    accessToken,
    'AccessToken                                                                                                       ExpiresOn                   Expires_on    Subscription                          Tenant                                TokenType\n' +
      '----------------------------------------------------------------------------------------------------------------  --------------------------  ------------  ------------------------------------  ------------------------------------  -----------\n' +
      'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl  2026-11-21 06:02:24.000000  1795240944    11111111-1111-1111-1111-111111111111  aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa  Bearer\n',
  ],
  [
    'an empty list is an empty line',
    [],
    '\n',
  ],
  [
    'an empty dict is an empty line',
    {},
    '\n',
  ],
  [
    'dicts with nothing to show are an empty line',
    [{}, {}],
    '\n',
  ],
  [
    'a list of empty lists is an empty line',
    [[]],
    '\n',
  ],
  [
    'a string is a Result column',
    'Prod Sub',
    'Result\n' +
      '--------\n' +
      'Prod Sub\n',
  ],
  [
    'an int',
    42,
    'Result\n' +
      '--------\n' +
      '42\n',
  ],
  [
    'a float',
    1.5,
    'Result\n' +
      '--------\n' +
      '1.5\n',
  ],
  [
    'negative zero is a float, as Python holds it',
    -0,
    'Result\n' +
      '--------\n' +
      '-0.0\n',
  ],
  [
    'true prints as Python shows it',
    true,
    'Result\n' +
      '--------\n' +
      'True\n',
  ],
  [
    'false prints as Python shows it',
    false,
    'Result\n' +
      '--------\n' +
      'False\n',
  ],
  [
    'a list of scalars: null is an empty cell',
    [1, 'a', true, null, 2.5, ''],
    'Result\n' +
      '--------\n' +
      '1\n' +
      'a\n' +
      'True\n' +
      '\n' +
      '2.5\n' +
      '\n',
  ],
  [
    'lists of lists get Column1..N; nested values print as Python shows them',
    [[1, 'two', null], [true, {k: 'v'}, [1, 2]], []],
    'Column1    Column2     Column3\n' +
      '---------  ----------  ---------\n' +
      '1          two\n' +
      "True       {'k': 'v'}  [1, 2]\n" +
      '\n',
  ],
  [
    'a dict of only nested values',
    {b: {d: [1, {y: null, x: []}, {}], c: 'text'}, a: [[1, 2], [3]], e: [{k: [{z: 1}]}]},
    '\n',
  ],
  [
    'columns in code-point order',
    {b: 1, a: 2, B: 3, _x: 4, 'é': 5, Z: 6, a_b: 7, aB: 8, '😀': 9, '～': 10},
    'B    Z    _x    A    AB    A_b    É    ～    😀\n' +
      '---  ---  ----  ---  ----  -----  ---  ---  ---\n' +
      '1    6    4     2    8     7      5    10   9\n',
  ],
  [
    'id, type, etag, null, lists and dicts are left out; missing cells are empty',
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
    '           Count    Enabled    Name    Ratio    Extra\n' +
      '---------  -------  ---------  ------  -------  ---------\n' +
      'empty key  3        True       one     0.25\n' +
      '                    False      two              only here\n',
  ],
  [
    'dicts and scalars mixed',
    [{b: 1, a: 'x'}, 'scalar', 7, null, {c: true}],
    'A    B    Result    C\n' +
      '---  ---  --------  ----\n' +
      'x    1\n' +
      '          scalar\n' +
      '          7\n' +
      '\n' +
      '                    True\n',
  ],
  [
    'cells with line breaks span lines',
    [{name: 'one', description: 'first line\nsecond line longer'}, {name: 'two\r\nlines', description: ''}],
    'Description         Name\n' +
      '------------------  ------\n' +
      'first line          one\n' +
      'second line longer\n' +
      '                    two\n' +
      '                    lines\n',
  ],
  [
    'a header with a line break',
    [{'a\nb': 1, c: 'x'}],
    'A    C\n' +
      'b\n' +
      '---  ---\n' +
      '1    x\n',
  ],
  [
    'cells are stripped of surrounding whitespace',
    [{name: '  padded  ', value: '\tx'}],
    'Name    Value\n' +
      '------  -------\n' +
      'padded  x\n',
  ],
  [
    'widths count code points',
    [{name: '日本語の名前', emoji: '😀😀'}, {name: 'x', emoji: 'y'}],
    'Emoji    Name\n' +
      '-------  ------\n' +
      '😀😀       日本語の名前\n' +
      'y        x\n',
  ],
  [
    'numbers and booleans are left-aligned text',
    [{n: 1, f: 2.5, b: true, s: 'True'}, {n: 10, f: 1e-7, b: false, s: 'x'}],
    'B      F      N    S\n' +
      '-----  -----  ---  ----\n' +
      'True   2.5    1    True\n' +
      'False  1e-07  10   x\n',
  ],
  [
    'headers get a capital first letter; equal headers share a column',
    [{name: 'a', Name: 'b', 'éclair': 'c', 'ßtraße': 'd', _x: 'e', '1st': 'f'}],
    '1st    Name    _x    SStraße    Éclair\n' +
      '-----  ------  ----  ---------  --------\n' +
      'f      a       e     d          c\n',
  ],
]

const queryCases: [string, string, unknown, string][] = [
  [
    'a multiselect hash keeps the typed key order',
    '[].{Name:name, Id:id}',
    [devSub, prodSub],
    'Name        Id\n' +
      '----------  ------------------------------------\n' +
      'Dev Sub     11111111-1111-1111-1111-111111111111\n' +
      'Prod Süb ✓  22222222-2222-2222-2222-222222222222\n',
  ],
  [
    'the typed order even when it is not sorted; nested dicts dropped',
    '[].{Zeta:name, Alpha:id, Mid:isDefault, User:user}',
    [devSub, prodSub],
    'Zeta        Alpha                                 Mid\n' +
      '----------  ------------------------------------  -----\n' +
      'Dev Sub     11111111-1111-1111-1111-111111111111  True\n' +
      'Prod Süb ✓  22222222-2222-2222-2222-222222222222  False\n',
  ],
  [
    'integer-like keys keep the typed order too',
    '[].{"1": name, b: id, "0": isDefault}',
    [devSub, prodSub],
    '1           B                                     0\n' +
      '----------  ------------------------------------  -----\n' +
      'Dev Sub     11111111-1111-1111-1111-111111111111  True\n' +
      'Prod Süb ✓  22222222-2222-2222-2222-222222222222  False\n',
  ],
  [
    'a selected dict keeps its own key order',
    '[0]',
    [devSub, prodSub],
    'Name     State    IsDefault    TenantId                              CloudName    HomeTenantId\n' +
      '-------  -------  -----------  ------------------------------------  -----------  ------------------------------------\n' +
      'Dev Sub  Enabled  True         aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa  AzureCloud   aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n',
  ],
  [
    'a filter projection of strings',
    "[?name=='Dev Sub'].id",
    [devSub, prodSub],
    'Result\n' +
      '------------------------------------\n' +
      '11111111-1111-1111-1111-111111111111\n',
  ],
  [
    'a filter of whole dicts',
    '[?isDefault]',
    [devSub, prodSub],
    'Name     State    IsDefault    TenantId                              CloudName    HomeTenantId\n' +
      '-------  -------  -----------  ------------------------------------  -----------  ------------------------------------\n' +
      'Dev Sub  Enabled  True         aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa  AzureCloud   aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\n',
  ],
  [
    'a scalar result',
    '[?isDefault].name | [0]',
    [devSub, prodSub],
    'Result\n' +
      '--------\n' +
      'Dev Sub\n',
  ],
  [
    'a projection of dicts: type is left out',
    '[].user',
    [devSub, prodSub],
    'Name\n' +
      '----------------\n' +
      'user@example.com\n' +
      'sp-app-id\n',
  ],
  [
    'one nested dict',
    '[0].user',
    [devSub, prodSub],
    'Name\n' +
      '----------------\n' +
      'user@example.com\n',
  ],
  [
    'a number',
    'length(@)',
    [devSub, prodSub],
    'Result\n' +
      '--------\n' +
      '2\n',
  ],
  [
    'a multiselect list',
    '[].[name, isDefault, managedByTenants]',
    [devSub, prodSub],
    'Column1     Column2    Column3\n' +
      '----------  ---------  ------------------------------------------------------\n' +
      'Dev Sub     True       []\n' +
      "Prod Süb ✓  False      [{'tenantId': 'cccccccc-cccc-cccc-cccc-cccccccccccc'}]\n",
  ],
  [
    'a dict in a multiselect list prints as a Python dict',
    '[].[name, user]',
    [devSub, prodSub],
    'Column1     Column2\n' +
      '----------  -------------------------------------------------\n' +
      "Dev Sub     {'name': 'user@example.com', 'type': 'user'}\n" +
      "Prod Süb ✓  {'name': 'sp-app-id', 'type': 'servicePrincipal'}\n",
  ],
  [
    'a dict the query built prints as an OrderedDict',
    '[].[name, {u: user.name, t: user.type}]',
    [devSub, prodSub],
    'Column1     Column2\n' +
      '----------  ------------------------------------------------------------\n' +
      "Dev Sub     OrderedDict([('u', 'user@example.com'), ('t', 'user')])\n" +
      "Prod Süb ✓  OrderedDict([('u', 'sp-app-id'), ('t', 'servicePrincipal')])\n",
  ],
  [
    'a dict with only a nested dict prints an empty line',
    '{a: [0].user}',
    [devSub, prodSub],
    '\n',
  ],
  [
    'no match prints an empty line',
    "[?name=='nope']",
    [devSub, prodSub],
    '\n',
  ],
  [
    'a projection of a missing key is an empty list',
    '[].missing',
    [devSub, prodSub],
    '\n',
  ],
  [
    'contains() in a filter',
    "[?contains(name, 'Sub')].{n: name, s: state}",
    [devSub, prodSub],
    'N        S\n' +
      '-------  -------\n' +
      'Dev Sub  Enabled\n',
  ],
  [
    'sort_by()',
    'sort_by(@, &name)[].name',
    [prodSub, devSub],
    'Result\n' +
      '----------\n' +
      'Dev Sub\n' +
      'Prod Süb ✓\n',
  ],
  [
    'a projection of lists',
    '[].managedByTenants',
    [devSub, prodSub],
    'Column1\n' +
      '----------------------------------------------------\n' +
      '\n' +
      "{'tenantId': 'cccccccc-cccc-cccc-cccc-cccccccccccc'}\n",
  ],
]

describe('table output', () => {
  it.each(cases)('%s', (_, data, expected) => {
    expect(asTable(data)).toBe(expected)
  })

  it.each(queryCases)('with --query: %s', (_, query, data, expected) => {
    expect(asTable(compileQuery(query).search(data), true)).toBe(expected)
  })

  it("a command's own table view sets the columns and their order", () => {
    expect(asTable([devSub, prodSub], false, accountListTable)).toBe(
      'Name        CloudName    SubscriptionId                        TenantId                              State     IsDefault\n' +
      '----------  -----------  ------------------------------------  ------------------------------------  --------  -----------\n' +
      'Dev Sub     AzureCloud   11111111-1111-1111-1111-111111111111  aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa  Enabled   True\n' +
      'Prod Süb ✓  AzureCloud   22222222-2222-2222-2222-222222222222  bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb  Disabled  False\n',
    )
  })

  it("with --query the command's table view is skipped", () => {
    const query = compileQuery('[].{Name:name, Id:id, Default:isDefault}')
    expect(asTable(query.search([devSub, prodSub]), true, accountListTable)).toBe(
      'Name        Id                                    Default\n' +
      '----------  ------------------------------------  ---------\n' +
      'Dev Sub     11111111-1111-1111-1111-111111111111  True\n' +
      'Prod Süb ✓  22222222-2222-2222-2222-222222222222  False\n',
    )
  })

  it("a table view that fails gives az's error, exit code 1", () => {
    const failing: TableTransformer = () => {
      throw new TypeError('not a list')
    }

    expect(() => asTable({a: 1}, false, failing)).toThrow(
      expect.objectContaining({
        exitCode: 1,
        message: 'Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.',
      }),
    )
  })
})
