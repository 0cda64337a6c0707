/**
 * A token for a stored account, whatever signed it in: a user (the shared MSAL cache), a service
 * principal (its stored credential) or a managed identity (its endpoint). `az account
 * get-access-token`, `account list --refresh` and SDK credentials all come through here.
 */
import type {Cloud} from '../clouds/index.js'
import {CommandError} from '../errors/index.js'
import {getManagedIdentityToken, getServicePrincipalToken, getUserToken, scopesToResource, selectorFromIdentityInfo} from '../identity/index.js'
import type {AccessToken} from '../identity/index.js'
import type {StoredSubscription} from '../profile/index.js'
import {findServicePrincipal} from '../service-principals/index.js'
import {isManagedIdentity} from './account-kind.js'

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
}

export async function tokenForAccount(request: AccountTokenRequest): Promise<AccessToken> {
  const {account} = request
  const tenant = request.tenant ?? account.tenantId
  if (account.user.type === 'user') {
    return getUserToken({claims: request.claims, cloud: request.cloud, forceRefresh: request.forceRefresh, scopes: request.scopes, tenant, username: account.user.name})
  }

  if (isManagedIdentity(account)) {
    if (tenant !== account.tenantId) {
      throw new CommandError(
        `For managed identity account, getting access token for non-current tenants is not supported. The specified tenant must be the current tenant ${account.tenantId}`,
      )
    }

    return getManagedIdentityToken(selectorFromIdentityInfo(account.user.assignedIdentityInfo as string | undefined), scopesToResource(request.scopes), {claims: request.claims})
  }

  const entry = await findServicePrincipal(account.user.name, tenant)
  return getServicePrincipalToken({claims: request.claims, cloud: request.cloud, entry, scopes: request.scopes, tenant})
}
