import {promises as fs} from 'node:fs'
import {join} from 'node:path'

import type {ICachePlugin} from '@azure/msal-node'

import {ConfigFile, configDir} from '../paths/index.js'
import {withFileLock} from '../store/index.js'
import type {LockOptions} from '../store/index.js'
import {CacheFile} from './cache-file.js'
import {TokenCachePlugin} from './cache-plugin.js'
import type {CacheDocument} from './document.js'
import {accountsIn, removedAnything, removeServicePrincipal, removeUser} from './edits.js'
import type {CacheRemoval, CachedAccount} from './edits.js'
import {EncryptedStore} from './encrypted-store.js'
import {encryptByDefault} from './encryption.js'
import type {OpenOsPersistence} from './encrypted-store.js'
import {PlaintextStore} from './plaintext-store.js'
import {ReadOnlyCachePlugin} from './read-only-plugin.js'
import {RefreshLock} from './refresh-lock.js'

export interface TokenCacheOptions {
  /** The config dir holding the cache. Default: `AZURE_CONFIG_DIR`, else `~/.azure`. */
  dir?: string
  /**
   * Setting `core.encrypt_token_cache` (environment variable `AZURE_CORE_ENCRYPT_TOKEN_CACHE`):
   * keep the cache in the OS's encrypted store as `msal_token_cache.bin` instead of the plaintext
   * `msal_token_cache.json`. Default: {@link encryptByDefault}.
   */
  encrypt?: boolean
  /** How long to wait for another process's lock, and when a lock counts as abandoned. */
  lock?: LockOptions
  /** Opens the OS's encrypted store (tests replace @azure/msal-node-extensions with this). */
  openOsPersistence?: OpenOsPersistence
}

/**
 * The `token-cache` service: the MSAL token cache shared with the Python az, its cache plugin for
 * every MSAL application in the process, and the offline edits logout and `az account clear` need.
 */
export class TokenCacheService {
  /** Whether the cache is kept encrypted (`msal_token_cache.bin`). */
  readonly encrypted: boolean
  /** The cache file in use. */
  readonly path: string
  private readonly dir: string
  private readonly file: CacheFile
  private readonly lockOptions: LockOptions
  private readonly refreshLock: RefreshLock
  private plugin: TokenCachePlugin | undefined

  constructor(options: TokenCacheOptions = {}) {
    this.dir = options.dir ?? configDir()
    this.encrypted = options.encrypt ?? encryptByDefault()
    this.lockOptions = options.lock ?? {}
    this.path = join(this.dir, this.encrypted ? ConfigFile.tokenCacheEncrypted : ConfigFile.tokenCache)
    const store = this.encrypted ? new EncryptedStore(this.path, options.openOsPersistence) : new PlaintextStore(this.path)
    // The Python az's MSAL extensions lock the cache with an flock too.
    this.file = new CacheFile(store, {...this.lockOptions, flock: true})
    this.refreshLock = new RefreshLock(this.path, this.lockOptions)
  }

  /**
   * The plugin to pass every MSAL application as `cache: {cachePlugin}`. One per service, so all
   * applications in the process share what it has read.
   */
  cachePlugin(): ICachePlugin {
    this.plugin ??= new TokenCachePlugin(this.file)
    return this.plugin
  }

  /** The plugin for an application whose tokens are kept nowhere: it reads the cache and never writes it. */
  readOnlyCachePlugin(): ICachePlugin {
    return new ReadOnlyCachePlugin(this.cachePlugin())
  }

  /**
   * Runs `request`, a token request MSAL could not answer from the cache, holding the refresh lock
   * (refresh-lock.ts): one at a time per cache, in this process and across processes, each one
   * reading the cache again first and storing its answer before the next begins. So every refresh
   * sends the newest refresh token, and many processes that need one expired token make one
   * request between them.
   */
  withRefreshLock<T>(request: () => Promise<T>): Promise<T> {
    return this.refreshLock.run(request)
  }

  /** The signed-in users (the cache's Account entries); an unreadable cache is a CommandError. */
  async listAccounts(): Promise<CachedAccount[]> {
    const document = this.file.readable(await this.file.current())
    return document ? accountsIn(document) : []
  }

  /** Removes a user's account and tokens (username matched case-insensitively), under the lock. */
  removeUser(username: string): Promise<CacheRemoval> {
    return this.edit((document) => removeUser(document, username))
  }

  /** Removes a service principal's app-only tokens and app metadata, under the lock. */
  removeServicePrincipal(clientId: string): Promise<CacheRemoval> {
    return this.edit((document) => removeServicePrincipal(document, clientId))
  }

  /**
   * For `az login` before it reads the cache: an unreadable cache is moved aside with a warning (as
   * a sign-in's write would do), so the sign-in starts from an empty cache instead of failing. True
   * if something was moved. A keyring item cannot be moved: then the CommandError stands.
   */
  async keepUnreadableAside(): Promise<boolean> {
    return this.file.withLock(async () => {
      const loaded = await this.file.load()
      if (loaded.kind !== 'unreadable') return false
      if (!(await this.file.keepAside(loaded.problem))) this.file.readable(loaded)
      return true
    })
  }

  /**
   * Deletes the cache, encrypted and plaintext (`az account clear`, or `az logout` of the last
   * account), whatever they hold: this is also the way out of an unreadable cache.
   */
  async clear(): Promise<void> {
    await this.file.withLock(() => this.file.remove())
    const other = join(this.dir, this.encrypted ? ConfigFile.tokenCache : ConfigFile.tokenCacheEncrypted)
    await withFileLock(other, () => fs.rm(other, {force: true}), {...this.lockOptions, flock: true})
  }

  private edit(change: (document: CacheDocument) => CacheRemoval): Promise<CacheRemoval> {
    return this.file.withLock(async () => {
      const document = structuredClone(this.file.readable(await this.file.load()) ?? {})
      const removal = change(document)
      if (removedAnything(removal)) await this.file.write(document)
      return removal
    })
  }
}
