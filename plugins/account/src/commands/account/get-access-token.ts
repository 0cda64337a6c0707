import {AzCommand, enumFlag} from '@azx/core'
import * as Flags from '@oclif/core/flags'

import {accessTokenRequest, getAccessToken, parseMinValidity, RESOURCE_TYPES} from '../../access-token.js'
import type {AccessTokenOutput, ResourceType} from '../../access-token.js'
import {optionalSubscriptionFlag} from '../../subscription-flag.js'

export default class AccountGetAccessToken extends AzCommand<AccessTokenOutput> {
  static override description = [
    'The token is valid for at least 5 minutes and at most 60 minutes. A cached token that ' +
      'is still valid is returned without any network request; one close to expiry is refreshed.',
    '`--min-validity SECONDS` asks for a token that stays valid at least that long (for a job about ' +
      'to run for a while): a cached one that would not is refreshed first, and when even a new one ' +
      "would not (Entra ID's tokens live about an hour) the command fails, exit 1, printing no token.",
    '`expires_on` is the expiry as POSIX seconds (UTC); `expiresOn`, kept for compatibility, ' +
      'is the same instant as local time without a time zone, which is ambiguous: prefer `expires_on`.',
  ].join('\n\n')

  static override examples = [
    {command: '<%= config.bin %> account get-access-token', description: 'Get an access token for the current account, for Azure Resource Manager.'},
    {
      command: '<%= config.bin %> account get-access-token --subscription 00000000-0000-0000-0000-000000000000',
      description: 'Get an access token for a given subscription.',
    },
    {
      command: '<%= config.bin %> account get-access-token --tenant 00000000-0000-0000-0000-000000000000',
      description: 'Get an access token for a given tenant.',
    },
    {command: '<%= config.bin %> account get-access-token --resource-type ms-graph', description: 'Get an access token for Microsoft Graph.'},
    {
      command: '<%= config.bin %> account get-access-token --query accessToken --output tsv',
      description: 'Print the bare token, for a shell pipeline.',
    },
    {command: '<%= config.bin %> account get-access-token --min-validity 3000', description: 'Get a token that is still valid in 50 minutes.'},
  ]

  static override flags = {
    'min-validity': Flags.custom<number>({
      helpValue: 'SECONDS',
      parse: async (input) => parseMinValidity(input),
      summary: 'The token must stay valid at least this many seconds; a cached one that would not is refreshed first.',
    })(),
    resource: Flags.string({summary: 'Azure resource endpoints in AAD v1.0.'}),
    'resource-type': enumFlag({options: Object.keys(RESOURCE_TYPES) as ResourceType[], summary: 'Type of well-known resource.'}),
    scope: Flags.string({multiple: true, summary: 'Space-separated AAD scopes in AAD v2.0. Default to Azure Resource Manager.'}),
    // az gives every `account` command `--subscription/-s/--name/-n`, get-access-token included.
    subscription: optionalSubscriptionFlag,
    tenant: Flags.string({
      char: 't',
      summary:
        'Tenant ID for which the token is acquired. Only available for user and service principal account, not for MSI or Cloud Shell account.',
    }),
  }

  static override summary = 'Get a token for utilities to access Azure.'

  public async run(): Promise<AccessTokenOutput> {
    const {flags} = await this.parse(AccountGetAccessToken)
    return getAccessToken(accessTokenRequest(flags))
  }
}
