export const OUTPUT_FORMATS = ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none'] as const

export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** Turns a command's result into the rows of its own table view (az's table_transformer). */
export type TableTransformer = (result: unknown) => unknown

export interface RenderOptions {
  /** jsonc and yamlc colour only when colour is on; otherwise they are json and yaml. */
  color: boolean
  format: OutputFormat
  /** With `--query`, tables and tsv keep the query's key order and the table transformer is skipped. */
  queryActive: boolean
  tableTransformer?: TableTransformer
}

/** The exact text az prints for `data` (with its trailing newline), or '' when it prints nothing. */
export function renderOutput(data: unknown, options: RenderOptions): string {
  if (data === undefined || data === null || options.format === 'none') return ''
  return `${JSON.stringify(data, null, 2)}\n`
}
