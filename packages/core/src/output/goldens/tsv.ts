/** `-o tsv`: the cases tsv.test.ts renders, whose texts expected.json holds (see golden.ts). */
import {renderCase, type GoldenCase} from './golden.js'
import {accessToken, devSub, listsOfLists, mixed, nested, prodSub, records, scalars, shownSubscription} from '../test-samples.js'

const tsv = renderCase('tsv')

export const tsvCases: GoldenCase[] = [
  tsv('a subscription list: one line each, values in sorted-key order, nested list as its length, nested dict empty', [devSub, prodSub]),
  tsv('a single subscription', shownSubscription),
  tsv('an access token', accessToken),
  tsv('an empty list prints nothing', []),
  tsv('an empty dict is an empty line', {}),
  tsv('a string', 'Prod Sub'),
  tsv('an int', 42),
  tsv('a float', 1.5),
  tsv('negative zero is a float, as Python holds it', -0),
  tsv('true at the top level is lowercase', true),
  tsv('false at the top level is lowercase', false),
  tsv('a list of scalars: top-level booleans lowercase, null None', scalars),
  tsv('lists of lists are tab-separated rows', listsOfLists),
  tsv('nested values', nested),
  tsv('booleans inside a dict print as Python shows them, null as None', {
    top: true,
    nested: {flag: false},
    list: [true, false],
    none: null,
    num: 3,
    str: 's',
  }),
  tsv('booleans as list items are rows of their own', [true, false, null, 'x', 1.5]),
  tsv('tabs and line breaks in values are written as they are', [{a: 'x\ty', b: 'line1\nline2'}]),
  tsv('dicts and scalars mixed', mixed),
  tsv('nothing is left out', records),
  tsv('a multiselect hash keeps the typed key order', [devSub, prodSub], {query: '[].{Name:name, Id:id}'}),
  tsv('the typed order even when it is not sorted', [devSub, prodSub], {query: '[].{Zeta:name, Alpha:id, Mid:isDefault, User:user}'}),
  tsv('integer-like keys keep the typed order too', [devSub, prodSub], {query: '[].{"1": name, b: id, "0": isDefault}'}),
  tsv('a selected dict is in sorted-key order', [devSub, prodSub], {query: '[0]'}),
  tsv('a filter projection of strings', [devSub, prodSub], {query: "[?name=='Dev Sub'].id"}),
  tsv('a scalar result', [devSub, prodSub], {query: '[?isDefault].name | [0]'}),
  tsv('a boolean result is lowercase', [devSub, prodSub], {query: '[0].isDefault'}),
  tsv('a projection of dicts', [devSub, prodSub], {query: '[].user'}),
  tsv('a multiselect list', [devSub, prodSub], {query: '[].[name, isDefault, managedByTenants]'}),
  tsv('nested multiselect hashes', shownSubscription, {
    query: '{name: name, user: {type: user.type, name: user.name}, tenants: managedByTenants[].tenantId}',
  }),
  tsv('merge() builds a plain dict: sorted', shownSubscription, {query: 'merge(user, {z: name, a: id})'}),
  tsv('a literal dict is plain: sorted', shownSubscription, {query: '`{"z": 1, "a": 2}`'}),
  tsv('a repeated key keeps its first place and last value', shownSubscription, {query: '{a: name, b: id, a: state}'}),
  tsv('fields of an access token', accessToken, {query: '{tok: accessToken, exp: expiresOn}'}),
  tsv('no match prints nothing', [devSub, prodSub], {query: "[?name=='nope']"}),
]
