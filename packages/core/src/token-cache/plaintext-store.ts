import {promises as fs} from 'node:fs'

import {keepBadFile, writeFileAtomic} from '../store/index.js'
import type {CacheStore} from './cache-store.js'
import {fileSignature, readWithSignature} from './file-signature.js'

/** Longer than a read of the cache by the Python az takes, even on a busy machine. */
const MODIFIED_AHEAD_MS = 2000

/**
 * `msal_token_cache.json` as the Python az keeps it on Linux and macOS: plaintext, mode 0600
 * whatever the umask, in a config dir created 0700. Writes replace the file atomically, with a
 * modification time ahead of the clock so that the Python az reads them even when they land while it
 * reads (store's WriteOptions.modifiedAheadMs).
 */
export class PlaintextStore implements CacheStore {
  readonly encrypted = false

  constructor(readonly path: string) {}

  signature(): Promise<string> {
    return fileSignature(this.path)
  }

  read(): Promise<{signature: string; text: string} | undefined> {
    return readWithSignature(this.path)
  }

  async write(text: string): Promise<string> {
    await writeFileAtomic(this.path, text, {dirMode: 0o700, mode: 0o600, modifiedAheadMs: MODIFIED_AHEAD_MS})
    return this.signature()
  }

  keepAside(): Promise<string> {
    return keepBadFile(this.path)
  }

  async remove(): Promise<void> {
    await fs.rm(this.path, {force: true})
  }
}
