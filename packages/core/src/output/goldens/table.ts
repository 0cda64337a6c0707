/** `-o table`: the cases table.test.ts renders, whose texts expected.json holds (see golden.ts). */
import type {TableTransformer} from '../formats.js'
import {renderCase, type GoldenCase} from './golden.js'
import {accessToken, codePointKeys, devSub, listsOfLists, mixed, nested, prodSub, records, scalars, shownSubscription} from '../test-samples.js'

const table = renderCase('table')

/** az account list's table view (azure-cli's transform_account_list). */
export const accountListTable: TableTransformer = (result) =>
  (result as Record<string, unknown>[]).map((row) => ({
    Name: row.name,
    CloudName: row.cloudName,
    SubscriptionId: row.id,
    TenantId: row.tenantId,
    State: row.state ?? null,
    IsDefault: row.isDefault,
  }))

export const tableCases: GoldenCase[] = [
  table('a subscription list without a table view: sorted columns, nested values dropped', [devSub, prodSub]),
  table('a single dict is one row', shownSubscription),
  table('an access token', accessToken),
  table('an empty list is an empty line', []),
  table('an empty dict is an empty line', {}),
  table('dicts with nothing to show are an empty line', [{}, {}]),
  table('a list of empty lists is an empty line', [[]]),
  table('a string is a Result column', 'Prod Sub'),
  table('an int', 42),
  table('a float', 1.5),
  table('negative zero is a float, as Python holds it', -0),
  table('true prints as Python shows it', true),
  table('false prints as Python shows it', false),
  table('a list of scalars: null is an empty cell', scalars),
  table('lists of lists get Column1..N; nested values print as Python shows them', listsOfLists),
  table('a dict of only nested values', nested),
  table('columns in code-point order', codePointKeys),
  table('id, type, etag, null, lists and dicts are left out; missing cells are empty', records),
  table('dicts and scalars mixed', mixed),
  table('cells with line breaks span lines', [
    {name: 'one', description: 'first line\nsecond line longer'},
    {name: 'two\r\nlines', description: ''},
  ]),
  table('a header with a line break', [{'a\nb': 1, c: 'x'}]),
  table('cells are stripped of surrounding whitespace', [{name: '  padded  ', value: '\tx'}]),
  table('widths count code points', [
    {name: '日本語の名前', emoji: '😀😀'},
    {name: 'x', emoji: 'y'},
  ]),
  table('numbers and booleans are left-aligned text', [
    {n: 1, f: 2.5, b: true, s: 'True'},
    {n: 10, f: 1e-7, b: false, s: 'x'},
  ]),
  table('headers get a capital first letter; equal headers share a column', [{name: 'a', Name: 'b', éclair: 'c', ßtraße: 'd', _x: 'e', '1st': 'f'}]),
  table('a multiselect hash keeps the typed key order', [devSub, prodSub], {query: '[].{Name:name, Id:id}'}),
  table('the typed order even when it is not sorted; nested dicts dropped', [devSub, prodSub], {
    query: '[].{Zeta:name, Alpha:id, Mid:isDefault, User:user}',
  }),
  table('integer-like keys keep the typed order too', [devSub, prodSub], {query: '[].{"1": name, b: id, "0": isDefault}'}),
  table('a selected dict keeps its own key order', [devSub, prodSub], {query: '[0]'}),
  table('a filter projection of strings', [devSub, prodSub], {query: "[?name=='Dev Sub'].id"}),
  table('a filter of whole dicts', [devSub, prodSub], {query: '[?isDefault]'}),
  table('a scalar result', [devSub, prodSub], {query: '[?isDefault].name | [0]'}),
  table('a projection of dicts: type is left out', [devSub, prodSub], {query: '[].user'}),
  table('one nested dict', [devSub, prodSub], {query: '[0].user'}),
  table('a number', [devSub, prodSub], {query: 'length(@)'}),
  table('a multiselect list', [devSub, prodSub], {query: '[].[name, isDefault, managedByTenants]'}),
  table('a dict in a multiselect list prints as a Python dict', [devSub, prodSub], {query: '[].[name, user]'}),
  table('a dict the query built prints as an OrderedDict', [devSub, prodSub], {query: '[].[name, {u: user.name, t: user.type}]'}),
  table('a dict with only a nested dict prints an empty line', [devSub, prodSub], {query: '{a: [0].user}'}),
  table('no match prints an empty line', [devSub, prodSub], {query: "[?name=='nope']"}),
  table('a projection of a missing key is an empty list', [devSub, prodSub], {query: '[].missing'}),
  table('contains() in a filter', [devSub, prodSub], {query: "[?contains(name, 'Sub')].{n: name, s: state}"}),
  table('sort_by()', [prodSub, devSub], {query: 'sort_by(@, &name)[].name'}),
  table('a projection of lists', [devSub, prodSub], {query: '[].managedByTenants'}),
  table("a command's own table view sets the columns and their order", [devSub, prodSub], {tableTransformer: accountListTable}),
  table("with --query the command's table view is skipped", [devSub, prodSub], {
    query: '[].{Name:name, Id:id, Default:isDefault}',
    tableTransformer: accountListTable,
  }),
]
