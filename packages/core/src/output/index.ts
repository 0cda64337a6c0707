/**
 * Rendering of command results as az renders them (knack's formatters), and `--query` (azx's
 * JMESPath, which follows Python's jmespath). AzCommand imports the query module
 * only when a command line has `--query`.
 */
export {OUTPUT_FORMATS} from './formats.js'
export type {OutputFormat, TableTransformer} from './formats.js'
export {renderOutput} from './render.js'
export type {RenderOptions} from './render.js'
export {compileQuery} from './query.js'
export type {CompiledQuery} from './query.js'
export {tabulate} from './tabulate.js'
