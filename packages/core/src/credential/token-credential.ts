/**
 * AzxCredential: a `TokenCredential` (@azure/core-auth) over the accounts `az login` stored, so a
 * plugin can hand it to any Azure SDK client. Tokens come from the same places as
 * `az account get-access-token`: the shared MSAL token cache for users, the stored credential for
 * service principals, the endpoint for managed identities.
 *
 * Importing this module is cheap: the token machinery (account-token.ts, MSAL) loads on the first
 * `getToken()` call.
 */
import type {AccessToken, GetTokenOptions, TokenCredential} from '@azure/core-auth'

import {CommandError} from '../errors/index.js'
import type {StoredSubscription} from '../profile/types.js'
import {service} from '../registry/index.js'

/** Which stored account an {@link AzxCredential} signs requests with. */
export interface AzxCredentialOptions {
  /**
   * The subscription whose account is used: its name or ID (any casing), or a subscription already
   * read from the profile. Default: the default subscription of the active cloud (`az account set`).
   */
  subscription?: string | StoredSubscription
  /**
   * The tenant tokens are requested for, unless a `getToken()` call names another. Default: the
   * subscription's tenant.
   */
  tenantId?: string
}

/**
 * A `TokenCredential` for the signed-in account, accepted by every Azure SDK client:
 *
 * ```ts
 * const client = new ResourceManagementClient(new AzxCredential(), subscriptionId, options)
 * ```
 *
 * The account is looked up once, on the first `getToken()`; the cloud is the active one at each
 * call. `getToken()` honours `options.tenantId` (multi-tenant challenges) and `options.claims`
 * (claims challenges of continuous access evaluation and Conditional Access, which the Azure SDK's
 * bearer token policy passes on a `401` with `error="insufficient_claims"`): a token for claims is
 * never taken from the cache. Proof-of-possession tokens are not supported. Failures are az's
 * errors: not signed in is a {@link CommandError} with "Please run 'az login' to setup account.",
 * an expired session or claims the refresh token cannot satisfy carry az's re-login advice (with
 * `--claims-challenge`).
 *
 * Environment: `AZURE_CONFIG_DIR` (where the profile and token cache are), and for the network the
 * variables the `http` service honours (`HTTPS_PROXY`, `NO_PROXY`, `REQUESTS_CA_BUNDLE`).
 */
export class AzxCredential implements TokenCredential {
  private readonly options: AzxCredentialOptions
  private account: Promise<StoredSubscription> | undefined

  constructor(options: AzxCredentialOptions = {}) {
    this.options = options
  }

  /**
   * A token for `scopes` (for ARM: `<active_directory_resource_id>/.default`), from the cache
   * when a valid one is there and no claims are asked for.
   *
   * @throws CommandError when no account is signed in, or the token cannot be had (az's messages).
   */
  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    if (options.abortSignal?.aborted) throw abortError()
    const list = typeof scopes === 'string' ? [scopes] : [...scopes]
    if (list.length === 0) throw new CommandError('A token was requested for no scopes.')
    const [account, cloud, {tokenForAccount}] = await Promise.all([
      this.resolveAccount(),
      service('clouds').then((clouds) => clouds.activeCloud()),
      import('./account-token.js'),
    ])
    const tenant = options.tenantId ?? this.options.tenantId
    const claims = options.claims ? {claims: options.claims} : {}
    const token = await tokenForAccount({account, cloud, ...claims, scopes: list, tenant})
    return {expiresOnTimestamp: token.expiresOn.getTime(), token: token.token, tokenType: 'Bearer'}
  }

  private resolveAccount(): Promise<StoredSubscription> {
    const {subscription} = this.options
    if (typeof subscription === 'object') return Promise.resolve(subscription)
    this.account ??= service('profile').then((profile) => profile.getSubscription(subscription))
    // A failed lookup (not signed in yet) is tried again on the next call.
    this.account.catch(() => (this.account = undefined))
    return this.account
  }
}

/** What the Azure SDK expects when a request is cancelled: an Error named AbortError. */
function abortError(): Error {
  const error = new Error('The operation was aborted.')
  error.name = 'AbortError'
  return error
}
