/**
 * Tokens for a signed-in user from the shared cache: the cached access token when it is still good
 * (no network at all), otherwise one refreshed with the refresh token, for any tenant the user
 * reaches, one refresh at a time (cache-first.ts). This is the path `az account get-access-token`
 * takes. A request that carries claims (a claims challenge) is never answered from the cache: it
 * goes straight to the refresh token, under the refresh lock (MSAL, too, skips cached access
 * tokens when a request has claims).
 */
import type {AccountInfo} from '@azure/msal-node'

import type {Cloud} from '../clouds/index.js'
import {CommandError} from '../errors/index.js'
import {cacheFirst, checked, renewed, TokenRequestGate} from './cache-first.js'
import {createPublicClient} from './clients.js'
import {toCommandError} from './msal-errors.js'
import {fromMsalResult, livesAtLeast} from './token.js'
import type {AccessToken} from './token.js'

export interface UserTokenRequest {
  cloud: Cloud
  username: string
  tenant: string
  scopes: string[]
  /** Refresh even if the cached token is still valid. */
  forceRefresh?: boolean
  /** A cached token counts only if it stays valid this many seconds more (`--min-validity`). */
  minValiditySeconds?: number
  /** The claims (JSON) a claims challenge asked for; the new token must carry them. */
  claims?: string
}

/** The cached account of `username` (case-insensitive), as az requires exactly one. */
export function pickAccount(accounts: readonly AccountInfo[], username: string): AccountInfo {
  const matches = accounts.filter((account) => account.username.toLowerCase() === username.toLowerCase())
  if (matches.length === 0) throw new CommandError(`User '${username}' does not exist in MSAL token cache. Run \`az login\`.`)
  // One person signed in to several tenants is one account with several tenant profiles; true duplicates
  // (different home accounts with one username) cannot be told apart.
  const homes = new Set(matches.map((account) => account.homeAccountId))
  if (homes.size > 1) {
    throw new CommandError(`Found multiple accounts with the same username '${username}'.`, {
      recommendations: ['Run `az logout --username ' + username + '` and `az login` again.'],
    })
  }

  return matches[0]
}

/**
 * The account as seen from `tenant`. MSAL looks tokens up by the account's tenant, not by the
 * authority's, so a token for another tenant needs the account re-pointed at it; the refresh token
 * (one per user, for every tenant) then gets one if none is cached.
 */
function forTenant(account: AccountInfo, tenant: string): AccountInfo {
  if (tenant === 'organizations' || tenant === 'common' || tenant.toLowerCase() === account.tenantId.toLowerCase()) return account
  const profile = account.tenantProfiles?.get(tenant)
  return {...account, idTokenClaims: undefined, localAccountId: profile?.localAccountId ?? account.localAccountId, tenantId: tenant}
}

/** A token for a signed-in user: from the cache when good enough, else refreshed and stored. */
export function getUserToken(request: UserTokenRequest): Promise<AccessToken> {
  return requestToken(request, request.forceRefresh ? 'renew' : 'cache-first')
}

/**
 * A live check that the user's refresh token still works (`az account status`): a refresh asked of
 * Entra ID whose answer is kept nowhere, so no file changes. Entra ID keeps a refresh token valid
 * after it was used, so the stored one goes on working.
 */
export function checkUserToken(request: UserTokenRequest): Promise<AccessToken> {
  return requestToken(request, 'check')
}

async function requestToken(request: UserTokenRequest, fetch: 'cache-first' | 'renew' | 'check'): Promise<AccessToken> {
  let gate!: TokenRequestGate
  const {app, network} = await createPublicClient(request.cloud, request.tenant, {
    readOnlyCache: fetch === 'check',
    wrapNetwork: (inner) => (gate = new TokenRequestGate(inner)),
  })
  const advice = {claims: request.claims, scopes: request.scopes, tenant: request.tenant}
  try {
    const account = forTenant(pickAccount(await app.getTokenCache().getAllAccounts(), request.username), request.tenant)
    // A request with claims is never answered from the cache: the challenge rejected what it holds.
    const claims = request.claims ? {claims: request.claims} : {}
    const acquire = (renew: boolean) => app.acquireTokenSilent({account, ...claims, forceRefresh: renew, scopes: request.scopes})
    const result =
      fetch === 'check'
        ? await checked(gate, acquire)
        : fetch === 'renew' || request.claims
          ? await renewed(gate, acquire)
          : await cacheFirst(gate, acquire, (cached) => livesAtLeast(cached.expiresOn, request.minValiditySeconds ?? 0))
    return fromMsalResult(result, request.tenant)
  } catch (error) {
    throw toCommandError(error, network, advice)
  }
}
