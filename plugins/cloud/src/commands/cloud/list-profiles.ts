import {AzCommand, service} from '@azx/core'
import * as Flags from '@oclif/core/flags'

import {optionalNameFlag} from '../../name-flag.js'

export default class CloudListProfiles extends AzCommand<string[]> {
  static override summary = 'List the supported profiles for a cloud.'
  static override description = 'Lists the API profiles a cloud may be set to with --profile. Every cloud supports the same profiles.'
  static override examples = [{command: '<%= config.bin %> cloud list-profiles', description: 'List the supported profiles.'}]

  static override flags = {
    name: optionalNameFlag,
    'show-all': Flags.boolean({summary: 'Show all available profiles supported in the CLI.'}),
  }

  public async run(): Promise<string[]> {
    await this.parse(CloudListProfiles)
    return [...(await service('clouds')).profiles()]
  }
}
