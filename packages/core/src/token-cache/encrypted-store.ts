import {promises as fs} from 'node:fs'
import {dirname, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {log} from '../logger/index.js'
import {keepBadFile} from '../store/index.js'
import type {CacheStore} from './cache-store.js'
import {briefly, encryptedStoreError} from './errors.js'
import {ABSENT, fileSignature} from './file-signature.js'
import {loadMsalExtensions, osStoreName} from './msal-extensions.js'
import type {OsPersistence} from './msal-extensions.js'

const LOAD_ATTEMPTS = 3
const LOAD_RETRY_DELAY_MS = 25

/** Opens the OS store for a cache path; tests pass their own. */
export type OpenOsPersistence = (path: string) => Promise<OsPersistence>

/**
 * `msal_token_cache.bin` through @azure/msal-node-extensions: on Windows the file itself holds the
 * DPAPI-encrypted cache (as the Python az's); on macOS and Linux the secret is in the Keychain or
 * the Secret Service and the file only marks, by its times, when it last changed.
 *
 * Only the extensions' Persistence objects are used, not their cache plugin: its lock never
 * recovers from a killed process. Our lock (cache-file.ts) covers these writes too.
 */
export class EncryptedStore implements CacheStore {
  readonly encrypted = true
  private persistence: Promise<OsPersistence> | undefined

  constructor(
    readonly path: string,
    private readonly open: OpenOsPersistence = openOsPersistence,
  ) {}

  signature(): Promise<string> {
    return fileSignature(this.path)
  }

  async read(): Promise<{signature: string; text: string} | undefined> {
    // No file, no cache: the OS store is not even opened (a signed-out `az` works without it).
    const signature = await this.signature()
    if (signature === ABSENT) return undefined
    const persistence = await this.opened()
    for (let attempt = 1; ; attempt++) {
      try {
        return {signature, text: (await persistence.load()) ?? ''}
      } catch (error) {
        // DPAPI's file is rewritten in place, so a reader can catch half of it: try again first.
        if (attempt >= LOAD_ATTEMPTS) throw encryptedStoreError(`reading it from ${osStoreName()} failed (${briefly(error)}).`)
        await sleep(LOAD_RETRY_DELAY_MS * attempt)
      }
    }
  }

  async write(text: string): Promise<string> {
    const persistence = await this.opened()
    try {
      await persistence.save(text)
    } catch (error) {
      throw encryptedStoreError(`writing it to ${osStoreName()} failed (${briefly(error)}).`)
    }

    return this.signature()
  }

  /** On Windows the bad content is the file, which can be moved; a keyring item cannot. */
  async keepAside(): Promise<string | undefined> {
    return process.platform === 'win32' ? keepBadFile(this.path) : undefined
  }

  /** Deletes the file and, when the OS store can be opened, the secret in it. */
  async remove(): Promise<void> {
    if ((await this.signature()) !== ABSENT) {
      try {
        await (await this.opened()).delete()
      } catch (error) {
        log().debug('token-cache', `The encrypted store could not be opened to delete the cache: ${briefly(error)}`)
      }
    }

    await fs.rm(this.path, {force: true})
  }

  private opened(): Promise<OsPersistence> {
    this.persistence ??= this.open(this.path)
    return this.persistence
  }
}

/**
 * The extensions' persistence for this OS, verified by a write and read of a test value. Never the
 * plaintext fallback (`usePlaintextFileOnLinux`): a user who asked for encryption gets it or an
 * error. Files the failed attempt created (an empty cache file, its `test.cache`) are removed.
 */
export async function openOsPersistence(path: string): Promise<OsPersistence> {
  const extensions = loadMsalExtensions()
  const created = [path, join(dirname(path), 'test.cache')]
  const existed = await Promise.all(created.map((file) => exists(file)))
  try {
    return await extensions.PersistenceCreator.createPersistence({
      cachePath: path,
      dataProtectionScope: extensions.DataProtectionScope.CurrentUser,
      ...keyringItem(path),
      usePlaintextFileOnLinux: false,
    })
  } catch (error) {
    await Promise.all(created.map(async (file, index) => existed[index] || fs.rm(file, {force: true})))
    const headless = process.platform === 'linux' ? ' Headless sessions (SSH, containers, CI) usually have no Secret Service.' : ''
    throw encryptedStoreError(`${osStoreName()} did not work (${briefly(error)}).${headless}`)
  }
}

/**
 * The keyring item that holds the cache. On macOS it is the Keychain item the Python az 2.45 uses
 * (a generic password, service and account as below), so both tools share their sign-ins there.
 *
 * On Linux the item is ours, one per cache file so that config dirs stay apart. keytar, and so every
 * @azure/msal-node-extensions app, stores a secret under libsecret's generic schema
 * (`org.freedesktop.Secret.Generic`, attributes `service` and `account`): an app that names this
 * service and account reads it. The Python az (msal-extensions' LibsecretPersistence) looks its
 * secret up under a schema of its own, which keytar cannot write: 2.45 uses `my_schema_name` with
 * `my_attr1=foo`, `my_attr2=bar`, one item for both its token cache and its service principal
 * secrets; newer sources use `Microsoft Azure CLI` with a `type` attribute. Sharing the 2.45 item
 * would also let each of its two files overwrite the other.
 */
function keyringItem(path: string): {accountName: string; serviceName: string} {
  if (process.platform === 'darwin') return {accountName: 'my_account_name', serviceName: 'my_service_name'}
  return {accountName: path, serviceName: 'azx.msal_token_cache'}
}

async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    () => false,
  )
}
