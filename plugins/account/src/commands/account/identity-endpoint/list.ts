import {AzCommand} from '@azx/core'

import {runningEndpoints} from '../../../identity-endpoint/records.js'
import type {EndpointRecord} from '../../../identity-endpoint/records.js'

export default class AccountIdentityEndpointList extends AzCommand<EndpointRecord[]> {
  static override description =
    'The identity endpoints that `az account identity-endpoint start --detach` started with this config dir and that still run: ' +
    'where each listens, whose tokens it serves, for which resources, and its log file. Their secrets are not kept, and not shown.'
  static override examples = [
    {command: '<%= config.bin %> account identity-endpoint list --output table', description: 'List the endpoints running in the background.'},
  ]

  static override summary = 'List identity endpoints running in the background.'

  static override tableTransformer = (result: unknown): unknown =>
    (result as EndpointRecord[]).map((record) => ({
      Port: record.port,
      Process: record.pid,
      Endpoint: record.endpoint,
      User: record.user,
      Tenant: record.tenant,
      Resources: record.allowedResources.length === 0 ? 'any' : record.allowedResources.join(' '),
      Log: record.logFile,
    }))

  public async run(): Promise<EndpointRecord[]> {
    await this.parse(AccountIdentityEndpointList)
    return runningEndpoints()
  }
}
