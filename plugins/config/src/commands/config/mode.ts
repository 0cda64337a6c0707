import {existsSync} from 'node:fs'

import {AzCommand, CommandError, configFile, UsageError} from '@azx/core'
import * as Args from '@oclif/core/args'

const MODES = ['arm', 'asm'] as const
type Mode = (typeof MODES)[number]

/** The file where the old `azure` CLI kept its mode; az never reads it, and neither does azx. */
const XPLAT_CONFIG = 'config.json'

export default class ConfigMode extends AzCommand<undefined> {
  static override args = {
    mode: Args.string({
      description: '`arm` (Azure Resource Manager) or `asm` (Azure Service Management, retired).',
      ignoreStdin: true,
      async parse(input: string): Promise<Mode> {
        const mode = MODES.find((candidate) => candidate === input.toLowerCase())
        if (mode) return mode
        throw new UsageError(`az config mode: '${input}' is not a valid value for 'MODE'. Allowed values: ${MODES.join(', ')}.`)
      },
      required: true,
    }),
  }

  static override description = [
    'The old `azure` CLI switched between Azure Service Management (`asm`) and Azure Resource Manager (`arm`) with `azure config mode`.',
    'az works with Resource Manager only, so `arm` changes nothing and `asm` fails: ' +
      'Azure Service Management (classic) was retired on 31 August 2024.',
    'Nothing is written in either case. Settings are changed with `az config set`.',
  ].join('\n')

  static override examples = [
    {command: '<%= config.bin %> config mode arm', description: 'Confirm that Resource Manager is in use (it always is).'},
    {command: '<%= config.bin %> config set core.output=table', description: 'Change a setting instead.'},
  ]

  static override summary = 'Show that Resource Manager is the only mode (for scripts written for the old `azure` CLI).'

  public async run(): Promise<undefined> {
    const {args} = await this.parse(ConfigMode)
    const oldFile = configFile(XPLAT_CONFIG)
    const ignored = existsSync(oldFile) ? [`'${oldFile}' was written by the old azure CLI; az ignores it.`] : []
    if (args.mode === 'asm') {
      throw new CommandError(
        'Azure Service Management (classic) was retired on 31 August 2024, so az cannot switch to it: az works with Azure Resource Manager only.',
        {
          recommendations: [
            'To sign in to Azure Resource Manager, run `az login`.',
            'To change settings, use `az config set`, for example `az config set core.output=table`.',
            ...ignored,
          ],
        },
      )
    }

    this.warn('Azure Resource Manager is the only mode az has, so there is nothing to change.')
    for (const line of ignored) this.warn(line)
    return undefined
  }
}
