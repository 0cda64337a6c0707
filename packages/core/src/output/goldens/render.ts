/** renderOutput: the texts render.test.ts checks across formats (see golden.ts). */
import {renderCase, type GoldenCase} from './golden.js'
import type {OutputFormat} from '../formats.js'

const PLAIN_FORMATS: OutputFormat[] = ['json', 'yaml', 'table', 'tsv']
const subscriptions = [{id: '1', isDefault: true, name: 'Dev Sub', user: {name: 'u', type: 'user'}}]
const reordering = {query: '[].{Zeta:name, Alpha:id, Mid:isDefault, User:user}'}

export const renderCases: GoldenCase[] = [
  ...PLAIN_FORMATS.map((format) => renderCase(format)(`a string in ${format}`, 'Prod Sub')),
  ...PLAIN_FORMATS.map((format) => renderCase(format)(`an empty list in ${format}`, [])),
  renderCase('jsonc')('jsonc with colour', 1),
  renderCase('yamlc')('yamlc with colour', 1),
  renderCase('json')('json sorts the keys a query put in order', subscriptions, reordering),
  renderCase('yaml')('yaml sorts the keys a query put in order', subscriptions, reordering),
]
