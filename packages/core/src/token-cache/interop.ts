/**
 * One cache file for two MSAL libraries. MSAL Node and MSAL Python (the Python az) read the same
 * unified schema but differ in details that matter once they share a file:
 *
 * - Keys. MSAL Python finds entries by their fields but updates and removes them by the key it
 *   computes (token_cache.py key_makers), so an entry stored under MSAL Node's key survives a Python
 *   `az logout` and is never refreshed in place. MSAL Node finds every entry by its fields whatever
 *   the key. So the file keeps MSAL Python's keys, and MSAL Node's entries are re-keyed on write.
 * - App-only tokens (service principals). MSAL Python writes `home_account_id: null` and looks them
 *   up with null; MSAL Node writes "" and looks them up with "". The file keeps null (the schema's
 *   and az's form); MSAL Node is handed "".
 * - Refresh tokens. A new one MSAL Node stores gets `last_modification_time`, which MSAL Python uses
 *   to try the newest first, and goes first in its section, where MSAL Node takes the first match.
 * - Accounts. MSAL Python records a sign-in at `organizations` under that realm, MSAL Node under the
 *   home tenant: one person would be listed twice. One account entry per person is kept, the home
 *   tenant's when there is one.
 *
 * Entries MSAL Node did not change are written back exactly as they were read, so fields only
 * MSAL Python knows survive, and a write that changes nothing leaves the file as it was.
 */
import {CACHE_SECTIONS} from './document.js'
import type {CacheDocument, CacheEntry, CacheSection} from './document.js'

const CREDENTIAL_SECTIONS: readonly CacheSection[] = ['AccessToken', 'RefreshToken', 'IdToken']

/** The cache as MSAL Node must be given it: app-only credentials with an empty `home_account_id`. */
export function forMsalNode(document: CacheDocument): CacheDocument {
  if (!hasAppOnlyNulls(document)) return document
  const copy: CacheDocument = {...document}
  for (const section of CREDENTIAL_SECTIONS) {
    const entries = document[section]
    if (!entries) continue
    copy[section] = Object.fromEntries(
      Object.entries(entries).map(([key, entry]) => [key, entry.home_account_id === null ? {...entry, home_account_id: ''} : entry]),
    )
  }

  return copy
}

/** True when MSAL Node cannot be given the document as it is (see forMsalNode). */
export function hasAppOnlyNulls(document: CacheDocument): boolean {
  return CREDENTIAL_SECTIONS.some((section) => Object.values(document[section] ?? {}).some((entry) => entry.home_account_id === null))
}

/**
 * The document to store after MSAL Node changed the cache: `written` is MSAL Node's serialize()
 * output, `previous` the file's document MSAL Node started from (undefined: no file).
 */
export function forSharedFile(written: CacheDocument, previous: CacheDocument | undefined, nowSeconds: number): CacheDocument {
  const result: CacheDocument = {}
  let changed = false
  for (const name of sectionOrder(written, previous)) {
    const section = name as CacheSection
    const value = written[name]
    if (!isSection(name) || !isRecord(value)) {
      result[name] = value === undefined ? previous?.[name] : value
      changed ||= value !== undefined && JSON.stringify(value) !== JSON.stringify(previous?.[name])
      continue
    }

    const before = previous?.[section] ?? {}
    const entries: Record<string, CacheEntry> = {}
    const fresh = new Set<string>()
    for (const [writtenKey, raw] of Object.entries(value as Record<string, CacheEntry>)) {
      const entry = fileForm(section, raw)
      const key = sharedKey(section, entry) ?? writtenKey
      const old = before[key]
      const isNew = !(old && covers(old, entry))
      const stored = isNew ? stamped(section, entry, nowSeconds) : old
      if (key in entries && !prefer(stored, isNew, entries[key], fresh.has(key))) continue
      entries[key] = stored
      if (isNew) fresh.add(key)
      else fresh.delete(key)
    }

    if (section === 'Account') dedupeAccounts(entries, fresh)
    changed ||= fresh.size > 0 || Object.keys(before).some((key) => !(key in entries))
    result[section] = section === 'RefreshToken' && fresh.size > 0 ? newestFirst(entries) : entries
  }

  return changed || previous === undefined ? result : previous
}

/** Sections in the order of the file, then any new ones in MSAL Node's order. */
function sectionOrder(written: CacheDocument, previous: CacheDocument | undefined): string[] {
  const names = Object.keys(previous ?? {})
  for (const name of Object.keys(written)) if (!names.includes(name)) names.push(name)
  return names
}

/** MSAL Node's entry in the file's form: undefined fields dropped, app-only credentials with a null `home_account_id`. */
function fileForm(section: CacheSection, entry: CacheEntry): CacheEntry {
  const copy = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined))
  if (CREDENTIAL_SECTIONS.includes(section) && copy.home_account_id === '' && typeof copy.credential_type === 'string') copy.home_account_id = null
  return copy
}

/**
 * The key MSAL Python computes for the entry (token_cache.py key_makers, lower-cased), or
 * undefined to keep the key it has: entries that are not MSAL's, app metadata (same key in both),
 * and tokens whose key carries more than MSAL Python's does (a PoP token type, an OBO assertion).
 */
function sharedKey(section: CacheSection, entry: CacheEntry): string | undefined {
  const field = (name: string): string => (typeof entry[name] === 'string' ? (entry[name] as string) : '')
  const known =
    typeof entry.environment === 'string' && (section === 'Account' || (entry.credential_type === section && typeof entry.client_id === 'string'))
  if (!known) return undefined
  const home = field('home_account_id')
  switch (section) {
    case 'AccessToken': {
      const bearer = entry.token_type === undefined || String(entry.token_type).toLowerCase() === 'bearer'
      if (!bearer || entry.userAssertionHash !== undefined || entry.additionalCacheKeyComponents !== undefined) return undefined
      return [home, field('environment'), section, field('client_id'), field('realm'), field('target')].join('-').toLowerCase()
    }

    case 'RefreshToken': {
      return [home, field('environment'), section, field('client_id'), '', field('target')].join('-').toLowerCase()
    }

    case 'IdToken': {
      return [home, field('environment'), section, field('client_id'), field('realm'), ''].join('-').toLowerCase()
    }

    case 'Account': {
      return typeof entry.realm === 'string' && home !== '' ? [home, field('environment'), field('realm')].join('-').toLowerCase() : undefined
    }

    default: {
      return undefined
    }
  }
}

/** True when every field MSAL Node wrote has the value the file already holds (MSAL Node drops fields it does not know). */
function covers(old: CacheEntry, entry: CacheEntry): boolean {
  return Object.entries(entry).every(([name, value]) => JSON.stringify(old[name]) === JSON.stringify(value))
}

/** A refresh token MSAL Node just stored, stamped as MSAL Python stamps its own. */
function stamped(section: CacheSection, entry: CacheEntry, nowSeconds: number): CacheEntry {
  return section === 'RefreshToken' && entry.credential_type === 'RefreshToken' ? {...entry, last_modification_time: String(nowSeconds)} : entry
}

/** Of two entries under one key: the one MSAL Node just changed, else the newer. */
function prefer(candidate: CacheEntry, candidateIsNew: boolean, current: CacheEntry, currentIsNew: boolean): boolean {
  if (candidateIsNew !== currentIsNew) return candidateIsNew
  return modified(candidate) >= modified(current)
}

/** Keeps one Account per person and authority host: the home tenant's, else the one MSAL Node just wrote, else the first. */
function dedupeAccounts(entries: Record<string, CacheEntry>, fresh: Set<string>): void {
  const groups = new Map<string, string[]>()
  for (const [key, entry] of Object.entries(entries)) {
    if (typeof entry.home_account_id !== 'string' || typeof entry.environment !== 'string') continue
    const person = `${entry.home_account_id}|${entry.environment}`.toLowerCase()
    groups.set(person, [...(groups.get(person) ?? []), key])
  }

  for (const keys of groups.values()) {
    if (keys.length < 2) continue
    const rank = (key: string): number => {
      const entry = entries[key]
      const homeTenant = String(entry.home_account_id).split('.')[1]
      return (homeTenant !== undefined && String(entry.realm).toLowerCase() === homeTenant.toLowerCase() ? 2 : 0) + (fresh.has(key) ? 1 : 0)
    }

    const kept = keys.reduce((best, key) => (rank(key) > rank(best) ? key : best))
    for (const key of keys) {
      if (key === kept) continue
      delete entries[key]
      fresh.add(kept) // a removal is a change
    }
  }
}

/** The refresh tokens, newest first (stable for equal times). */
function newestFirst(entries: Record<string, CacheEntry>): Record<string, CacheEntry> {
  return Object.fromEntries(Object.entries(entries).sort(([, a], [, b]) => modified(b) - modified(a)))
}

function modified(entry: CacheEntry): number {
  const time = Number(entry.last_modification_time)
  return Number.isFinite(time) ? time : 0
}

function isSection(name: string): name is CacheSection {
  return (CACHE_SECTIONS as readonly string[]).includes(name)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
