import {AzCommand} from '@azx/core'

import {clearAccounts} from '../../clear.js'

export default class AccountClear extends AzCommand<undefined> {
  static override description =
    'Forgets every account, subscription, token and service principal credential in the config dir. Settings and clouds stay. Works offline.'
  static override examples = [{command: '<%= config.bin %> account clear', description: 'Sign out of everything.'}]
  static override summary = "Clear all subscriptions from the CLI's local cache."

  public async run(): Promise<undefined> {
    await this.parse(AccountClear)
    await clearAccounts()
    return undefined
  }
}
