import {AzCommand, requiredEndpoint, service} from '@azx/core'

export default class TenantList extends AzCommand<unknown[]> {
  static override description = "The tenants ARM reports for the account of the current subscription (`GET /tenants`), as az's account extension prints them."
  static override examples = [{command: '<%= config.bin %> account tenant list -o table', description: 'List the tenants you can reach.'}]
  static override summary = 'List tenants.'

  public async run(): Promise<unknown[]> {
    await this.parse(TenantList)
    const [profile, clouds] = await Promise.all([service('profile'), service('clouds')])
    const [account, cloud] = await Promise.all([profile.getSubscription(), clouds.activeCloud()])
    const {armGetAll, resourceToScopes, SUBSCRIPTIONS_API_VERSION, tokenForAccount} = await import('@azx/core/auth')
    const resourceManager = requiredEndpoint(cloud, 'resource_manager')
    const token = await tokenForAccount({account, cloud, scopes: resourceToScopes(requiredEndpoint(cloud, 'active_directory_resource_id'))})
    return armGetAll(`${resourceManager.replace(/\/+$/, '')}/tenants?api-version=${SUBSCRIPTIONS_API_VERSION}`, token.token)
  }
}
