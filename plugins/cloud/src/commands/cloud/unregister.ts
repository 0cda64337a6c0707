import {AzCommand, service} from '@azx/core'

import {requiredNameFlag} from '../../name-flag.js'

export default class CloudUnregister extends AzCommand<undefined> {
  static override summary = 'Unregister a cloud.'
  static override description = 'Removes a custom cloud from clouds.config. Built-in clouds and the active cloud cannot be unregistered.'
  static override examples = [{command: '<%= config.bin %> cloud unregister --name MyRegisteredCloud', description: 'Unregister a cloud.'}]

  static override flags = {
    name: requiredNameFlag,
  }

  public async run(): Promise<undefined> {
    const {flags} = await this.parse(CloudUnregister)
    await (await service('clouds')).unregister(flags.name)
    return undefined
  }
}
