import {AzCommand, log, service, toAccountListEntry} from '@azx/core'
import type {AccountListEntry} from '@azx/core'
import * as Flags from '@oclif/core/flags'

import {refreshAccounts} from '../../refresh.js'
import {accountListTable} from '../../table.js'

export default class AccountList extends AzCommand<AccountListEntry[]> {
  static override description =
    'Subscriptions of the current cloud that are Enabled; `--all` lists every cloud and state. `--refresh` finds them again with the stored accounts.'
  static override examples = [
    {command: '<%= config.bin %> account list -o table', description: 'List the subscriptions as a table.'},
    {command: '<%= config.bin %> account list --all --refresh', description: 'Find the subscriptions again, then list all of them.'},
  ]

  static override flags = {
    all: Flags.boolean({summary: "List all subscriptions from all clouds, rather than just 'Enabled' ones."}),
    refresh: Flags.boolean({summary: 'Retrieve up-to-date subscriptions from server.'}),
  }

  static override summary = 'Get a list of subscriptions for the logged in account.'
  static override tableTransformer = accountListTable

  public async run(): Promise<AccountListEntry[]> {
    const {flags} = await this.parse(AccountList)
    if (flags.refresh) await refreshAccounts()
    const profile = await service('profile')
    const stored = await profile.listSubscriptions({allClouds: flags.all})
    const shown = flags.all ? stored : stored.filter((subscription) => subscription.state === 'Enabled')
    if (shown.length < stored.length) log().warning("A few accounts are skipped as they don't have 'Enabled' state. Use '--all' to display them.")
    if (stored.length === 0) log().warning('Please run "az login" to access your accounts.')
    return shown.map((subscription) => toAccountListEntry(subscription))
  }
}
