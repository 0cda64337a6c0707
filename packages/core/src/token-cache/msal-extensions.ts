/**
 * @azure/msal-node-extensions, an optional dependency: its Persistence objects encrypt the cache
 * with DPAPI (Windows), the Keychain (macOS) or libsecret (Linux). It may be missing, and its
 * native parts (keytar, libsecret) may fail to load; it is loaded with `require` in a try/catch
 * because through `import()` such a failure escapes as an unhandled rejection and exits the process.
 */
import {createRequire} from 'node:module'

import {briefly, encryptedStoreError} from './errors.js'

/** The part of its IPersistence the cache uses. */
export interface OsPersistence {
  save(contents: string): Promise<void>
  load(): Promise<string | null>
  delete(): Promise<boolean>
}

/** The part of the module the cache uses (declared here: the package may be absent when compiling). */
interface MsalExtensions {
  DataProtectionScope: {CurrentUser: string}
  PersistenceCreator: {
    createPersistence(config: {
      accountName?: string
      cachePath?: string
      dataProtectionScope?: string
      serviceName?: string
      usePlaintextFileOnLinux?: boolean
    }): Promise<OsPersistence>
  }
}

const PACKAGE = '@azure/msal-node-extensions'

let loaded: MsalExtensions | undefined

/** The module, or a CommandError saying why it cannot be used. */
export function loadMsalExtensions(): MsalExtensions {
  if (loaded) return loaded
  try {
    loaded = createRequire(import.meta.url)(PACKAGE) as MsalExtensions
    return loaded
  } catch (error) {
    const {code, message} = error as NodeJS.ErrnoException
    if (code === 'MODULE_NOT_FOUND' && message.includes(`'${PACKAGE}'`)) {
      throw encryptedStoreError(`the optional package ${PACKAGE} is not installed.`)
    }

    throw encryptedStoreError(`${PACKAGE} could not load its native parts for ${osStoreName()} (${code ?? 'error'}: ${briefly(error)}).`)
  }
}

/** The OS store the extensions use on this platform, for messages. */
export function osStoreName(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'win32': {
      return 'DPAPI (Windows Data Protection)'
    }

    case 'darwin': {
      return 'the macOS Keychain (through keytar)'
    }

    default: {
      return 'the Secret Service (libsecret over D-Bus, through keytar)'
    }
  }
}
