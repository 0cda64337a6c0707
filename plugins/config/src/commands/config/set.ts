import {AzCommand, parseSettingAssignment, service} from '@azx/core'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {EXPERIMENTAL_WARNING} from '../../experimental.js'

export default class ConfigSet extends AzCommand<undefined> {
  static override args = {
    key_value: Args.string({
      description: 'Space-separated configurations in the form of <section>.<key>=<value>.',
      ignoreStdin: true,
      multiple: true,
      required: true,
    }),
  }

  static override description = [
    'For available configuration options, see https://docs.microsoft.com/cli/azure/azure-cli-configuration.',
    'By default without specifying --local, the configuration is saved to `config` ' +
      'in the config dir (`~/.azure/config`, or `$AZURE_CONFIG_DIR/config`).',
    'The values azx reads (core.output, core.only_show_errors, core.no_color, core.login_experience_v2, ' +
      'core.enable_broker_on_windows, core.encrypt_token_cache, core.instance_discovery, ' +
      'core.delegate_to_python_az) are checked before they are stored; other keys are stored as given.',
    EXPERIMENTAL_WARNING,
  ].join('\n')

  static override examples = [
    {command: '<%= config.bin %> config set core.no_color=true', description: 'Disable color with `core.no_color`.'},
    {
      command: '<%= config.bin %> config set core.only_show_errors=true',
      description: 'Hide warnings and only show errors with `core.only_show_errors`.',
    },
    {command: '<%= config.bin %> config set core.output=table', description: 'Print results as a table unless `--output` says otherwise.'},
    {
      command: '<%= config.bin %> config set defaults.location=westus2 defaults.group=MyResourceGroup',
      description: 'Set the default location to `westus2` and default resource group to `MyResourceGroup`.',
    },
    {command: '<%= config.bin %> config set defaults.group=myRG --local', description: 'Set the default resource group to `myRG` on a local scope.'},
  ]

  static override flags = {
    local: Flags.boolean({summary: 'Set as a local configuration in the working directory.'}),
  }

  static override summary = 'Set a configuration.'

  public async run(): Promise<undefined> {
    const {argv, flags} = await this.parse(ConfigSet)
    this.warn(EXPERIMENTAL_WARNING)
    const assignments = (argv as string[]).map((text) => parseSettingAssignment(text))
    const settings = await service('settings')
    await settings.ensureDefaultCloud()
    await settings.set(assignments, {local: flags.local})
    return undefined
  }
}
