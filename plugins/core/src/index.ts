/**
 * @azx/core: the SDK every az plugin builds on.
 *
 * Everything exported here is public and kept stable within a major version (see docs/plugins.md).
 * Heavy modules (MSAL, prompts, zod, JMESPath) are loaded only inside the functions that need them,
 * so importing this module is cheap.
 */
export {AzCommand, flagSpelling} from './command/index.js'
export type {AzArgs, AzFlags} from './command/index.js'
export {AzError, closestWord, CommandError, ExitCode, isAzError, NotFoundError, usageHelpLines, UsageError} from './errors/index.js'
export type {AzErrorOptions, ExitCodeValue} from './errors/index.js'
export {enumFlag, globalFlags, outputFlag, queryFlag, subscriptionFlag} from './flags/index.js'
export {configureLogging, log, Logger, redact} from './logger/index.js'
export type {LoggingOptions, LogLevel} from './logger/index.js'
export {compileQuery, OUTPUT_FORMATS, renderOutput} from './output/index.js'
export type {CompiledQuery, OutputFormat, RenderOptions, TableTransformer} from './output/index.js'
export {ConfigFile, configDir, configFile} from './paths/index.js'
export {defineService, registryOwner, resetServiceInstances, service} from './registry/index.js'
export type {CoreServices} from './registry/index.js'
