import {AzCommand, service, toCloudOutput} from '@azx/core'
import type {CloudOutput} from '@azx/core'

import {optionalNameFlag} from '../../name-flag.js'

export default class CloudShow extends AzCommand<CloudOutput> {
  static override summary = 'Get the details of a registered cloud.'
  static override description =
    'Shows the endpoints, suffixes and profile of one cloud (the active one unless --name is given). Unset values are null.'
  static override examples = [
    {command: '<%= config.bin %> cloud show', description: 'Show the active cloud.'},
    {
      command: '<%= config.bin %> cloud show -n AzureChinaCloud --query endpoints.activeDirectory -o tsv',
      description: "Print a cloud's sign-in endpoint.",
    },
  ]

  static override flags = {
    name: optionalNameFlag,
  }

  public async run(): Promise<CloudOutput> {
    const {flags} = await this.parse(CloudShow)
    const clouds = await service('clouds')
    return toCloudOutput(flags.name === undefined ? await clouds.activeCloud() : await clouds.get(flags.name))
  }
}
