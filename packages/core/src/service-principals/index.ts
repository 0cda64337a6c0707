/**
 * service_principal_entries.json: the credentials of the service principals that signed in, kept so
 * later commands can get tokens for them. az's format exactly: a JSON array indented by 4, no
 * trailing newline, entries `{tenant, client_id, client_secret | certificate [+ use_cert_sn_issuer] |
 * client_assertion}`, keyed by (client_id, tenant). Mode 0600: it holds secrets. With
 * `core.encrypt_token_cache` (env AZURE_CORE_ENCRYPT_TOKEN_CACHE) the entries are kept encrypted
 * instead, as `service_principal_entries.bin`, through the same OS store as the token cache.
 */
import {ConfigFile, configFile} from '../paths/index.js'
import {CommandError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {service} from '../registry/index.js'
import {withFileLock} from '../store/index.js'
import type {FederatedTokenSource} from '../identity/federated-token.js'
import type {CacheStore} from '../token-cache/cache-store.js'
import {encryptTokenCache} from '../token-cache/encryption.js'
import {clearFederatedSources, removeFederatedSources, saveFederatedSource} from './federated-sources.js'

export {FEDERATED_SOURCES_FILE, federatedSourceOf} from './federated-sources.js'

export interface ServicePrincipalEntry {
  tenant: string
  client_id: string
  client_secret?: string
  /** The absolute path of a PEM file with the private key and the certificate. */
  certificate?: string
  use_cert_sn_issuer?: boolean
  /**
   * A federated token (a JWT); it expires, so such sessions go stale, unless azx knows where to
   * fetch new ones (federated-sources.ts).
   */
  client_assertion?: string
}

/** The Python az's MSAL extensions lock this file with an flock too (store/file-lock.ts). */
const MSAL_EXTENSIONS_LOCK = {flock: true}

/** Where the entries are kept: az's plaintext file, or the encrypted store when the setting asks for it. */
async function entryStore(): Promise<CacheStore> {
  if (encryptTokenCache(await service('settings'))) {
    const {EncryptedStore} = await import('../token-cache/encrypted-store.js')
    return new EncryptedStore(configFile('service_principal_entries.bin'))
  }

  const {PlaintextStore} = await import('../token-cache/plaintext-store.js')
  return new PlaintextStore(configFile(ConfigFile.servicePrincipals))
}

/**
 * The entry for a service principal: the one for `tenant` when there is one, otherwise its entry
 * for another tenant (with az's warning: an app credential usually works across tenants).
 */
export async function findServicePrincipal(clientId: string, tenant?: string): Promise<ServicePrincipalEntry> {
  const entries = await readEntries(await entryStore())
  const matched = entries.filter((entry) => entry.client_id === clientId)
  if (matched.length === 0) {
    throw new CommandError(
      `Could not retrieve credential from local cache for service principal ${clientId}. Run \`az login\` for this service principal.`,
    )
  }

  const forTenant = tenant === undefined ? matched[0] : matched.find((entry) => entry.tenant === tenant)
  if (forTenant) return forTenant
  log().warning(
    `Could not retrieve credential from local cache for service principal ${clientId} under tenant ${tenant}. ` +
      `Trying credential under tenant ${matched[0].tenant}, assuming that is an app credential.`,
  )
  return matched[0]
}

/**
 * Adds or replaces the entry for (client_id, tenant), and records where its federated tokens come
 * from (or forgets an earlier source). Call only after a token was obtained with it.
 */
export async function saveServicePrincipal(entry: ServicePrincipalEntry, federatedSource?: FederatedTokenSource): Promise<void> {
  await updateEntries((entries) => [
    ...entries.filter((old) => !(old.client_id === entry.client_id && old.tenant === entry.tenant)),
    orderEntry(entry),
  ])
  await saveFederatedSource(entry, federatedSource)
}

/** Removes every entry of a service principal, and what azx knows of it; true if there was an entry. */
export async function removeServicePrincipal(clientId: string): Promise<boolean> {
  let removed = false
  await updateEntries((entries) => {
    const kept = entries.filter((entry) => entry.client_id !== clientId)
    removed = kept.length !== entries.length
    return removed ? kept : undefined
  })
  await removeFederatedSources(clientId)
  return removed
}

/** Every stored entry (for `az account clear` and tests). */
export async function listServicePrincipals(): Promise<ServicePrincipalEntry[]> {
  return readEntries(await entryStore())
}

/** Forgets every entry, the file and, when encrypted, the OS store's copy (`az account clear`). */
export async function clearServicePrincipals(): Promise<void> {
  const store = await entryStore()
  await withFileLock(store.path, () => store.remove(), MSAL_EXTENSIONS_LOCK)
  await clearFederatedSources()
}

/** az's key order: tenant, client_id, then the credential. */
function orderEntry(entry: ServicePrincipalEntry): ServicePrincipalEntry {
  const {client_id: clientId, tenant, ...credential} = entry
  return {tenant, client_id: clientId, ...credential}
}

async function updateEntries(change: (entries: ServicePrincipalEntry[]) => ServicePrincipalEntry[] | undefined): Promise<void> {
  const store = await entryStore()
  await withFileLock(
    store.path,
    async () => {
      const read = parseEntries((await store.read())?.text)
      let entries: ServicePrincipalEntry[]
      if ('problem' in read) {
        // A file we cannot read is kept beside, never overwritten; an encrypted store cannot be, so it stops here.
        const kept = await store.keepAside()
        if (kept === undefined) throw badFile(store.path, read.problem)
        log().warning(
          `'${store.path}' could not be read (${read.problem}) and was moved to '${kept}'. Service principals stored in it must sign in again.`,
        )
        entries = []
      } else {
        entries = read.entries
      }

      const next = change(entries)
      if (next) await store.write(JSON.stringify(next, null, 4))
    },
    MSAL_EXTENSIONS_LOCK,
  )
}

async function readEntries(store: CacheStore): Promise<ServicePrincipalEntry[]> {
  const read = parseEntries((await store.read())?.text)
  if ('problem' in read) throw badFile(store.path, read.problem)
  return read.entries
}

/** The entries in the file's text, or what is wrong with it (never quoting it: it holds secrets). */
function parseEntries(text: string | undefined): {entries: ServicePrincipalEntry[]} | {problem: string} {
  if (text === undefined || text.trim() === '') return {entries: []}
  let parsed: unknown
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return {problem: 'it is not valid JSON'}
  }

  if (!Array.isArray(parsed) || !parsed.every((entry) => typeof entry?.client_id === 'string' && typeof entry?.tenant === 'string')) {
    return {problem: 'it is not a list of service principal entries'}
  }

  return {entries: parsed as ServicePrincipalEntry[]}
}

function badFile(path: string, problem: string): CommandError {
  return new CommandError(`Failed to read '${path}': ${problem}.`, {
    recommendations: ['Sign in the service principals again with `az login --service-principal`, or run `az account clear` to start afresh.'],
  })
}
