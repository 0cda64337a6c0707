import {setTimeout as sleep} from 'node:timers/promises'

import {log} from '../logger/index.js'
import {ProcessTurn, withFileLock} from '../store/index.js'
import type {LockOptions} from '../store/index.js'
import type {CacheStore} from './cache-store.js'
import {formatCacheDocument, parseCacheText} from './document.js'
import type {CacheDocument} from './document.js'
import {unreadableCacheError} from './errors.js'
import {ABSENT} from './file-signature.js'

/** One version of the cache as read: missing, readable, or not (with what is wrong). */
export type LoadedCache =
  | {document: CacheDocument; kind: 'readable'; signature: string; text: string}
  | {kind: 'absent'; signature: string}
  | {kind: 'unreadable'; problem: string; signature: string}

/** Releases a lock taken with {@link CacheFile.lock}. */
export type Unlock = () => Promise<void>

/**
 * Reads of a file another program writes in place can see half a write, or none: the Python az
 * truncates the cache, then writes it (msal_extensions FilePersistence.save), and a busy machine can
 * keep it between the two for tens of ms. Tried again after 25, 50, 75 and 100 ms.
 */
const READ_ATTEMPTS = 5
const RETRY_DELAY_MS = 25

/**
 * The cache as one process sees it: reads that remember the last version by signature, the lock
 * every writer holds, and writes in the Python az's layout. Shared by the MSAL cache plugin and the
 * offline edits, so both take turns in-process before taking the cross-process lock.
 */
export class CacheFile {
  private last: LoadedCache | undefined
  private readonly turn = new ProcessTurn()

  constructor(
    readonly store: CacheStore,
    private readonly lockOptions: LockOptions = {},
  ) {}

  get path(): string {
    return this.store.path
  }

  /** The file's signature now (one stat). */
  signature(): Promise<string> {
    return this.store.signature()
  }

  /** The version last read or written, if `signature` is still it: no need to read again. */
  remembered(signature: string): LoadedCache | undefined {
    return this.last?.signature === signature ? this.last : undefined
  }

  /**
   * The cache's current version for a read: the remembered one when the file's signature has not
   * changed (one stat), read otherwise. Writers use {@link load}, which compares content.
   */
  async current(): Promise<LoadedCache> {
    return this.remembered(await this.signature()) ?? this.load()
  }

  /**
   * Reads and checks the cache. Text equal to the version remembered is not parsed again. Unreadable
   * or empty text is read again a few times, in case a writer that does not replace the file
   * atomically (the Python az) was mid-way; a file still empty after that is an empty cache.
   */
  async load(): Promise<LoadedCache> {
    let loaded: LoadedCache = {kind: 'absent', signature: ABSENT}
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      if (attempt > 1) await sleep(RETRY_DELAY_MS * (attempt - 1))
      const stored = await this.store.read()
      if (stored === undefined) {
        loaded = {kind: 'absent', signature: ABSENT}
        break
      }

      const empty = stored.text.trim() === ''
      if (!empty && this.last?.kind === 'readable' && this.last.text === stored.text) {
        loaded = {...this.last, signature: stored.signature}
        break
      }

      const parsed = parseCacheText(stored.text)
      loaded = parsed.ok
        ? {document: parsed.document, kind: 'readable', signature: stored.signature, text: stored.text}
        : {kind: 'unreadable', problem: parsed.problem, signature: stored.signature}
      if (parsed.ok && !empty) break
    }

    log().debug('token-cache', () => `Read ${this.path}: ${loaded.kind}`)
    return this.remember(loaded)
  }

  /** The document of a loaded cache; a CommandError naming the file when it is unreadable. */
  readable(loaded: LoadedCache): CacheDocument | undefined {
    if (loaded.kind === 'unreadable') throw unreadableCacheError(this.path, loaded.problem)
    return loaded.kind === 'readable' ? loaded.document : undefined
  }

  /**
   * Takes the lock: first this process's turn (so its own writers never wait on a lock file that
   * holds their own PID), then `<file>.lockfile` across processes, with stale-lock recovery (store).
   */
  async lock(): Promise<Unlock> {
    const endTurn = await this.turn.take()
    try {
      const unlockFile = await holdFileLock(this.path, this.lockOptions)
      return async () => {
        try {
          await unlockFile()
        } finally {
          endTurn()
        }
      }
    } catch (error) {
      endTurn()
      throw error
    }
  }

  /** Runs `fn` holding the lock. */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const unlock = await this.lock()
    try {
      return await fn()
    } finally {
      await unlock()
    }
  }

  /**
   * Stores a cache (MSAL's serialize() output or a document) in the Python az's layout, unless it
   * is what the file already holds. The caller holds the lock. Returns the version now stored.
   */
  async write(cache: CacheDocument | string): Promise<{signature: string; text: string}> {
    const document = (typeof cache === 'string' ? JSON.parse(cache) : cache) as CacheDocument
    const text = formatCacheDocument(document)
    const current = await this.store.signature()
    const known = this.remembered(current)
    if (known?.kind === 'readable' && known.text === text) return {signature: current, text}
    const signature = await this.store.write(text)
    log().debug('token-cache', `Wrote ${this.path}`)
    this.remember({document, kind: 'readable', signature, text})
    return {signature, text}
  }

  /**
   * Moves an unreadable cache aside (`<file>.corrupt-<time>-<random>`) and warns, before a write replaces
   * it. False when the store cannot keep it (a keyring item): then nothing may replace it.
   */
  async keepAside(problem: string): Promise<boolean> {
    const kept = await this.store.keepAside()
    if (kept === undefined) return false
    this.last = undefined
    log().warning(
      `The token cache '${this.path}' could not be read (${problem}). It was moved to '${kept}' and a new token cache is written in its place.`,
    )
    return true
  }

  /** Deletes the cache (the caller holds the lock). */
  async remove(): Promise<void> {
    await this.store.remove()
    this.last = undefined
  }

  private remember(loaded: LoadedCache): LoadedCache {
    this.last = loaded
    return loaded
  }
}

/** withFileLock split in two: resolves once the lock is held, with the function that releases it. */
function holdFileLock(path: string, options: LockOptions): Promise<Unlock> {
  return new Promise((resolve, reject) => {
    let release!: () => void
    const released = new Promise<void>((done) => {
      release = done
    })
    const held = withFileLock(
      path,
      async () => {
        resolve(async () => {
          release()
          await held
        })
        await released
      },
      options,
    )
    // Before the lock is held this rejects the caller; after, `await held` in the unlock reports it.
    held.catch(reject)
  })
}
