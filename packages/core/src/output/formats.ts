/**
 * The `--output` formats and the types commands use to describe their output. Kept apart from the
 * renderers so that flags and settings can name the formats without loading any renderer.
 */

export const OUTPUT_FORMATS = ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none'] as const

export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** Turns a command's result into the rows of its own table view (az's table_transformer). */
export type TableTransformer = (result: unknown) => unknown
