/**
 * Rendering of command results as az renders them (knack's formatters), and `--query`.
 * compileQuery loads the JMESPath library only when it is called.
 */
export {OUTPUT_FORMATS} from './formats.js'
export type {OutputFormat, TableTransformer} from './formats.js'
export {renderOutput} from './render.js'
export type {RenderOptions} from './render.js'
export {compileQuery} from './query.js'
export type {CompiledQuery} from './query.js'
export {tabulate} from './tabulate.js'
