import {promises as fs} from 'node:fs'

import {keepBadFile, writeFileAtomic} from '../store/index.js'
import type {CacheStore} from './cache-store.js'
import {fileSignature, readWithSignature} from './file-signature.js'

/**
 * `msal_token_cache.json` as the Python az keeps it on Linux and macOS: plaintext, mode 0600
 * whatever the umask, in a config dir created 0700. Writes replace the file atomically.
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
    await writeFileAtomic(this.path, text, {dirMode: 0o700, mode: 0o600})
    return this.signature()
  }

  keepAside(): Promise<string> {
    return keepBadFile(this.path)
  }

  async remove(): Promise<void> {
    await fs.rm(this.path, {force: true})
  }
}
