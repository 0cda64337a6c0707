/**
 * Entra's metadata documents: instance discovery, the v2.0 and v1 OpenID configurations, the signing
 * keys and the user realm. Every URL inside them is the emulator's own (host and port), whatever
 * host the request came in on: through the proxy, MSAL Python asks login.microsoftonline.com and
 * drops the port, so the emulator puts it back.
 */
import {AADSTS, aadError} from '../aad-errors.js'
import type {Authority} from '../directory.js'
import {json, type Route} from '../router.js'

const PUBLIC_CLOUD_ALIASES = {
  preferred_network: 'login.microsoftonline.com',
  preferred_cache: 'login.windows.net',
  aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
}

export const instanceDiscoveryRoute: Route = {
  name: 'instance-discovery',
  method: 'GET',
  pattern: /^\/[^/]+\/discovery\/instance\/?$/i,
  errorStyle: 'aad',
  handle(request, context) {
    const tenant = tenantOfAuthorizationEndpoint(request.url.searchParams.get('authorization_endpoint')) ?? 'common'
    const port = new URL(context.baseUrl).port
    return json(200, {
      tenant_discovery_endpoint: `${context.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        {preferred_network: context.hostPort, preferred_cache: context.hostPort, aliases: [context.hostPort, 'localhost', `127.0.0.1:${port}`]},
        PUBLIC_CLOUD_ALIASES,
      ],
    })
  },
}

export const openIdConfigurationRoute: Route = {
  name: 'openid-configuration',
  method: 'GET',
  pattern: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/i,
  errorStyle: 'aad',
  handle(request, context) {
    const authority = context.directory.authority(request.params[0])
    if (!authority) return aadError(context, request, AADSTS.tenantNotFound(request.params[0]))
    const base = `${context.baseUrl}/${endpointSegment(authority)}`
    return json(200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${context.baseUrl}/${issuerTenant(authority)}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    })
  },
}

/** The v1 document az reads to turn a tenant domain into its GUID (4th path segment of `issuer`). */
export const openIdConfigurationV1Route: Route = {
  name: 'openid-configuration-v1',
  method: 'GET',
  pattern: /^\/([^/]+)\/\.well-known\/openid-configuration\/?$/i,
  errorStyle: 'aad',
  handle(request, context) {
    const authority = context.directory.authority(request.params[0])
    if (!authority) return aadError(context, request, AADSTS.tenantNotFound(request.params[0]))
    const base = `${context.baseUrl}/${endpointSegment(authority)}`
    return json(200, {
      token_endpoint: `${base}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      scopes_supported: ['openid'],
      issuer: `${context.baseUrl}/${issuerTenant(authority)}/`,
      microsoft_multi_refresh_token: true,
      authorization_endpoint: `${base}/oauth2/authorize`,
      device_authorization_endpoint: `${base}/oauth2/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'amr',
        'nonce',
        'email',
        'given_name',
        'family_name',
        'nickname',
      ],
      check_session_iframe: `${base}/oauth2/checksession`,
      userinfo_endpoint: `${base}/openid/userinfo`,
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    })
  },
}

export const keysRoute: Route = {
  name: 'keys',
  method: 'GET',
  pattern: /^\/([^/]+)\/discovery(?:\/v2\.0)?\/keys\/?$/i,
  errorStyle: 'aad',
  handle(request, context) {
    const authority = context.directory.authority(request.params[0])
    if (!authority) return aadError(context, request, AADSTS.tenantNotFound(request.params[0]))
    return json(200, {keys: [{...context.signingKey.jwk, issuer: `${context.baseUrl}/${issuerTenant(authority)}/v2.0`}]})
  },
}

/** MSAL Python asks before a password grant; anything but "Federated" leads to a plain ROPC request. */
export const userRealmRoute: Route = {
  name: 'userrealm',
  method: 'GET',
  pattern: /^\/common\/userrealm\/([^/]+)\/?$/i,
  errorStyle: 'aad',
  handle(request, context) {
    const domain = request.params[0].split('@').pop() ?? ''
    const tenant = context.directory.tenant(domain)
    if (!tenant) return json(200, {ver: '1.0', account_type: 'Unknown', cloud_instance_name: 'microsoftonline.com'})
    return json(200, {
      ver: '1.0',
      account_type: 'Managed',
      domain_name: domain.toLowerCase(),
      cloud_instance_name: 'microsoftonline.com',
      cloud_audience_urn: 'urn:federation:MicrosoftOnline',
    })
  },
}

function endpointSegment(authority: Authority): string {
  return authority.kind === 'tenant' ? authority.tenant.id : authority.kind
}

/** Multi-tenant documents carry the literal `{tenantid}` placeholder, as Entra's do. */
function issuerTenant(authority: Authority): string {
  return authority.kind === 'tenant' ? authority.tenant.id : '{tenantid}'
}

function tenantOfAuthorizationEndpoint(endpoint: string | null): string | undefined {
  if (!endpoint) return undefined
  try {
    const segment = new URL(endpoint).pathname.split('/').find(Boolean)
    return segment ? encodeURIComponent(decodeURIComponent(segment)) : undefined
  } catch {
    return undefined
  }
}
