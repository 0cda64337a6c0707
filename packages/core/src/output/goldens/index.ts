/** Every golden group, by the name expected.json files it under: what scripts/output-goldens.mjs renders. */
import {colourCases} from './colour.js'
import type {GoldenGroups} from './golden.js'
import {jsonCases} from './json.js'
import {pythonTextCases} from './python-text.js'
import {queryCases} from './query.js'
import {renderCases} from './render.js'
import {tableCases} from './table.js'
import {tabulateCases} from './tabulate.js'
import {tsvCases} from './tsv.js'
import {yamlCases} from './yaml.js'

export const GOLDEN_GROUPS: GoldenGroups = {
  colour: colourCases,
  json: jsonCases,
  'python-text': pythonTextCases,
  query: queryCases,
  render: renderCases,
  table: tableCases,
  tabulate: tabulateCases,
  tsv: tsvCases,
  yaml: yamlCases,
}
