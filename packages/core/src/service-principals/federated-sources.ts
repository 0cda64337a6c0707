/**
 * azx_service_principals.json: what only azx knows about a service principal, kept beside
 * service_principal_entries.json so that file stays exactly as the Python az writes and reads it.
 * Today that is where the federated tokens of a service principal signed in with
 * `--federated-token-file` or `--federated-token-provider` come from:
 *
 * ```json
 * [{"tenant": "…", "client_id": "…", "federated_token_provider": "azure-pipelines",
 *   "service_connection_id": "…", "client_assertion_sha256": "…"}]
 * ```
 *
 * (`federated_token_file` for the file provider.) The entry in service_principal_entries.json holds
 * the token that proved the sign-in as its `client_assertion`, which the Python az uses as a static
 * token. A record applies only while that entry still holds that token (`client_assertion_sha256`):
 * when the Python az signs the principal in again, its new credential wins. No secrets are kept
 * here (a CI job's request token is read from its environment when needed); mode 0600 all the same.
 */
import {CommandError} from '../errors/index.js'
import type {FederatedTokenSource} from '../identity/federated-token.js'
import {log} from '../logger/index.js'
import {configFile} from '../paths/index.js'
import {keepBadFile, readTextFile, withFileLock, writeFileAtomic} from '../store/index.js'

export const FEDERATED_SOURCES_FILE = 'azx_service_principals.json'

interface SourceRecord {
  tenant: string
  client_id: string
  federated_token_provider: FederatedTokenSource['provider']
  federated_token_file?: string
  service_connection_id?: string
  client_assertion_sha256: string
}

/** The principal a record or entry is for. */
interface Principal {
  client_id: string
  tenant: string
  client_assertion?: string
}

const PROVIDERS = new Set(['file', 'github', 'azure-pipelines'])

/** Where the entry's federated tokens come from, when it was signed in with a source and is unchanged since. */
export async function federatedSourceOf(entry: Principal): Promise<FederatedTokenSource | undefined> {
  if (entry.client_assertion === undefined) return undefined
  const path = configFile(FEDERATED_SOURCES_FILE)
  const read = parseRecords(await readTextFile(path))
  if ('problem' in read) throw badFile(path, read.problem)
  const digest = await sha256(entry.client_assertion)
  const record = read.records.find((candidate) => samePrincipal(candidate, entry) && candidate.client_assertion_sha256 === digest)
  return record && sourceOf(record)
}

/** Records the source of the entry's federated tokens, or forgets any (`source` undefined). */
export async function saveFederatedSource(entry: Principal, source: FederatedTokenSource | undefined): Promise<void> {
  const record = source && entry.client_assertion !== undefined ? toRecord(entry, source, await sha256(entry.client_assertion)) : undefined
  // Most sign-ins have no source and nothing to forget: then the file is not even locked.
  if (!record && !(await hasRecord((candidate) => samePrincipal(candidate, entry)))) return
  await update((records) => {
    const kept = records.filter((old) => !samePrincipal(old, entry))
    if (!record && kept.length === records.length) return undefined
    return record ? [...kept, record] : kept
  })
}

/** Forgets every record of a service principal (`az logout`). */
export async function removeFederatedSources(clientId: string): Promise<void> {
  if (!(await hasRecord((record) => record.client_id === clientId))) return
  await update((records) => {
    const kept = records.filter((record) => record.client_id !== clientId)
    return kept.length === records.length ? undefined : kept
  })
}

/** Forgets every record (`az account clear`). */
export async function clearFederatedSources(): Promise<void> {
  const path = configFile(FEDERATED_SOURCES_FILE)
  const {rm} = await import('node:fs/promises')
  await withFileLock(path, () => rm(path, {force: true}))
}

/** Whether the file (read without the lock) has a matching record; true when it cannot be read, so the locked update decides. */
async function hasRecord(matches: (record: SourceRecord) => boolean): Promise<boolean> {
  const read = parseRecords(await readTextFile(configFile(FEDERATED_SOURCES_FILE)))
  return 'problem' in read || read.records.some((record) => matches(record))
}

function samePrincipal(record: Principal, entry: Principal): boolean {
  return record.client_id === entry.client_id && record.tenant.toLowerCase() === entry.tenant.toLowerCase()
}

/** node:crypto loads here, not with the module: a cached token reads the entries and never hashes. */
async function sha256(text: string): Promise<string> {
  const {createHash} = await import('node:crypto')
  return createHash('sha256').update(text).digest('hex')
}

function toRecord(entry: Principal, source: FederatedTokenSource, digest: string): SourceRecord {
  return {
    tenant: entry.tenant,
    client_id: entry.client_id,
    federated_token_provider: source.provider,
    ...(source.provider === 'file' ? {federated_token_file: source.path} : {}),
    ...(source.provider === 'azure-pipelines' ? {service_connection_id: source.serviceConnectionId} : {}),
    client_assertion_sha256: digest,
  }
}

function sourceOf(record: SourceRecord): FederatedTokenSource | undefined {
  if (record.federated_token_provider === 'github') return {provider: 'github'}
  if (record.federated_token_provider === 'file' && record.federated_token_file) return {path: record.federated_token_file, provider: 'file'}
  if (record.federated_token_provider === 'azure-pipelines' && record.service_connection_id) {
    return {provider: 'azure-pipelines', serviceConnectionId: record.service_connection_id}
  }

  return undefined
}

async function update(change: (records: SourceRecord[]) => SourceRecord[] | undefined): Promise<void> {
  const path = configFile(FEDERATED_SOURCES_FILE)
  await withFileLock(path, async () => {
    const read = parseRecords(await readTextFile(path))
    let records: SourceRecord[]
    if ('problem' in read) {
      const kept = await keepBadFile(path)
      log().warning(
        `'${path}' could not be read (${read.problem}) and was moved to '${kept}'. Service principals ` +
          'signed in with a federated token source use their stored token until they sign in again.',
      )
      records = []
    } else {
      records = read.records
    }

    const next = change(records)
    if (next) await writeFileAtomic(path, JSON.stringify(next, null, 4), {dirMode: 0o700, mode: 0o600})
  })
}

function parseRecords(text: string | undefined): {records: SourceRecord[]} | {problem: string} {
  if (text === undefined || text.trim() === '') return {records: []}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return {problem: 'it is not valid JSON'}
  }

  const valid = (record: Partial<SourceRecord> | null) =>
    typeof record?.client_id === 'string' &&
    typeof record.tenant === 'string' &&
    typeof record.client_assertion_sha256 === 'string' &&
    PROVIDERS.has(String(record.federated_token_provider))
  if (!Array.isArray(parsed) || !parsed.every((record) => valid(record as Partial<SourceRecord> | null))) {
    return {problem: 'it is not a list of federated token sources'}
  }

  return {records: parsed as SourceRecord[]}
}

function badFile(path: string, problem: string): CommandError {
  return new CommandError(`Failed to read '${path}': ${problem}.`, {
    recommendations: [
      'Sign the service principal in again with `az login --service-principal`, or delete the file to use the federated tokens stored at sign-in.',
    ],
  })
}
