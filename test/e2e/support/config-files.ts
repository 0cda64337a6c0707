/**
 * The files az and azx keep in the config dir, read back strictly by the state tests: each reader
 * throws an error naming the file and what is wrong, and never quotes secrets.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

export const PROFILE = 'azureProfile.json'
export const TOKEN_CACHE = 'msal_token_cache.json'
export const SERVICE_PRINCIPALS = 'service_principal_entries.json'
export const CONFIG = 'config'
export const CLOUDS = 'clouds.config'

/** Every file the state tests check, in a fixed order. */
export const STATE_FILES = [PROFILE, TOKEN_CACHE, SERVICE_PRINCIPALS, CONFIG, CLOUDS] as const
export type StateFile = (typeof STATE_FILES)[number]

export interface StoredSubscription {
  environmentName: string
  id: string
  isDefault: boolean
  name: string
  state: string
  tenantId: string
  user: {name: string; type: string}
}

export type CacheEntry = Record<string, unknown>
export type TokenCache = Partial<Record<'AccessToken' | 'Account' | 'AppMetadata' | 'IdToken' | 'RefreshToken', Record<string, CacheEntry>>>

export interface ServicePrincipalEntry {
  client_id: string
  tenant: string
  [credential: string]: unknown
}

export type Ini = Record<string, Record<string, string>>

/** The whole content of a config dir's state files, parsed (undefined: the file does not exist). */
export interface ParsedState {
  clouds: Ini | undefined
  config: Ini | undefined
  principals: ServicePrincipalEntry[] | undefined
  profile: {subscriptions: StoredSubscription[]} | undefined
  tokenCache: TokenCache | undefined
}

/** A file's bytes, or undefined when it does not exist. */
export function readBytes(dir: string, name: string): Buffer | undefined {
  try {
    return readFileSync(join(dir, name))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** The bytes of every state file. */
export function snapshot(dir: string): Map<StateFile, Buffer | undefined> {
  return new Map(STATE_FILES.map((name) => [name, readBytes(dir, name)]))
}

/** Parses one state file's bytes; throws naming the file when it is not what az writes. */
export function parseStateFile(name: StateFile, bytes: Buffer): unknown {
  switch (name) {
    case PROFILE: {
      return parseProfile(bytes)
    }

    case TOKEN_CACHE: {
      return parseTokenCache(bytes)
    }

    case SERVICE_PRINCIPALS: {
      return parseServicePrincipals(bytes)
    }

    default: {
      return parseIni(name, bytes)
    }
  }
}

/** Reads and checks every state file of a config dir. */
export function readState(dir: string): ParsedState {
  const parsed = (name: StateFile): unknown => {
    const bytes = readBytes(dir, name)
    return bytes === undefined ? undefined : parseStateFile(name, bytes)
  }

  return {
    clouds: parsed(CLOUDS) as Ini | undefined,
    config: parsed(CONFIG) as Ini | undefined,
    principals: parsed(SERVICE_PRINCIPALS) as ServicePrincipalEntry[] | undefined,
    profile: parsed(PROFILE) as ParsedState['profile'],
    tokenCache: parsed(TOKEN_CACHE) as TokenCache | undefined,
  }
}

/** azureProfile.json as az writes it: a UTF-8 BOM, then JSON with a list of subscriptions. */
export function parseProfile(bytes: Buffer): {subscriptions: StoredSubscription[]} {
  if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) throw new Error(`${PROFILE} does not start with a UTF-8 BOM`)
  const value = parseJson(PROFILE, bytes.subarray(3)) as {subscriptions?: unknown}
  if (!Array.isArray(value.subscriptions)) throw new Error(`${PROFILE} has no list of subscriptions`)
  for (const subscription of value.subscriptions as StoredSubscription[]) {
    if (typeof subscription.id !== 'string' || typeof subscription.isDefault !== 'boolean' || typeof subscription.user?.name !== 'string') {
      throw new Error(`${PROFILE} holds a subscription without id, isDefault or user`)
    }
  }

  return value as {subscriptions: StoredSubscription[]}
}

/** msal_token_cache.json: an object whose sections are objects of entry objects. */
export function parseTokenCache(bytes: Buffer): TokenCache {
  const value = parseJson(TOKEN_CACHE, bytes)
  if (!isRecord(value)) throw new Error(`${TOKEN_CACHE} is not a JSON object`)
  for (const [section, entries] of Object.entries(value)) {
    if (!isRecord(entries) || !Object.values(entries).every((entry) => isRecord(entry)))
      throw new Error(`${TOKEN_CACHE} has a bad '${section}' section`)
  }

  return value as TokenCache
}

/** service_principal_entries.json: a list of `{tenant, client_id, …}`. */
export function parseServicePrincipals(bytes: Buffer): ServicePrincipalEntry[] {
  const value = parseJson(SERVICE_PRINCIPALS, bytes)
  if (!Array.isArray(value) || !value.every((entry) => isRecord(entry) && typeof entry.client_id === 'string' && typeof entry.tenant === 'string')) {
    throw new Error(`${SERVICE_PRINCIPALS} is not a list of service principal entries`)
  }

  return value as ServicePrincipalEntry[]
}

/**
 * An INI file as Python's configparser writes it: `[section]` headers, `key = value` lines, blank
 * lines, comments; nothing before the first section. Strict, so a torn write shows.
 */
export function parseIni(name: string, bytes: Buffer): Ini {
  const text = bytes.toString('utf8')
  if (text !== '' && !text.endsWith('\n')) throw new Error(`${name} does not end with a newline`)
  const ini: Ini = {}
  let section: Record<string, string> | undefined
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '' || /^[#;]/.test(line)) continue
    const header = /^\[([^\]]+)\]$/.exec(line)
    if (header) {
      section = ini[header[1]] ??= {}
      continue
    }

    const pair = /^([^\s=:][^=:]*?)\s*[=:]\s*(.*)$/.exec(line)
    if (!pair || !section) throw new Error(`${name} line ${index + 1} is neither a section, a key = value pair nor blank`)
    section[pair[1]] = pair[2]
  }

  return ini
}

/**
 * What a write or a lock may leave behind in the config dir: temporary files (`.<file>.<pid>.<hex>.tmp`),
 * locks and lock breakers.
 */
export function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => /\.tmp$|\.lockfile$|\.lockfile\.break$/.test(name))
}

function parseJson(name: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    // The text is not quoted: it holds tokens.
    throw new Error(`${name} is not valid JSON (${bytes.length} bytes)`)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
