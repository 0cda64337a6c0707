/**
 * The output service: a command's result as az prints it for each `--output` format.
 */
import {colorizeJson, colorizeYaml} from './colorize.js'
import {formatJson} from './json.js'
import {formatTable} from './table.js'
import {formatTsv} from './tsv.js'
import {formatYaml} from './yaml.js'

import type {OutputFormat, TableTransformer} from './formats.js'

export interface RenderOptions {
  /** jsonc and yamlc colour only when colour is on; otherwise they are json and yaml. */
  color: boolean
  format: OutputFormat
  /** With `--query`, tables and tsv keep the query's key order and the table transformer is skipped. */
  queryActive: boolean
  tableTransformer?: TableTransformer
}

/**
 * The exact text az prints for `data` (with its trailing newline), or '' when it prints nothing:
 * for no result (null or undefined), and for `-o none`.
 *
 * @throws CommandError 'Table output unavailable. …' when `-o table` cannot show the result (the
 * command's table transformer failed); az prints that as an error and exits with code 1.
 */
export function renderOutput(data: unknown, options: RenderOptions): string {
  if (data === undefined || data === null) return ''
  switch (options.format) {
    case 'json':
      return formatJson(data)
    case 'jsonc':
      return options.color ? colorizeJson(formatJson(data)) : formatJson(data)
    case 'yaml':
      return formatYaml(data)
    case 'yamlc':
      return options.color ? colorizeYaml(formatYaml(data)) : formatYaml(data)
    case 'table':
      return formatTable(data, options)
    case 'tsv':
      return formatTsv(data)
    case 'none':
      return ''
  }
}
