import {AzCommand} from '@azx/core'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {includeExtendedLocations, listLocations} from '../../locations.js'
import {optionalSubscriptionFlag} from '../../subscription-flag.js'

export default class AccountListLocations extends AzCommand<unknown[]> {
  // az's flag takes an optional value (`--include-extended-locations false`); oclif's booleans take none.
  static override args = {value: Args.string({hidden: true})}
  static override description = [
    'The regions ARM offers the subscription (`GET /subscriptions/{id}/locations`), as ARM lists them: ' +
      'name, display names, type, metadata (geography, paired regions, coordinates) and availability zone mappings. ' +
      '`--include-extended-locations` adds edge zones (`type: EdgeZone`, `metadata.homeLocation`).',
    '`-o table` shows DisplayName, Name and RegionalDisplayName, as az does.',
  ].join('\n\n')

  static override examples = [
    {command: '<%= config.bin %> account list-locations -o table', description: 'List supported regions for the current subscription.'},
    {
      command: '<%= config.bin %> account list-locations --include-extended-locations --query "[?type==\'EdgeZone\'].name" -o tsv',
      description: 'Names of the edge zones.',
    },
    {
      command: '<%= config.bin %> account list-locations --subscription "My Demos" --query "[].name" -o tsv',
      description: 'Region names of another subscription.',
    },
  ]

  static override flags = {
    'include-extended-locations': Flags.boolean({
      summary: 'Whether to include extended locations (edge zones). Takes an optional value: true, false, yes, no, 1, 0…',
    }),
    subscription: optionalSubscriptionFlag,
  }

  static override summary = 'List supported regions for the current subscription.'

  public async run(): Promise<unknown[]> {
    const {args, flags} = await this.parse(AccountListLocations)
    return listLocations({
      includeExtended: includeExtendedLocations(flags['include-extended-locations'], args.value),
      subscription: flags.subscription,
    })
  }
}
