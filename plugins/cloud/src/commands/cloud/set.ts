import {AzCommand, service} from '@azx/core'

import {profileFlag} from '../../cloud-flags.js'
import {requiredNameFlag} from '../../name-flag.js'

export default class CloudSet extends AzCommand<undefined> {
  static override summary = 'Set the active cloud.'
  static override description =
    "Makes a registered cloud (any casing of its name) the one az signs in to, and makes that cloud's last-used " +
    "subscription, or its first enabled one, the default. With --profile, also sets the cloud's API profile."
  static override examples = [
    {command: '<%= config.bin %> cloud set --name MyRegisteredCloud', description: 'Set the active cloud.'},
    {command: '<%= config.bin %> cloud set -n AzureUSGovernment', description: 'Switch to Azure Government.'},
  ]

  static override flags = {
    name: requiredNameFlag,
    profile: profileFlag,
  }

  public async run(): Promise<undefined> {
    const {flags} = await this.parse(CloudSet)
    const outcome = await (await service('profile')).switchCloud(flags.name)
    if (outcome.changed) {
      this.warn(`Switched active cloud to '${outcome.cloud.name}'.`)
      if (outcome.subscription) {
        this.warn(`Active subscription switched to '${outcome.subscription.name} (${outcome.subscription.id})'.`)
      } else if (outcome.subscriptionError) {
        this.warn(outcome.subscriptionError)
        this.warn("Unable to automatically switch the active subscription. Use 'az account set'.")
      } else {
        this.warn("Use 'az login' to log in to this cloud.")
        this.warn("Use 'az account set' to set the active subscription.")
      }
    }

    if (flags.profile !== undefined) await (await service('clouds')).update(outcome.cloud.name, {profile: flags.profile})
    return undefined
  }
}
