/**
 * Offline reads and edits of a cache document: what `az logout`, `az account` and the identity
 * service need without building an MSAL application or touching the network.
 */
import {sectionEntries} from './document.js'
import type {CacheDocument, CacheEntry, CacheSection} from './document.js'

/** An Account entry of the cache (a signed-in user). */
export interface CachedAccount {
  /** `<oid>.<tid>`: the key that ties the user's tokens together. */
  homeAccountId: string
  /** The authority host, e.g. `login.microsoftonline.com`. */
  environment: string
  /** The tenant the account entry was written for (a tenant id, or `organizations`). */
  realm: string
  localAccountId: string
  username: string
  authorityType: string
}

/** What an edit removed, entry by entry. */
export interface CacheRemoval {
  accounts: number
  accessTokens: number
  refreshTokens: number
  idTokens: number
  appMetadata: number
}

const CREDENTIAL_SECTIONS = ['AccessToken', 'RefreshToken', 'IdToken'] as const satisfies readonly CacheSection[]

/** Every Account entry, in file order. */
export function accountsIn(document: CacheDocument): CachedAccount[] {
  return Object.values(sectionEntries(document, 'Account')).map((entry) => ({
    authorityType: text(entry.authority_type),
    environment: text(entry.environment),
    homeAccountId: text(entry.home_account_id),
    localAccountId: text(entry.local_account_id),
    realm: text(entry.realm),
    username: text(entry.username),
  }))
}

/**
 * Removes a user: every Account whose `username` matches (case-insensitively, as az's
 * `get_accounts(username)` does) and every access, refresh and ID token of those accounts'
 * `home_account_id`, whatever the client or tenant. App metadata is kept: it describes the client
 * app (its token family), not the user, and MSAL Python keeps it too.
 */
export function removeUser(document: CacheDocument, username: string): CacheRemoval {
  const wanted = username.toLowerCase()
  const homeIds = new Set<string>()
  const removal = emptyRemoval()
  removal.accounts = removeWhere(document, 'Account', (entry) => {
    const matches = text(entry.username).toLowerCase() === wanted
    if (matches && typeof entry.home_account_id === 'string') homeIds.add(entry.home_account_id.toLowerCase())
    return matches
  })
  if (homeIds.size === 0) return removal
  const ownedByUser = (entry: CacheEntry): boolean => typeof entry.home_account_id === 'string' && homeIds.has(entry.home_account_id.toLowerCase())
  countCredentials(removal, document, ownedByUser)
  return removal
}

/**
 * Removes a service principal's tokens: the app-only credentials (no `home_account_id`, which is
 * null in MSAL Python's files and empty in MSAL Node's) issued to `clientId`, and the app metadata
 * of that client id, which only its own sign-ins write.
 */
export function removeServicePrincipal(document: CacheDocument, clientId: string): CacheRemoval {
  const wanted = clientId.toLowerCase()
  const ofClient = (entry: CacheEntry): boolean => text(entry.client_id).toLowerCase() === wanted
  const removal = emptyRemoval()
  countCredentials(removal, document, (entry) => ofClient(entry) && !entry.home_account_id)
  removal.appMetadata = removeWhere(document, 'AppMetadata', ofClient)
  return removal
}

/** True when the edit removed anything. */
export function removedAnything(removal: CacheRemoval): boolean {
  return Object.values(removal).some((count) => count > 0)
}

function countCredentials(removal: CacheRemoval, document: CacheDocument, matches: (entry: CacheEntry) => boolean): void {
  const [accessTokens, refreshTokens, idTokens] = CREDENTIAL_SECTIONS.map((section) => removeWhere(document, section, matches))
  removal.accessTokens = accessTokens
  removal.refreshTokens = refreshTokens
  removal.idTokens = idTokens
}

function removeWhere(document: CacheDocument, section: CacheSection, matches: (entry: CacheEntry) => boolean): number {
  const entries = document[section]
  if (!entries) return 0
  let removed = 0
  for (const [key, entry] of Object.entries(entries)) {
    if (!matches(entry)) continue
    delete entries[key]
    removed++
  }

  return removed
}

function emptyRemoval(): CacheRemoval {
  return {accessTokens: 0, accounts: 0, appMetadata: 0, idTokens: 0, refreshTokens: 0}
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
