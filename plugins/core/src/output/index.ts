/**
 * Rendering of command results as az renders them (knack's formatters), and `--query`.
 * compileQuery loads the JMESPath library only when it is called.
 */
export {OUTPUT_FORMATS, renderOutput} from './render.js'
export type {OutputFormat, RenderOptions, TableTransformer} from './render.js'
export {compileQuery} from './query.js'
export type {CompiledQuery} from './query.js'
export {tabulate} from './tabulate.js'
