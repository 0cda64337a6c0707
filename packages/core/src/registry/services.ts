/**
 * The services the registry knows, by name. Type-only: importing it loads nothing.
 * A service added to @azx/core gets an entry here and a factory in core-services.ts.
 */
export interface CoreServices {
  /** The `config` file and `AZURE_<SECTION>_<KEY>` overrides. */
  readonly settings: import('../settings/index.js').SettingsService
  /** Built-in and custom clouds (`clouds.config`) and the active cloud. */
  readonly clouds: import('../clouds/service.js').CloudService
  /** azureProfile.json: the stored subscriptions and the default one per cloud. */
  readonly profile: import('../profile/service.js').ProfileService
  /** The MSAL token cache shared with az (`msal_token_cache.json`/`.bin`) and its cache plugin. */
  readonly 'token-cache': import('../token-cache/index.js').TokenCacheService
  /** The network client for MSAL and ARM: proxies, CA trust, retries, `--debug` lines. */
  readonly http: import('../http/service.js').HttpService
}
