/** Where the cache text lives: a plaintext file, or the OS's encrypted store (encrypted-store.ts). */
export interface CacheStore {
  /** The file whose signature changes with every write; the cross-process lock is `<path>.lockfile`. */
  readonly path: string
  /** Whether the text is encrypted at rest (DPAPI, Keychain, libsecret). */
  readonly encrypted: boolean
  /** The current signature of {@link path} (see file-signature.ts). */
  signature(): Promise<string>
  /** The stored text and the signature it was read at; undefined when there is no cache. */
  read(): Promise<{signature: string; text: string} | undefined>
  /** Replaces the stored text (the caller holds the lock); returns the new signature. */
  write(text: string): Promise<string>
  /** Moves unreadable content aside and returns where it went, or undefined if this store cannot. */
  keepAside(): Promise<string | undefined>
  /** Deletes the cache. */
  remove(): Promise<void>
}
