/**
 * A command's result as az prints it: `--query` applied, then the `--output` format, or the
 * `core.output` setting (environment variable `AZURE_CORE_OUTPUT`) when the flag is absent. Shared
 * by AzCommand. Renderers load per format, so the default, json, loads only its own.
 */
import {UsageError} from '../errors/index.js'
import {OUTPUT_FORMATS} from './formats.js'
import type {OutputFormat, TableTransformer} from './formats.js'
import type {CompiledQuery} from './query.js'

interface ResultTextOptions {
  /** Whether jsonc and yamlc colour; asked only for them, as it looks at the terminal. */
  color: () => boolean
  /** `--output`; `configuredFormat` decides when it is absent. */
  format?: OutputFormat
  /** The `core.output` setting as written (env AZURE_CORE_OUTPUT); read and checked only when `format` is absent. */
  configuredFormat: () => string | undefined
  query?: CompiledQuery
  tableTransformer?: TableTransformer
}

/** The text to write on stdout ('' when az prints nothing: no result, a null query result, `-o none`). */
export async function resultText(result: unknown, options: ResultTextOptions): Promise<string> {
  if (result === undefined) return ''
  const data = options.query ? options.query.search(result) : result
  if (data === undefined || data === null) return ''
  const format = options.format ?? configuredOutputFormat(options.configuredFormat())
  if (format === 'none') return ''
  if (format === 'json') return (await import('./json.js')).formatJson(data)
  const {renderOutput} = await import('./render.js')
  return renderOutput(data, {
    color: (format === 'jsonc' || format === 'yamlc') && options.color(),
    format,
    queryActive: options.query !== undefined,
    tableTransformer: options.tableTransformer,
  })
}

/** `core.output`, validated like `--output`; json when unset. */
function configuredOutputFormat(configured: string | undefined): OutputFormat {
  if (configured === undefined || configured === '') return 'json'
  const format = OUTPUT_FORMATS.find((candidate) => candidate === configured.toLowerCase())
  if (format) return format
  throw new UsageError(`'${configured}' is not a valid value for 'core.output'. Allowed values: ${OUTPUT_FORMATS.join(', ')}.`, {
    recommendations: ['Run `az config set core.output=json` to fix the setting.'],
  })
}
