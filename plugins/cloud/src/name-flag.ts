import * as Flags from '@oclif/core/flags'

/** `--name/-n` where a cloud must be named; matched exactly (only `az cloud set` ignores case). */
export const requiredNameFlag = Flags.string({char: 'n', required: true, summary: 'Name of a registered cloud.'})

/** `--name/-n` where the active cloud is the default. */
export const optionalNameFlag = Flags.string({char: 'n', summary: 'Name of a registered cloud. Default: the active cloud.'})
