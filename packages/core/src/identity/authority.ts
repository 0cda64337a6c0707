/**
 * MSAL authority settings for a cloud's Entra ID endpoint and a tenant.
 *
 * az builds the authority as `<active directory endpoint>/<tenant>`, or the endpoint alone for
 * ADFS (Azure Stack). For Entra ID the discovery documents are predictable, so MSAL is given them
 * statically: a token from the cache then costs no network round trip at all (MSAL would otherwise
 * fetch the OpenID configuration once per process).
 */

interface AuthorityOptions {
  authority: string
  authorityMetadata?: string
  cloudDiscoveryMetadata?: string
  knownAuthorities: string[]
}

/** True for an ADFS endpoint (Azure Stack): the authority is the endpoint, without a tenant. */
export function isAdfs(activeDirectory: string): boolean {
  return /\/adfs\/?$/i.test(activeDirectory)
}

/** `organizations` when no tenant is given, as az signs users in. */
export function authorityUrl(activeDirectory: string, tenant?: string): string {
  const base = activeDirectory.replace(/\/+$/, '')
  return isAdfs(base) ? base : `${base}/${tenant ?? 'organizations'}`
}

/**
 * The host (and port, when one is written) of a URL as MSAL computes it for an authority: the text
 * between `//` and the next `/` of the lower-cased URL. MSAL looks up its static metadata, its known
 * authorities and its cache entries by this value, so it must be used here as MSAL uses it: a host
 * that differs by as little as an explicit `:443` sends MSAL to login.microsoftonline.com for
 * instance discovery. (Clouds come with that port already dropped: see normalizeEndpoints.)
 */
export function msalHost(url: string): string {
  return /^[^:/?#]+:\/\/([^/?#]*)/.exec(url.toLowerCase())?.[1] ?? ''
}

export function authorityOptions(activeDirectory: string, tenant?: string): AuthorityOptions {
  const authority = authorityUrl(activeDirectory, tenant)
  const host = msalHost(authority)
  if (isAdfs(authority)) return {authority, knownAuthorities: [host]}
  return {
    authority,
    // MSAL substitutes the tenant of a request into these, so one set serves every tenant.
    authorityMetadata: JSON.stringify({
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      issuer: `${authority}/v2.0`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
      token_endpoint: `${authority}/oauth2/v2.0/token`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      'api-version': '1.1',
      metadata: [{aliases: [host], preferred_cache: host, preferred_network: host}],
    }),
    knownAuthorities: [host],
  }
}
