/**
 * Flags shared by azx commands: the global flags every command has, and the flag builders that
 * give az's messages for bad values.
 */
import * as Flags from '@oclif/core/flags'
import type {Interfaces} from '@oclif/core'

import {UsageError} from '../errors/index.js'
import {OUTPUT_FORMATS} from '../output/formats.js'
import type {CompiledQuery} from '../output/query.js'

interface EnumFlagOptions<T extends string> {
  char?: Interfaces.AlphabetLowercase | Interfaces.AlphabetUppercase
  helpGroup?: string
  options: readonly T[]
  summary: string
}

/** The command's name as az prints it in usage errors: `az account get-access-token`. */
function commandName(context: unknown): string {
  const id = (context as {id?: string} | undefined)?.id
  return id ? `az ${id.replaceAll(':', ' ')}` : 'az'
}

/**
 * A flag that takes one of a fixed set of values, case-insensitively, and rejects anything else
 * with az's message and exit code 2.
 */
export function enumFlag<T extends string>(options: EnumFlagOptions<T>) {
  const parse = async (input: string, context: unknown, flag: {name: string}): Promise<T> => {
    const value = input.toLowerCase()
    const match = options.options.find((option) => option === value)
    if (match) return match
    throw new UsageError(
      `${commandName(context)}: '${input}' is not a valid value for '--${flag.name}'. Allowed values: ${options.options.join(', ')}.`,
      {showsExamples: true},
    )
  }

  // No `options` for oclif: it would reject bad values first, with its own message.
  const flag = Flags.string({
    ...(options.char ? {char: options.char} : {}),
    helpGroup: options.helpGroup,
    helpValue: `{${options.options.join(',')}}`,
    parse,
    summary: options.summary,
  })
  return flag as unknown as Interfaces.OptionFlag<T | undefined>
}

export const outputFlag = enumFlag({
  char: 'o',
  helpGroup: 'GLOBAL',
  options: OUTPUT_FORMATS,
  summary: 'Output format. Default: json, or the `core.output` setting (env AZURE_CORE_OUTPUT).',
})

export const queryFlag = Flags.custom<CompiledQuery>({
  helpGroup: 'GLOBAL',
  helpValue: 'JMESPATH',
  async parse(input) {
    const {compileQuery} = await import('../output/query.js')
    return compileQuery(input)
  },
  summary: 'JMESPath query string. See http://jmespath.org/ for more information and examples.',
})()

/** The global flags of every azx command, as az has them. */
export const globalFlags = {
  debug: Flags.boolean({helpGroup: 'GLOBAL', summary: 'Increase logging verbosity to show all debug logs.'}),
  'only-show-errors': Flags.boolean({helpGroup: 'GLOBAL', summary: 'Only show errors, suppressing warnings.'}),
  output: outputFlag,
  query: queryFlag,
  verbose: Flags.boolean({helpGroup: 'GLOBAL', summary: 'Increase logging verbosity. Use --debug for full debug logs.'}),
}

/**
 * `--subscription`: the name or ID of a subscription, for commands that act on one. Resolved by the
 * profile service the same way everywhere (case-insensitive ID or name, ambiguous names rejected).
 */
export const subscriptionFlag = Flags.string({
  helpGroup: 'GLOBAL',
  summary: 'Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`.',
})
