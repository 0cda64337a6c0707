/**
 * The token cache az and azx share: `msal_token_cache.json` in the config dir (`AZURE_CONFIG_DIR`,
 * else `~/.azure`) in MSAL's unified schema, laid out as the Python az writes it, mode 0600; or,
 * with `core.encrypt_token_cache` (`AZURE_CORE_ENCRYPT_TOKEN_CACHE`; on by default on Windows only),
 * `msal_token_cache.bin` through @azure/msal-node-extensions (DPAPI, Keychain, libsecret).
 *
 * Many processes may use it at once (Terraform, CI matrices): writers hold a cross-process lock with
 * stale-lock recovery and replace the file atomically; readers take no lock. An unreadable file is
 * never silently replaced. What MSAL Node writes is keyed and shaped so that the Python az reads,
 * refreshes and removes it too (interop.ts).
 */
export {accountsIn, removedAnything} from './edits.js'
export type {CacheRemoval, CachedAccount} from './edits.js'
export {CACHE_SECTIONS, formatCacheDocument, parseCacheText} from './document.js'
export type {CacheDocument, CacheEntry, CacheSection, ParsedCache} from './document.js'
export {encryptByDefault, encryptTokenCache} from './encryption.js'
export {TokenCacheService} from './service.js'
export type {TokenCacheOptions} from './service.js'
export type {OpenOsPersistence} from './encrypted-store.js'
export type {OsPersistence} from './msal-extensions.js'
