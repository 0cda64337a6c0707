import {AzCommand, service} from '@azx/core'
import type {StoredSubscription} from '@azx/core'

import {optionalSubscriptionFlag} from '../../subscription-flag.js'

export default class AccountShow extends AzCommand<StoredSubscription> {
  static override description =
    'The default subscription, or the one named by ID or name (case-insensitively), as stored: with `environmentName`, as az prints it.'
  static override examples = [
    {command: '<%= config.bin %> account show', description: 'Get the details of the current subscription.'},
    {command: '<%= config.bin %> account show --subscription "My Demos"', description: 'Get the details of a subscription by name.'},
  ]

  static override flags = {subscription: optionalSubscriptionFlag}
  static override summary = 'Get the details of a subscription.'

  public async run(): Promise<StoredSubscription> {
    const {flags} = await this.parse(AccountShow)
    return (await service('profile')).getSubscription(flags.subscription)
  }
}
