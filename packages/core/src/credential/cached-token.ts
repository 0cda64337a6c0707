/**
 * A stored account's access token read straight from the token cache file, without MSAL: the hot
 * path of `az account get-access-token`, which SDK credential chains run for every token.
 *
 * It answers only where MSAL would answer from the cache too: exactly one bearer token for the
 * account (a user's home account, or a service principal's app), the Azure CLI's or the app's client
 * ID, the authority's host, the tenant and every requested scope, valid for more than MSAL's renewal
 * margin and for `--min-validity`, and not past its `refresh_on`. Anything else (no such token,
 * several, one about to expire, an encrypted or unreadable cache, ADFS, a managed identity) is
 * `undefined`: the caller then asks MSAL (tokenForAccount), which refreshes, explains failures and
 * writes the cache. Nothing is written here, so no lock is taken; the file is replaced atomically by
 * every writer.
 */
import {readFileSync} from 'node:fs'

import type {Cloud} from '../clouds/cloud.js'
import {isAdfs, msalHost} from '../identity/authority.js'
import {AZURE_CLI_CLIENT_ID} from '../identity/scopes.js'
import type {AccessToken} from '../identity/token.js'
import {ConfigFile, configFile} from '../paths/index.js'
import type {StoredSubscription} from '../profile/types.js'
import {service} from '../registry/index.js'
import {listServicePrincipals} from '../service-principals/index.js'
import {parseCacheText, sectionEntries} from '../token-cache/document.js'
import type {CacheDocument, CacheEntry} from '../token-cache/document.js'
import {encryptTokenCache} from '../token-cache/encryption.js'
import {isManagedIdentity} from './account-kind.js'

/** MSAL renews a cached access token this long before it expires (its tokenRenewalOffsetSeconds). */
export const RENEWAL_MARGIN_SECONDS = 300

/** Scopes MSAL adds to every request and leaves out when it compares a request with cached tokens. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access'])

export interface CachedTokenRequest {
  cloud: Cloud
  /** The subscription whose account is used. */
  account: Pick<StoredSubscription, 'tenantId' | 'user'>
  scopes: string[]
  /** Another tenant than the account's (`--tenant`). */
  tenant?: string
  /** The token must stay valid at least this many seconds more (`--min-validity`); undefined otherwise. */
  minValiditySeconds?: number
}

/** What a cached token must match, every string lower-cased. */
interface TokenOwner {
  clientId: string
  environment: string
  /** The home account ID of a user; null for a service principal's app-only tokens. */
  homeAccountId: string | null
  realm: string
  scopes: string[]
}

/** The cached access token MSAL would return for the request, or undefined when MSAL must be asked. */
export async function cachedTokenForAccount(request: CachedTokenRequest, now: number = Date.now()): Promise<AccessToken | undefined> {
  const {account} = request
  const activeDirectory = request.cloud.endpoints.active_directory
  // Without one MSAL is asked, and the sign-in reports the missing endpoint (requiredEndpoint).
  if (!activeDirectory || isAdfs(activeDirectory) || isManagedIdentity(account)) return undefined
  if (encryptTokenCache(await service('settings'))) return undefined
  const realm = (request.tenant ?? account.tenantId).toLowerCase()
  const isUser = account.user.type === 'user'
  const cache = readCache()
  if (!cache || !(isUser || (await hasServicePrincipalEntry(account.user.name, realm)))) return undefined
  // The environment MSAL stored the tokens under: the preferred_cache of authorityOptions.
  const environment = msalHost(activeDirectory)
  const homeAccountId = isUser ? homeAccountOf(cache, account.user.name, environment) : null
  if (homeAccountId === undefined) return undefined
  const owner: TokenOwner = {
    clientId: (isUser ? AZURE_CLI_CLIENT_ID : account.user.name).toLowerCase(),
    environment,
    homeAccountId,
    realm,
    scopes: request.scopes.map((scope) => scope.toLowerCase()).filter((scope) => !OIDC_SCOPES.has(scope)),
  }
  const matches = Object.values(sectionEntries(cache, 'AccessToken')).filter((entry) => belongsTo(entry, owner))
  // Several candidates: MSAL drops them all and asks for a new one, so that is MSAL's job.
  if (matches.length !== 1) return undefined
  const [entry] = matches
  const expiresOn = Number(entry.expires_on)
  const refreshOn = entry.refresh_on === undefined ? undefined : Number(entry.refresh_on)
  const nowSeconds = now / 1000
  if (!(expiresOn - nowSeconds > RENEWAL_MARGIN_SECONDS) || (refreshOn !== undefined && !(refreshOn > nowSeconds))) return undefined
  if (!(expiresOn - nowSeconds >= (request.minValiditySeconds ?? 0))) return undefined
  return {expiresOn: new Date(expiresOn * 1000), tenantId: String(entry.realm), token: String(entry.secret)}
}

function readCache(): CacheDocument | undefined {
  const text = readText(configFile(ConfigFile.tokenCache))
  if (text === undefined) return undefined
  const parsed = parseCacheText(text)
  return parsed.ok ? parsed.document : undefined
}

/** The one home account signed in as `username` at this authority host; undefined for none or several (MSAL says which). */
function homeAccountOf(cache: CacheDocument, username: string, environment: string): string | undefined {
  const homes = new Set<string>()
  for (const entry of Object.values(sectionEntries(cache, 'Account'))) {
    if (lower(entry.username) === username.toLowerCase() && lower(entry.environment) === environment && typeof entry.home_account_id === 'string') {
      homes.add(entry.home_account_id.toLowerCase())
    }
  }

  return homes.size === 1 ? [...homes][0] : undefined
}

/**
 * True when the service principal has an entry for exactly this tenant. Without one, az falls back
 * to another tenant's entry with a warning, which the full path prints.
 */
async function hasServicePrincipalEntry(clientId: string, tenant: string): Promise<boolean> {
  const entries = await listServicePrincipals()
  return entries.some((entry) => entry.client_id === clientId && entry.tenant.toLowerCase() === tenant)
}

function belongsTo(entry: CacheEntry, owner: TokenOwner): boolean {
  const home = entry.home_account_id
  const homeMatches = owner.homeAccountId === null ? home === null || home === '' : lower(home) === owner.homeAccountId
  // Tokens bound to a key, to requested claims or to a user assertion are never what a plain request gets.
  const plain = entry.keyId === undefined && entry.requestedClaimsHash === undefined && entry.userAssertionHash === undefined
  return (
    entry.credential_type === 'AccessToken' &&
    homeMatches &&
    plain &&
    lower(entry.client_id) === owner.clientId &&
    lower(entry.environment) === owner.environment &&
    lower(entry.realm) === owner.realm &&
    (entry.token_type === undefined || lower(entry.token_type) === 'bearer') &&
    typeof entry.secret === 'string' &&
    coversScopes(entry.target, owner.scopes)
  )
}

/** The token's scopes include every requested one (case-insensitively), as MSAL's ScopeSet compares them. */
function coversScopes(target: unknown, requested: string[]): boolean {
  if (typeof target !== 'string') return false
  const granted = new Set(target.toLowerCase().split(' ').filter(Boolean))
  return requested.length > 0 && requested.every((scope) => granted.has(scope))
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
