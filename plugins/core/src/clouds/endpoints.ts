/**
 * A cloud's endpoints as azx uses them: the addresses it connects to normalised once, when a cloud
 * is read (clouds.config keeps what the user wrote, as az keeps it).
 */

/**
 * The endpoints azx sends requests to. The others are left as written: most are resource IDs,
 * token audiences that Entra ID compares as strings (`https://management.core.windows.net/` and
 * its trailing slash), and the rest are only shown.
 */
const ADDRESSES = ['active_directory', 'resource_manager'] as const

/** A URL's scheme and authority, then the rest of it. */
const SCHEME_AND_AUTHORITY = /^([a-z][\d+.a-z-]*:\/\/[^/?#]*)(.*)$/is

/**
 * `endpoints` with the addresses normalised: scheme and host lower-cased and a default port
 * dropped (`https://Login.Contoso.Example:443` is `https://login.contoso.example`), so that the
 * host MSAL computes from the authority is the one azx gives it metadata for and finds tokens
 * under, as for any cloud. The Active Directory endpoint also loses its trailing slashes: az
 * strips them before it adds a tenant, and ADFS is recognised by the `/adfs` at its end.
 */
export function normalizeEndpoints(endpoints: Record<string, string>): Record<string, string> {
  const normalized = {...endpoints}
  for (const name of ADDRESSES) {
    const value = normalized[name]
    if (value !== undefined) normalized[name] = normalizeAddress(value, name === 'active_directory')
  }

  return normalized
}

/** The URL with its scheme and authority as the URL parser writes them; the path is kept as written. */
function normalizeAddress(url: string, dropTrailingSlashes: boolean): string {
  const match = SCHEME_AND_AUTHORITY.exec(url)
  if (!match) return url
  let origin: string
  try {
    const parsed = new URL(match[1])
    origin = `${parsed.protocol}//${parsed.host}`
  } catch {
    // Not a URL: left for whatever uses it to report.
    return url
  }

  const path = dropTrailingSlashes ? match[2].replace(/\/+$/, '') : match[2]
  return origin + path
}
