import {AzCommand, service} from '@azx/core'

import {requiredSubscriptionFlag} from '../../subscription-flag.js'

export default class AccountSet extends AzCommand<undefined> {
  static override description =
    'Takes a subscription ID or name, case-insensitively, from the current cloud; prints nothing. A Disabled subscription may be chosen.'
  static override examples = [{command: '<%= config.bin %> account set --subscription "My Demos"', description: 'Set the default subscription.'}]
  static override flags = {subscription: requiredSubscriptionFlag}
  static override summary = 'Set a subscription to be the current active subscription.'

  public async run(): Promise<undefined> {
    const {flags} = await this.parse(AccountSet)
    await (await service('profile')).setDefaultSubscription(flags.subscription)
    return undefined
  }
}
