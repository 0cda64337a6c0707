/**
 * A token for a stored account, whatever signed it in: a user (the shared MSAL cache), a service
 * principal (its stored credential, or federated tokens fetched anew from their source) or a
 * managed identity (its endpoint). `az account get-access-token`, `account list --refresh`, SDK
 * credentials and the live checks of `az account status` all come through here.
 */
import type {Cloud} from '../clouds/index.js'
import {CommandError} from '../errors/index.js'
import type {AccessToken} from '../identity/index.js'
import {livesAtLeast} from '../identity/token.js'
import {log} from '../logger/index.js'
import type {StoredSubscription} from '../profile/index.js'
import {isManagedIdentity} from './account-kind.js'
import {cachedTokenForAccount} from './cached-token.js'

export interface AccountTokenRequest {
  cloud: Cloud
  /** The subscription whose account is used. */
  account: Pick<StoredSubscription, 'tenantId' | 'user'>
  scopes: string[]
  /** Another tenant than the account's (`--tenant`). */
  tenant?: string
  forceRefresh?: boolean
  /** The claims (JSON) of a claims challenge: the token must carry them, so the cache cannot answer. */
  claims?: string
  /**
   * The token must stay valid at least this many seconds (`--min-validity`): a cached one that
   * would not is refreshed first, and a new one that still would not is an error.
   */
  minValiditySeconds?: number
}

export async function tokenForAccount(request: AccountTokenRequest): Promise<AccessToken> {
  // A token MSAL would take from the cache is read from the cache file, without loading MSAL. A
  // refresh, or claims a cached token cannot carry, go to MSAL, which skips its cache for both.
  const cacheMayAnswer = !request.forceRefresh && !request.claims
  const cached = cacheMayAnswer ? await cachedTokenForAccount(request) : undefined
  if (cached) {
    log().debug('credential', 'The access token comes from the token cache file, valid for the request.')
    return cached
  }

  const token = await accountToken(request, 'get')
  const wanted = request.minValiditySeconds ?? 0
  if (!livesAtLeast(token.expiresOn, wanted)) {
    const lifetime = Math.max(0, Math.floor((token.expiresOn.getTime() - Date.now()) / 1000))
    throw new CommandError(
      `A new token was issued, but it is valid for ${lifetime} more seconds, less than the ` +
        `${wanted} --min-validity asks for: tokens for this resource do not live that long.`,
      {recommendations: [`Ask for at most ${lifetime} seconds with --min-validity, and get a new token when it runs low.`]},
    )
  }

  return token
}

/**
 * A live check that the account's credential still yields a token (`az account status`): a token
 * asked of Entra ID (or the managed identity endpoint) whatever the cache holds, and kept nowhere.
 */
export function checkAccountToken(request: Omit<AccountTokenRequest, 'forceRefresh' | 'minValiditySeconds'>): Promise<AccessToken> {
  return accountToken(request, 'check')
}

/**
 * The token from MSAL, the managed identity endpoint or a service principal's credential; the sign-in code loads here,
 * when a cached token would not do.
 */
async function accountToken(request: AccountTokenRequest, purpose: 'get' | 'check'): Promise<AccessToken> {
  const [identity, {federatedSourceOf, findServicePrincipal}] = await Promise.all([
    import('../identity/index.js'),
    import('../service-principals/index.js'),
  ])
  const {
    checkServicePrincipal,
    checkUserToken,
    getManagedIdentityToken,
    getServicePrincipalToken,
    getUserToken,
    scopesToResource,
    selectorFromIdentityInfo,
  } = identity
  const {account} = request
  const tenant = request.tenant ?? account.tenantId
  if (account.user.type === 'user') {
    const userRequest = {
      claims: request.claims,
      cloud: request.cloud,
      forceRefresh: request.forceRefresh,
      minValiditySeconds: request.minValiditySeconds,
      scopes: request.scopes,
      tenant,
      username: account.user.name,
    }
    return purpose === 'check' ? checkUserToken(userRequest) : getUserToken(userRequest)
  }

  if (isManagedIdentity(account)) {
    if (tenant !== account.tenantId) {
      throw new CommandError(
        'For managed identity account, getting access token for non-current tenants is not supported. ' +
          `The specified tenant must be the current tenant ${account.tenantId}`,
      )
    }

    // Managed identity tokens are kept in no file: every request asks the endpoint, a check included.
    return getManagedIdentityToken(
      selectorFromIdentityInfo(account.user.assignedIdentityInfo as string | undefined),
      scopesToResource(request.scopes),
      {claims: request.claims},
    )
  }

  const entry = await findServicePrincipal(account.user.name, tenant)
  const principalRequest = {
    claims: request.claims,
    cloud: request.cloud,
    entry,
    federatedTokens: await federatedSourceOf(entry),
    minValiditySeconds: request.minValiditySeconds,
    scopes: request.scopes,
    tenant,
  }
  return purpose === 'check' ? checkServicePrincipal(principalRequest) : getServicePrincipalToken(principalRequest)
}
