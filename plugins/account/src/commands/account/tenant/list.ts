import {AzCommand, resolveSubscriptionContext} from '@azx/core'

import {armAuthorization} from '../../../arm-authorization.js'

export default class AccountTenantList extends AzCommand<unknown[]> {
  static override description =
    "The tenants ARM reports for the account of the current subscription (`GET /tenants`), as az's account extension prints them."
  static override examples = [{command: '<%= config.bin %> account tenant list -o table', description: 'List the tenants you can reach.'}]
  static override summary = 'List tenants.'

  public async run(): Promise<unknown[]> {
    await this.parse(AccountTenantList)
    const context = await resolveSubscriptionContext()
    const {armGetAll, SUBSCRIPTIONS_API_VERSION} = await import('@azx/core/auth')
    return armGetAll(`${context.armClientOptions.endpoint}/tenants?api-version=${SUBSCRIPTIONS_API_VERSION}`, armAuthorization(context))
  }
}
