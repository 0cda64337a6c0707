import {AzCommand, service} from '@azx/core'

import {cloudDefinitionFlags, cloudInputFromFlags} from '../../cloud-flags.js'
import {optionalNameFlag} from '../../name-flag.js'

export default class CloudUpdate extends AzCommand<undefined> {
  static override summary = 'Update the configuration of a cloud.'
  static override description =
    'Changes the given endpoints, suffixes or profile of a registered cloud (the active one unless --name ' +
    'is given) and leaves the others as they are. A new --endpoint-resource-manager brings its own Active ' +
    'Directory endpoints from its metadata unless they are given too. Every endpoint must be an https:// URL.'

  static override examples = [
    {command: '<%= config.bin %> cloud update --profile latest', description: 'Update the configuration of a cloud.'},
    {
      command: '<%= config.bin %> cloud update -n MyCloud --suffix-keyvault-dns .vault.contoso.com',
      description: "Change a custom cloud's Key Vault suffix.",
    },
  ]

  static override flags = {
    name: optionalNameFlag,
    ...cloudDefinitionFlags,
  }

  public async run(): Promise<undefined> {
    const {flags} = await this.parse(CloudUpdate)
    await (await service('clouds')).update(flags.name, await cloudInputFromFlags(flags))
    return undefined
  }
}
