import {AzCommand, CommandError, service, splitSettingQuery} from '@azx/core'
import type {SettingEntry} from '@azx/core'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {EXPERIMENTAL_WARNING} from '../../experimental.js'

type ConfigGetResult = Record<string, SettingEntry[]> | SettingEntry | SettingEntry[]

export default class ConfigGet extends AzCommand<ConfigGetResult> {
  static override args = {
    key: Args.string({
      description:
        'The configuration to get. If not provided, all sections and configurations will be listed. ' +
        'If `section` is provided, all configurations under the specified section will be listed. ' +
        'If `<section>.<key>` is provided, only the corresponding configuration is shown.',
      ignoreStdin: true,
    }),
  }

  static override description = [
    'Each setting is shown with its source: the config file it was read from, ' +
      'or the environment variable (`AZURE_<SECTION>_<KEY>`) that overrides it.',
    EXPERIMENTAL_WARNING,
  ].join('\n')

  static override examples = [
    {command: '<%= config.bin %> config get', description: 'Get all configurations.'},
    {command: '<%= config.bin %> config get core', description: 'Get configurations in `core` section.'},
    {command: '<%= config.bin %> config get core.no_color', description: 'Get the configuration of key `core.no_color`.'},
    {
      command: '<%= config.bin %> config get defaults.group --local',
      description: 'Get the default resource group, looking in local configurations first.',
    },
  ]

  static override flags = {
    local: Flags.boolean({
      summary:
        'Include local configuration. Scan from the working directory up to the ' +
        'root drive, then the global configuration and return the first occurrence.',
    }),
  }

  static override summary = 'Get a configuration.'

  public async run(): Promise<ConfigGetResult> {
    const {args, flags} = await this.parse(ConfigGet)
    this.warn(EXPERIMENTAL_WARNING)
    const settings = await service('settings')
    await settings.ensureDefaultCloud()
    const scope = {local: flags.local}
    const {name, section} = splitSettingQuery(args.key)
    if (section === undefined) return settings.list(scope)
    if (name === undefined) return settings.entries(section, scope)
    const entry = settings.entry(section, name, scope)
    if (!entry) throw new CommandError(`Configuration '${args.key}' is not set.`)
    return entry
  }
}
