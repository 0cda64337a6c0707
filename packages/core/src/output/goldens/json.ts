/** `-o json`: the cases json.test.ts renders, whose texts expected.json holds (see golden.ts). */
import {renderCase, type GoldenCase} from './golden.js'
import {accessToken, codePointKeys, devSub, escapes, floats, listsOfLists, nested, prodSub, scalars, shownSubscription} from '../test-samples.js'

const json = renderCase('json')

export const jsonCases: GoldenCase[] = [
  json('a subscription list, keys sorted, unicode kept', [devSub, prodSub]),
  json('a single subscription', shownSubscription),
  json('an access token (expiresOn sorts before expires_on)', accessToken),
  json('an empty list', []),
  json('an empty dict', {}),
  json('a string', 'Prod Sub'),
  json('an empty string', ''),
  json('an int', 42),
  json('a negative int', -7),
  json('a float', 1.5),
  json('a small float in exponent notation', 1e-7),
  json('a big float', 1.5e300),
  json('negative zero is a float, as Python holds it', -0),
  json('true', true),
  json('false', false),
  json('a list of scalars', scalars),
  json('lists of lists', listsOfLists),
  json('nested dicts and lists', nested),
  json('keys in code-point order', codePointKeys),
  json('escapes: only quotes, backslashes and control characters', escapes),
  json('floats as Python writes them', floats),
  json('NaN and infinities as Python writes them', {a: Number.NaN, b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY}),
  json('undefined properties are left out and undefined list items are null, as in JSON', {a: undefined, b: [undefined, 1]}),
  json('a Date is written as its JSON text and a bigint as its digits', {at: new Date('2026-01-02T03:04:05.000Z'), big: 12345678901234567890n}),
]
