import {AzCommand, service, toCloudOutput} from '@azx/core'
import type {CloudOutput} from '@azx/core'

export default class CloudList extends AzCommand<CloudOutput[]> {
  static override summary = 'List registered clouds.'
  static override description =
    'Lists the built-in clouds (AzureCloud, AzureChinaCloud, AzureUSGovernment) and the custom clouds in ' +
    'clouds.config, with their endpoints, suffixes and profile; isActive marks the cloud az signs in to.'
  static override examples = [
    {command: '<%= config.bin %> cloud list', description: 'List registered clouds with all their endpoints.'},
    {command: '<%= config.bin %> cloud list -o table', description: 'List the clouds as a table of names and profiles.'},
    {command: '<%= config.bin %> cloud list --query "[?isActive].name" -o tsv', description: 'Print the name of the active cloud.'},
  ]

  public async run(): Promise<CloudOutput[]> {
    await this.parse(CloudList)
    const clouds = await service('clouds')
    return (await clouds.list()).map((cloud) => toCloudOutput(cloud))
  }
}
