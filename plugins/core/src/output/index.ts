/**
 * Rendering of command results as az renders them (knack's formatters), and `--query`.
 * Implemented in this folder; see render.ts and query.ts.
 */
export {OUTPUT_FORMATS, renderOutput} from './render.js'
export type {OutputFormat, RenderOptions, TableTransformer} from './render.js'
export {compileQuery} from './query.js'
export type {CompiledQuery} from './query.js'
