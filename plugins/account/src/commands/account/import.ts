import {AzCommand} from '@azx/core'
import * as Args from '@oclif/core/args'

import {explainPublishSettings} from '../../publish-settings.js'

export default class AccountImport extends AzCommand<undefined> {
  static override args = {file: Args.string({description: 'A .publishsettings file downloaded for the older azure CLI.', required: true})}
  static override description =
    'From the older `azure` CLI. A .publishsettings file holds management certificates for Azure Service ' +
    'Management, which was retired on 31 August 2024. This command lists the subscriptions in the file and ' +
    'explains how to sign in instead; it stores nothing, never prints the private key, and exits with 1.'

  static override examples = [
    {
      command: '<%= config.bin %> account import ./my.publishsettings',
      description: 'See what a publish settings file holds and how to sign in instead.',
    },
  ]
  static override summary = 'Explain a .publishsettings file of the older azure CLI (nothing is imported).'

  public async run(): Promise<undefined> {
    const {args} = await this.parse(AccountImport)
    return explainPublishSettings(args.file)
  }
}
