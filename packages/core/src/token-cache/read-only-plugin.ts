import type {ICachePlugin, TokenCacheContext} from '@azure/msal-node'

/**
 * The cache plugin of an application whose tokens must be kept nowhere (`az account status`, which
 * may change no file): it reads the shared file as the shared plugin does, and lets MSAL store what
 * it receives in the application's memory only. No lock is taken, as nothing is written.
 */
export class ReadOnlyCachePlugin implements ICachePlugin {
  constructor(private readonly reader: ICachePlugin) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) await this.reader.beforeCacheAccess(context)
  }

  async afterCacheAccess(): Promise<void> {}
}
