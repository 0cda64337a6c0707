import {AzCommand} from '@azx/core'
import type {AzError} from '@azx/core'
import * as Flags from '@oclif/core/flags'

import {accountStatus, CERTIFICATE_WARNING_DAYS, statusFailure, statusTable} from '../../status.js'
import type {SignInStatus} from '../../status.js'
import {optionalSubscriptionFlag} from '../../subscription-flag.js'

export default class AccountStatus extends AzCommand<SignInStatus[]> {
  static override description = [
    'For every stored sign-in (each user, service principal and managed identity, in each tenant it has subscriptions in), ' +
      'a live check that its credential still yields a token: a silent refresh for a user, a real token request for a service principal ' +
      '(its secret, certificate or federated token, fetched anew from its source when it has one), a request to the endpoint ' +
      'for a managed identity. Nothing interactive ever runs, and no file is changed: the tokens the checks get are kept nowhere.',
    'Each sign-in is reported with `status` OK, Warning (it works, but its certificate expires within ' +
      `${CERTIFICATE_WARNING_DAYS} days), Failed or Unreachable, with \`problem\` (refreshTokenExpired, refreshTokenRevoked, ` +
      'mfaRequired, interactionRequired, secretRejected, secretExpired, certificateRejected, certificateExpired, ' +
      'certificateExpiring, federatedTokenExpired, federatedTokenUnavailable, federatedCredentialMismatch, ' +
      'managedIdentityUnavailable, notSignedIn, unreachable, refused), `detail`, and `fix`: the command that fixes it. ' +
      "`federatedTokenProvider` names where a federated credential's tokens come from (file, github, azure-pipelines).",
    'Exits 0 when every sign-in checked can get a token, 1 otherwise (also when Entra ID cannot be reached).',
  ].join('\n\n')

  static override examples = [
    {command: '<%= config.bin %> account status', description: 'Check every stored sign-in.'},
    {command: '<%= config.bin %> account status -o table', description: 'The same, as a table.'},
    {command: '<%= config.bin %> account status --subscription "My Subscription"', description: 'Check the sign-in a subscription uses.'},
    {
      command: '<%= config.bin %> account status --tenant 00000000-0000-0000-0000-000000000000 --query "[?status!=\'OK\'].fix" -o tsv',
      description: 'The commands that fix the sign-ins of one tenant.',
    },
  ]

  static override flags = {
    subscription: optionalSubscriptionFlag,
    tenant: Flags.string({char: 't', summary: 'Check only the sign-ins of this tenant (ID).'}),
  }

  static override summary = 'Check that the stored sign-ins can still get tokens.'
  static override tableTransformer = statusTable

  public async run(): Promise<SignInStatus[]> {
    const {flags} = await this.parse(AccountStatus)
    return accountStatus(flags)
  }

  protected override failureOf(statuses: SignInStatus[]): AzError | undefined {
    return statusFailure(statuses)
  }
}
