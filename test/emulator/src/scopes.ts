/**
 * From a v2.0 `scope` parameter to the one resource a token is for. `X/.default` means resource X
 * (so `https://management.core.windows.net//.default` keeps its trailing slash), `X/Perm` means
 * resource X with permission Perm, a bare permission means Microsoft Graph.
 */

const RESERVED_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email'])
const MICROSOFT_GRAPH = 'https://graph.microsoft.com'

interface ParsedScopes {
  /** The requested scopes minus the reserved OpenID Connect ones, as sent. */
  resourceScopes: string[]
  resource: string
  /** The `scp` claim of a user token. */
  scp: string
  /** Only `.default` scopes were asked for (required by client credentials). */
  isDefault: boolean
  openid: boolean
  offlineAccess: boolean
  /** More than one resource was named, which Entra refuses. */
  multipleResources: boolean
}

export function parseScopes(scope: string): ParsedScopes {
  const all = scope.split(/\s+/).filter(Boolean)
  const resourceScopes = all.filter((item) => !RESERVED_SCOPES.has(item.toLowerCase()))
  const split = resourceScopes.map(splitScope)
  const resources = new Set(split.map((item) => normalizeResource(item.resource)))
  const permissions = split.map((item) => item.permission)
  const isDefault = split.length > 0 && permissions.every((permission) => permission === '.default')
  return {
    resourceScopes,
    resource: split[0]?.resource ?? MICROSOFT_GRAPH,
    scp:
      split.length === 0
        ? 'openid profile email'
        : isDefault
          ? 'user_impersonation'
          : permissions.filter((permission) => permission !== '.default').join(' '),
    isDefault,
    openid: all.includes('openid'),
    offlineAccess: all.includes('offline_access'),
    multipleResources: resources.size > 1,
  }
}

function splitScope(scope: string): {resource: string; permission: string} {
  if (!scope.includes('://') && !scope.startsWith('api:')) return {resource: MICROSOFT_GRAPH, permission: scope}
  const slash = scope.lastIndexOf('/')
  const prefixEnd = scope.indexOf('://') + 3
  if (slash < prefixEnd) return {resource: scope, permission: '.default'}
  return {resource: scope.slice(0, slash), permission: scope.slice(slash + 1)}
}

/** Resources compare without trailing slashes and case, as Entra treats them as one application. */
export function normalizeResource(resource: string): string {
  return resource.replace(/\/+$/, '').toLowerCase()
}
