/** `-o yaml`: the cases yaml.test.ts renders, whose texts expected.json holds (see golden.ts). */
import {renderCase, type GoldenCase} from './golden.js'
import {
  accessToken,
  codePointKeys,
  devSub,
  escapes,
  floats,
  listsOfLists,
  longStrings,
  nested,
  prodSub,
  quotingKeys,
  quotingStrings,
  scalars,
  shownSubscription,
} from '../test-samples.js'

const yaml = renderCase('yaml')
// One object twice: az's data never shares objects, so azx must not write YAML aliases for it.
const user = {name: 'u'}

export const yamlCases: GoldenCase[] = [
  yaml('a subscription list: sorted keys, lists under keys not indented', [devSub, prodSub]),
  yaml('a single subscription', shownSubscription),
  yaml('an access token: the local time is quoted, as it reads as a timestamp', accessToken),
  yaml('an empty list', []),
  yaml('an empty dict', {}),
  yaml('a string at the root ends the document with ...', 'Prod Sub'),
  yaml('an empty string is quoted and needs no ...', ''),
  yaml('a string that looks like a number is quoted', '123'),
  yaml('a multi-line string at the root', 'a\nb'),
  yaml('an int at the root', 42),
  yaml('a float at the root', 1.5),
  yaml('a small float gets .0 before its exponent', 1e-7),
  yaml('a big float', 1.5e300),
  yaml('negative zero is a float, as Python holds it', -0),
  yaml('true at the root', true),
  yaml('false at the root', false),
  yaml('a list of scalars with null and an empty string', scalars),
  yaml('lists of lists', listsOfLists),
  yaml('nested dicts and lists', nested),
  yaml('keys in code-point order', codePointKeys),
  yaml('strings that need quotes: numbers, booleans, null, dates, indicators, spaces, breaks, special characters', quotingStrings),
  yaml('keys that need quotes, and keys too long or multi-line for a simple key', quotingKeys),
  yaml('a simple key may have 122 characters (the hidden !!str tag counts)', {
    kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 1,
    jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj: 2,
    ['long key with spaces '.repeat(7).trimEnd()]: 3,
  }),
  yaml('long strings fold at 80 columns where they have spaces', longStrings),
  yaml('long strings in a list', [
    'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
    "'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.",
    'short',
  ]),
  yaml(
    'a long string at the root',
    'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
  ),
  yaml('a long string deep in dicts folds at its own indentation', {
    a: {
      b: {
        c: 'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
      },
    },
  }),
  yaml('long strings in nested lists', {
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
  }),
  yaml('characters beyond the BMP are escaped only in double quotes', {a: '\u0001😀', b: '😀', c: "'😀"}),
  yaml('double-quoted strings fold with a backslash', {
    k:
      '\u0001word word word word word word word word word word word word word word word word word word word word word ' +
      'word word word word word word word word word \u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002\u0002 end',
  }),
  yaml('floats as PyYAML writes them', floats),
  yaml('strings with quotes, backslashes and control characters', escapes),
  yaml('keys a query put in order are sorted', [devSub, prodSub], {query: '[].{Zeta:name, Alpha:id, Mid:isDefault, User:user}'}),
  yaml('a list the query repeats is written once, then by alias', [devSub, prodSub], {query: '[].[managedByTenants, managedByTenants]'}),
  yaml('a dict the query repeats is written once, then by alias', [devSub, prodSub], {query: '[[0], [0], [1].user]'}),
  yaml('no aliases when the query built dicts (az writes a copy)', [devSub, prodSub], {query: '[].{a: user, b: user}'}),
  yaml('a scalar result', [devSub, prodSub], {query: '[?isDefault].name | [0]'}),
  yaml('no aliases when the searched data shared objects, which Python data never does', [{user}, {user}], {query: '[].user'}),
  yaml('NaN and infinities as PyYAML writes them', {a: Number.NaN, b: Number.POSITIVE_INFINITY, c: Number.NEGATIVE_INFINITY, e: 1e-7, f: 1e16}),
  yaml('a shared object is written in full each time (no anchors), as az data never shares objects', [{user}, {user}]),
]
