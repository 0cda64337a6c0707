/**
 * The token cache's content: MSAL's unified cache schema, as every MSAL library reads it, in the
 * layout the Python az writes (msal 1.21 `SerializableTokenCache.serialize()`: `json.dumps(cache,
 * indent=4)`, so 4-space indent, `": "` after keys, non-ASCII escaped as `\uXXXX`, no trailing
 * newline). MSAL Node writes the same schema as compact JSON; the plugin re-lays it out this way so
 * both tools read, and diff, the same file.
 *
 * How MSAL Node's entries are keyed and shaped so that MSAL Python reads, refreshes and removes
 * them too is interop.ts. Known difference left as is: for an authority on a port other than 443,
 * MSAL Node stores `environment` as `host:port` while MSAL Python stores the host alone, so the two
 * only share tokens for authorities on the default port (every real cloud's).
 */

/** The sections of the schema, in the order MSAL Python creates them. */
export const CACHE_SECTIONS = ['AccessToken', 'Account', 'IdToken', 'RefreshToken', 'AppMetadata'] as const

export type CacheSection = (typeof CACHE_SECTIONS)[number]

/** One entry, with the schema's snake_case fields (numbers are strings, `home_account_id` may be null). */
export type CacheEntry = Record<string, unknown>

/** A whole cache. Top-level keys other than the five sections are kept as they are. */
export type CacheDocument = Partial<Record<CacheSection, Record<string, CacheEntry>>> & Record<string, unknown>

export type ParsedCache = {document: CacheDocument; ok: true} | {ok: false; problem: string}

/**
 * Parses and checks a cache file's text. An empty file is an empty cache (both MSAL libraries
 * treat it so). `problem` says what is wrong without quoting the text: it may hold tokens.
 */
export function parseCacheText(text: string): ParsedCache {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  if (body.trim() === '') return {document: {}, ok: true}
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    // V8's message may quote the text around the error, so it is not passed on.
    return {ok: false, problem: endsEarly(body) ? 'it is truncated (the JSON ends early)' : 'it is not valid JSON'}
  }

  const problem = shapeProblem(value)
  return problem === undefined ? {document: value as CacheDocument, ok: true} : {ok: false, problem}
}

/** True when the text stops inside a string or with brackets still open: a write cut short. */
function endsEarly(text: string): boolean {
  let depth = 0
  let inString = false
  let escaped = false
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false
      else if (char === '\\') escaped = true
      else if (char === '"') inString = false
    } else if (char === '"') {
      inString = true
    } else if (char === '{' || char === '[') {
      depth++
    } else if (char === '}' || char === ']') {
      depth--
    }
  }

  return inString || depth > 0
}

function shapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `it is JSON but not a token cache (its top level is ${describe(value)}, not an object)`
  const keys = Object.keys(value)
  const sections = CACHE_SECTIONS.filter((section) => section in value)
  if (keys.length > 0 && sections.length === 0) {
    return `it is JSON but not a token cache (it has none of the sections ${CACHE_SECTIONS.join(', ')})`
  }

  for (const section of sections) {
    const entries = value[section]
    if (!isObject(entries)) return `its '${section}' section is ${describe(entries)}, not an object`
    if (!Object.values(entries).every((entry) => isObject(entry))) return `its '${section}' section holds an entry that is not an object`
  }

  return undefined
}

/** The text to store: `json.dumps(document, indent=4)` as Python writes it (ensure_ascii on). */
export function formatCacheDocument(document: CacheDocument): string {
  return JSON.stringify(document, undefined, 4).replaceAll(/[\u0080-\uFFFF]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The entries of one section (empty when the section is absent). */
export function sectionEntries(document: CacheDocument, section: CacheSection): Record<string, CacheEntry> {
  return document[section] ?? {}
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
