/** What azx prints for a render case, as AzCommand prints a command's result (`--query`, then `--output`). */
import {compileQuery} from '../query.js'
import {renderOutput} from '../render.js'
import type {GoldenCase} from './golden.js'

export function renderLikeAz(golden: Extract<GoldenCase, {kind: 'render'}>): string {
  const data = golden.query === undefined ? golden.data : compileQuery(golden.query).search(golden.data)
  const color = golden.format === 'jsonc' || golden.format === 'yamlc'
  return renderOutput(data, {color, format: golden.format, queryActive: golden.query !== undefined, tableTransformer: golden.tableTransformer})
}
