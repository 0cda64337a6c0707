import type {ICachePlugin, ISerializableTokenCache, TokenCacheContext} from '@azure/msal-node'

import type {CacheFile, LoadedCache, Unlock} from './cache-file.js'
import type {CacheDocument} from './document.js'
import {unreadableCacheError} from './errors.js'
import {forMsalNode, forSharedFile, hasAppOnlyNulls} from './interop.js'

/** MSAL Node's TokenCache: the serializable cache plus its key-value store (public, but not on the interface). */
interface MsalTokenCache extends ISerializableTokenCache {
  getKVStore?(): Record<string, unknown>
}

/** Keys of MSAL's in-memory-only entries, which are not in the file and must survive a reload. */
const MEMORY_ONLY_PREFIXES = ['authority-metadata', 'server-telemetry', 'throttling']

/** The file version an MSAL TokenCache holds in memory: its signature, text and document (undefined: no file). */
interface Synced {
  document: CacheDocument | undefined
  signature: string
  text: string | undefined
}

/**
 * The MSAL Node cache plugin over the shared cache file.
 *
 * Lock discipline: hold the lock from beforeCacheAccess to afterCacheAccess, for writes only. MSAL
 * Node 7 tells which is which up front (`context.cacheHasChanged` is set when the context is made):
 * it reads the cache in one context (cacheHasChanged false), goes to the network outside any
 * context, and saves the response in a second one (true) that wraps only the in-memory save. So
 * holding the lock across a write context serializes a few milliseconds of work, never a token
 * refresh, and needs no merge: under the lock the in-memory cache is reloaded if the file changed,
 * MSAL applies its change to that, and the result replaces the file atomically. Removals (logout,
 * removeAccount) stay removed, and another process's new tokens are never dropped. What MSAL Node
 * writes is stored in the form the Python az reads and edits too (interop.ts).
 *
 * Reads take no lock (files are replaced atomically, so a reader sees a whole version) and cost one
 * stat when the file's signature is the one this TokenCache last loaded. A write compares content
 * instead: a signature can repeat (a reused inode, equal size, two writes within one clock tick),
 * and a stale view under the lock would lose another process's update.
 *
 * Every change is stored when MSAL makes it, never held back in memory: a refresh token MSAL
 * receives must be in the file before the next token request, in this process or another, reads
 * the cache (see refresh-lock.ts).
 */
export class TokenCachePlugin implements ICachePlugin {
  /** The version each MSAL TokenCache (one per application) holds in memory. */
  private readonly synced = new WeakMap<object, Synced>()
  /** TokenCaches inside a write context: the lock's release, once held. */
  private readonly writing = new Map<object, Unlock | undefined>()

  constructor(private readonly file: CacheFile) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const cache = context.tokenCache as MsalTokenCache
    if (!context.cacheHasChanged) {
      await this.syncForRead(cache)
      return
    }

    this.writing.set(cache, undefined)
    let unlock: Unlock | undefined
    try {
      unlock = await this.file.lock()
      await this.syncForWrite(cache)
      this.writing.set(cache, unlock)
    } catch (error) {
      this.writing.delete(cache)
      await unlock?.()
      throw error
    }
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    const cache = context.tokenCache as MsalTokenCache
    const unlock = this.writing.get(cache)
    // MSAL also calls this when beforeCacheAccess failed, and after a read.
    if (!unlock) return
    this.writing.delete(cache)
    try {
      if (!context.cacheHasChanged) return
      const previous = this.synced.get(cache)?.document
      const document = forSharedFile(JSON.parse(cache.serialize()) as CacheDocument, previous, Math.floor(Date.now() / 1000))
      const stored = await this.file.write(document)
      // MSAL rebuilds its memory from the text last deserialized (acquireTokenSilent begins with
      // overwriteCache()), so that text must be what the file now holds, or this write is undone;
      // and the entries it keyed its own way must go, or it would find them twice.
      replaceContents(cache, msalText({document, kind: 'readable', signature: stored.signature, text: stored.text}))
      this.synced.set(cache, {...stored, document})
    } finally {
      await unlock()
    }
  }

  /** Loads the file's current version if it changed; an unreadable file is an error naming it. */
  private async syncForRead(cache: MsalTokenCache): Promise<void> {
    const signature = await this.file.signature()
    if (this.synced.get(cache)?.signature === signature) return
    const loaded = this.file.remembered(signature) ?? (await this.file.load())
    if (loaded.kind === 'unreadable') throw unreadableCacheError(this.file.path, loaded.problem)
    // A read that finishes while a write of the same cache is under way must not undo its changes.
    if (this.writing.has(cache)) return
    this.adopt(cache, loaded)
  }

  /** Under the lock: loads the file unless its content is what memory holds; an unreadable file is kept aside and replaced. */
  private async syncForWrite(cache: MsalTokenCache): Promise<void> {
    let loaded = await this.file.load()
    if (loaded.kind === 'unreadable') {
      if (!(await this.file.keepAside(loaded.problem))) throw unreadableCacheError(this.file.path, loaded.problem)
      loaded = {kind: 'absent', signature: await this.file.signature()}
    }

    this.adopt(cache, loaded)
  }

  private adopt(cache: MsalTokenCache, loaded: LoadedCache): void {
    const readable = loaded.kind === 'readable' ? loaded : undefined
    const synced = this.synced.get(cache)
    if (!synced || synced.text !== readable?.text) replaceContents(cache, msalText(loaded))
    this.synced.set(cache, {document: readable?.document, signature: loaded.signature, text: readable?.text})
  }
}

/**
 * The text to hand MSAL Node: its deserialize() cannot take an empty file or a byte order mark, and
 * app-only tokens need its form of `home_account_id` (interop.ts).
 */
function msalText(loaded: LoadedCache): string {
  if (loaded.kind !== 'readable') return '{}'
  const {document, text} = loaded
  if (hasAppOnlyNulls(document)) return JSON.stringify(forMsalNode(document))
  return text.trim() === '' || text.startsWith('\uFEFF') ? JSON.stringify(document) : text
}

/**
 * Loads `text` into the TokenCache as its whole content. deserialize() alone only adds entries,
 * so an account another process removed would come back; the persisted entries go first.
 */
function replaceContents(cache: MsalTokenCache, text: string): void {
  const store = cache.getKVStore?.()
  if (store) {
    for (const key of Object.keys(store)) {
      if (!MEMORY_ONLY_PREFIXES.some((prefix) => key.startsWith(prefix))) delete store[key]
    }
  }

  cache.deserialize(text)
}
