/**
 * Whether the token cache and service principal entries are kept encrypted. A module of its own so
 * that readers which only need the answer (the cached-token reader) load nothing else.
 */
import type {SettingsService} from '../settings/index.js'

/** az's default for `core.encrypt_token_cache`: on for Windows (DPAPI), off elsewhere. */
export function encryptByDefault(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32'
}

/** Setting `core.encrypt_token_cache` (environment variable `AZURE_CORE_ENCRYPT_TOKEN_CACHE`), else {@link encryptByDefault}. */
export function encryptTokenCache(settings: Pick<SettingsService, 'getBoolean'>): boolean {
  return settings.getBoolean('core', 'encrypt_token_cache', encryptByDefault())
}
