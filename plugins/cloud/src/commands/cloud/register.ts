import {AzCommand, service} from '@azx/core'

import {cloudDefinitionFlags, cloudInputFromFlags} from '../../cloud-flags.js'
import {requiredNameFlag} from '../../name-flag.js'

export default class CloudRegister extends AzCommand<undefined> {
  static override summary = 'Register a cloud.'
  static override description =
    'Adds a custom cloud to clouds.config. When registering a cloud, specify only the resource manager endpoint for the ' +
    'autodetection of other endpoints: the Active Directory endpoints are then read from its metadata. ' +
    'Every endpoint must be an https:// URL. --cloud-config takes the endpoints and suffixes in camelCase, flat ("endpointActiveDirectory") ' +
    'or nested as `az cloud show` prints them ("endpoints": {"activeDirectory": …}); other flags override it.'

  static override examples = [
    {
      command: '<%= config.bin %> cloud register -n MyCloud --endpoint-resource-manager https://management.contoso.com/',
      description: 'Register a cloud, reading its sign-in endpoints from its Resource Manager.',
    },
    {command: '<%= config.bin %> cloud register -n MyCloud --cloud-config @cloud.json', description: 'Register a cloud with a config file.'},
  ]

  static override flags = {
    name: requiredNameFlag,
    ...cloudDefinitionFlags,
  }

  public async run(): Promise<undefined> {
    const {flags} = await this.parse(CloudRegister)
    await (await service('clouds')).register(flags.name, await cloudInputFromFlags(flags))
    return undefined
  }
}
