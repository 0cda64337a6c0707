/** `-o jsonc` and `-o yamlc` with colour: the cases colorize.test.ts renders (see golden.ts). */
import {renderCase, type GoldenCase} from './golden.js'
import {
  accessToken,
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
} from '../test-samples.js'

const jsonc = renderCase('jsonc')
const yamlc = renderCase('yamlc')

export const colourCases: GoldenCase[] = [
  jsonc('jsonc: a subscription list: keys bright blue, strings yellow, numbers and constants blue, whitespace grey', [devSub, prodSub]),
  jsonc('jsonc: an access token', accessToken),
  jsonc('jsonc: a string', 'Prod Sub'),
  jsonc('jsonc: an int', 42),
  jsonc('jsonc: a boolean', true),
  jsonc('jsonc: an empty list', []),
  jsonc('jsonc: a list of scalars', scalars),
  jsonc('jsonc: escapes inside strings, and a line separator that splits the token', escapes),
  jsonc('jsonc: floats', floats),
  yamlc('yamlc: a subscription list: keys bright blue, plain scalars uncoloured', [devSub, prodSub]),
  yamlc('yamlc: an access token: quoted scalars yellow, spaces inside them red', accessToken),
  yamlc('yamlc: a string at the root with its document end marker', 'Prod Sub'),
  yamlc('yamlc: an int at the root', 42),
  yamlc('yamlc: an empty list', []),
  yamlc('yamlc: nested dicts and lists', nested),
  yamlc('yamlc: quoted, escaped and plain strings', quotingStrings),
  yamlc('yamlc: quoted keys and complex keys', quotingKeys),
  yamlc('yamlc: folded long strings', longStrings),
  yamlc(
    'yamlc: a folded string at the root',
    'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
  ),
  yamlc('yamlc: lists of lists', listsOfLists),
  yamlc('yamlc: anchors and aliases', [devSub, prodSub], {query: '[[0], [0], [1].user]'}),
]
