/** `-o json`: the cases json.test.ts renders, whose texts expected.json holds (see golden.ts). */
import {renderCase, type GoldenCase} from './golden.js'
import {accessToken, devSub, prodSub, shownSubscription} from '../test-samples.js'

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
  json('a big float', 1.5e+300),
  json('negative zero is a float, as Python holds it', -0),
  json('true', true),
  json('false', false),
  json('a list of scalars', [1, 'a', true, null, 2.5, '']),
  json('lists of lists', [[1, 'two', null], [true, {k: 'v'}, [1, 2]], []]),
  json('nested dicts and lists', {b: {d: [1, {y: null, x: []}, {}], c: 'text'}, a: [[1, 2], [3]], e: [{k: [{z: 1}]}]}),
  json('keys in code-point order', {b: 1, a: 2, B: 3, _x: 4, 'é': 5, Z: 6, a_b: 7, aB: 8, '😀': 9, '～': 10}),
  json(
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
  ),
  json(
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
  ),
  json('NaN and infinities as Python writes them', {a: Number.NaN, b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY}),
  json('undefined properties are left out and undefined list items are null, as in JSON', {a: undefined, b: [undefined, 1]}),
  json('a Date is written as its JSON text and a bigint as its digits', {at: new Date('2026-01-02T03:04:05.000Z'), big: 12345678901234567890n}),
]
