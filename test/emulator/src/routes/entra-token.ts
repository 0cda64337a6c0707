/**
 * `POST /{tenant}/oauth2/v2.0/token`: authorization_code (+PKCE), device_code (both spellings),
 * refresh_token, password and client_credentials.
 */
import {createHash} from 'node:crypto'
import {AADSTS, aadError} from '../aad-errors.js'
import {authenticateClient} from '../client-authentication.js'
import type {EmulatorContext} from '../context.js'
import type {Authority} from '../directory.js'
import {json, type Reply, type Route, type RouteRequest} from '../router.js'
import {parseScopes} from '../scopes.js'
import {userTokenReply} from '../user-tokens.js'

const DEVICE_CODE_GRANT_URN = 'urn:ietf:params:oauth:grant-type:device_code'

type GrantHandler = (context: EmulatorContext, request: RouteRequest, authority: Authority) => Reply

const GRANTS: Record<string, GrantHandler> = {
  authorization_code: authorizationCodeGrant,
  device_code: deviceCodeGrant,
  [DEVICE_CODE_GRANT_URN]: deviceCodeGrant,
  refresh_token: refreshTokenGrant,
  password: passwordGrant,
  client_credentials: clientCredentialsGrant,
}

export const tokenRoute: Route = {
  name: 'token',
  method: 'POST',
  pattern: /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i,
  errorStyle: 'aad',
  handle(request, context) {
    const authority = context.directory.authority(request.params[0])
    if (!authority) return aadError(context, request, AADSTS.tenantNotFound(request.params[0]))
    const grantType = request.form.get('grant_type')
    if (!grantType) return aadError(context, request, AADSTS.missingParameter('grant_type'))
    const grant = GRANTS[grantType]
    if (!grant) return aadError(context, request, AADSTS.unsupportedGrantType(grantType))
    return grant(context, request, authority)
  },
}

function authorizationCodeGrant(context: EmulatorContext, request: RouteRequest, authority: Authority): Reply {
  const client = authenticateClient(context, request, authority, {confidentialOnly: false})
  if ('error' in client) return aadError(context, request, client.error)
  const code = request.form.get('code')
  if (!code) return aadError(context, request, AADSTS.missingParameter('code'))
  const grant = context.authorizationCodes.get(code)
  if (!grant || grant.clientId.toLowerCase() !== client.clientId.toLowerCase()) return aadError(context, request, AADSTS.authorizationCodeInvalid())
  if (grant.redeemed) return aadError(context, request, AADSTS.authorizationCodeRedeemed())
  if (context.authorizationCodes.isExpired(grant)) return aadError(context, request, AADSTS.authorizationCodeExpired())
  const redirectUri = request.form.get('redirect_uri') ?? ''
  if (withoutTrailingSlash(redirectUri) !== withoutTrailingSlash(grant.redirectUri)) {
    return aadError(context, request, AADSTS.redirectUriMismatch(redirectUri, grant.redirectUri))
  }

  if (grant.codeChallenge !== undefined && !pkceMatches(grant.codeChallenge, grant.codeChallengeMethod, request.form.get('code_verifier'))) {
    return aadError(context, request, AADSTS.codeVerifierMismatch())
  }

  grant.redeemed = true
  const user = context.directory.userById(grant.userId)
  if (!user) return aadError(context, request, AADSTS.authorizationCodeInvalid())
  return userTokenReply(context, request, {
    clientId: client.clientId,
    user,
    authority,
    scope: request.form.get('scope') ?? grant.scope,
    mfa: grant.mfa,
    nonce: grant.nonce,
    clientInfo: request.form.get('client_info') === '1',
  })
}

function deviceCodeGrant(context: EmulatorContext, request: RouteRequest, authority: Authority): Reply {
  const client = authenticateClient(context, request, authority, {confidentialOnly: false})
  if ('error' in client) return aadError(context, request, client.error)
  const deviceCode = request.form.get('device_code')
  if (!deviceCode) return aadError(context, request, AADSTS.missingParameter('device_code'))
  const poll = context.deviceCodes.poll(deviceCode)
  if (poll.state === 'unknown' || poll.grant.clientId.toLowerCase() !== client.clientId.toLowerCase()) {
    return aadError(context, request, AADSTS.deviceCodeUnknown())
  }

  switch (poll.state) {
    case 'pending':
      return aadError(context, request, AADSTS.authorizationPending())
    case 'slowDown':
      return aadError(context, request, AADSTS.slowDown())
    case 'expired':
      return aadError(context, request, AADSTS.deviceCodeExpired())
    case 'declined':
      return aadError(context, request, AADSTS.authorizationDeclined())
    case 'redeemed':
      return aadError(context, request, AADSTS.authorizationCodeRedeemed())
    case 'approved': {
      const user = context.directory.userById(poll.grant.userId ?? '')
      if (!user) return aadError(context, request, AADSTS.deviceCodeUnknown())
      return userTokenReply(context, request, {
        clientId: client.clientId,
        user,
        authority,
        scope: request.form.get('scope') ?? poll.grant.scope,
        mfa: poll.grant.mfa ?? false,
        clientInfo: request.form.get('client_info') === '1',
      })
    }
  }
}

function refreshTokenGrant(context: EmulatorContext, request: RouteRequest, authority: Authority): Reply {
  const client = authenticateClient(context, request, authority, {confidentialOnly: false})
  if ('error' in client) return aadError(context, request, client.error)
  const refreshToken = request.form.get('refresh_token')
  if (!refreshToken) return aadError(context, request, AADSTS.missingParameter('refresh_token'))
  const redemption = context.refreshTokens.redeem(refreshToken)
  if ('problem' in redemption) {
    if (redemption.problem === 'unknown') return aadError(context, request, AADSTS.refreshTokenMalformed())
    if (redemption.problem === 'revoked')
      return aadError(context, request, AADSTS.refreshTokenRevoked(redemption.grant.issuedAtMs, context.clock.nowMs()))
    if (redemption.problem === 'redeemed') return aadError(context, request, AADSTS.refreshTokenRedeemed(redemption.grant.redeemedAtMs!))
    return aadError(context, request, AADSTS.refreshTokenExpired(redemption.grant.issuedAtMs))
  }

  const {grant} = redemption
  // Members of the family of client ids (az, Azure PowerShell…) may redeem each other's tokens.
  const sameFamily = context.directory.publicClient(grant.clientId)?.foci && context.directory.publicClient(client.clientId)?.foci
  const user = context.directory.userById(grant.userId)
  if (!user || (grant.clientId.toLowerCase() !== client.clientId.toLowerCase() && !sameFamily)) {
    return aadError(context, request, AADSTS.refreshTokenMalformed())
  }

  const reply = userTokenReply(context, request, {
    clientId: client.clientId,
    user,
    authority,
    scope: request.form.get('scope') ?? '',
    mfa: grant.mfa,
    clientInfo: request.form.get('client_info') === '1',
  })
  // Only an answer that carries a new refresh token uses the old one up.
  if (reply.status === 200) context.refreshTokens.markRedeemed(refreshToken)
  return reply
}

function passwordGrant(context: EmulatorContext, request: RouteRequest, authority: Authority): Reply {
  const client = authenticateClient(context, request, authority, {confidentialOnly: false})
  if ('error' in client) return aadError(context, request, client.error)
  const username = request.form.get('username')
  const password = request.form.get('password')
  if (!username) return aadError(context, request, AADSTS.missingParameter('username'))
  if (!password) return aadError(context, request, AADSTS.missingParameter('password'))
  const user = context.directory.user(username)
  if (!user) return aadError(context, request, AADSTS.userNotFound(authority.kind === 'tenant' ? authority.tenant.displayName : authority.segment))
  if (user.password !== password) return aadError(context, request, AADSTS.invalidCredentials())
  // A password alone never satisfies multi-factor authentication.
  return userTokenReply(context, request, {
    clientId: client.clientId,
    user,
    authority,
    scope: request.form.get('scope') ?? '',
    mfa: false,
    clientInfo: request.form.get('client_info') === '1',
  })
}

function clientCredentialsGrant(context: EmulatorContext, request: RouteRequest, authority: Authority): Reply {
  const client = authenticateClient(context, request, authority, {confidentialOnly: true})
  if ('error' in client) return aadError(context, request, client.error)
  if (client.kind !== 'confidential' || authority.kind !== 'tenant') return aadError(context, request, AADSTS.noTenantForClientCredentials())
  const scope = request.form.get('scope')
  if (!scope) return aadError(context, request, AADSTS.missingParameter('scope'))
  const scopes = parseScopes(scope)
  if (!scopes.isDefault) return aadError(context, request, AADSTS.scopeMustBeDefault(scope))
  if (scopes.multipleResources) return aadError(context, request, AADSTS.multipleResources())
  const {servicePrincipal} = client
  const access = context.issuer.appAccessToken({
    appId: servicePrincipal.appId,
    objectId: servicePrincipal.objectId,
    tenantId: authority.tenant.id,
    resource: scopes.resource,
    appidacr: client.method === 'secret' ? '1' : '2',
  })
  return json(
    200,
    {token_type: 'Bearer', expires_in: access.expiresIn, ext_expires_in: access.expiresIn, access_token: access.accessToken},
    {'cache-control': 'no-store, no-cache', pragma: 'no-cache'},
  )
}

function withoutTrailingSlash(uri: string): string {
  return uri.replace(/\/+$/, '')
}

function pkceMatches(challenge: string, method: string | undefined, verifier: string | null): boolean {
  if (!verifier) return false
  if ((method ?? 'plain').toLowerCase() === 'plain') return verifier === challenge
  return createHash('sha256').update(verifier).digest('base64url') === challenge.replace(/=+$/, '')
}
