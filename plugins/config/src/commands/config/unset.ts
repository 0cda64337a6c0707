import {AzCommand, parseSettingKey, service} from '@azx/core'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {EXPERIMENTAL_WARNING} from '../../experimental.js'

export default class ConfigUnset extends AzCommand<undefined> {
  static override args = {
    key: Args.string({
      description: 'The configuration to unset, in the form of <section>.<key>.',
      ignoreStdin: true,
      multiple: true,
      required: true,
    }),
  }

  static override description = ['A configuration that is not set is not an error.', EXPERIMENTAL_WARNING].join('\n')

  static override examples = [
    {command: '<%= config.bin %> config unset core.no_color', description: 'Unset the configuration of key `core.no_color`.'},
    {
      command: '<%= config.bin %> config unset defaults.group --local',
      description: 'Unset the default resource group where it is set nearest to the working directory.',
    },
  ]

  static override flags = {
    local: Flags.boolean({
      summary:
        'Include local configuration. Scan from the working directory up to the ' +
        'root drive, then the global configuration and unset the first occurrence.',
    }),
  }

  static override summary = 'Unset a configuration.'

  public async run(): Promise<undefined> {
    const {argv, flags} = await this.parse(ConfigUnset)
    this.warn(EXPERIMENTAL_WARNING)
    const keys = (argv as string[]).map((text) => parseSettingKey(text))
    const settings = await service('settings')
    await settings.ensureDefaultCloud()
    await settings.unset(keys, {local: flags.local})
    return undefined
  }
}
