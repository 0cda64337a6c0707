/**
 * The token response for a person, shared by every user grant: which tenant the tokens are for,
 * the membership and MFA checks, then access token, refresh token, id token and client_info.
 */
import {AADSTS, aadError} from './aad-errors.js'
import {accessTokenClaims, parseRequestedClaims} from './conditional-access.js'
import type {EmulatorContext} from './context.js'
import type {Authority} from './directory.js'
import {encodeJson} from './jwt.js'
import {json, type Reply, type RouteRequest} from './router.js'
import {parseScopes} from './scopes.js'
import type {UserSeed} from './seed.js'

export interface UserTokenRequest {
  clientId: string
  user: UserSeed
  /** The authority of the token endpoint that was called. */
  authority: Authority
  scope: string
  mfa: boolean
  nonce?: string
  /** `client_info=1` was sent. */
  clientInfo: boolean
}

export function userTokenReply(context: EmulatorContext, request: RouteRequest, token: UserTokenRequest): Reply {
  const {directory, issuer} = context
  const {user} = token
  // organizations and common give a token from the person's home tenant.
  const tenant = token.authority.kind === 'tenant' ? token.authority.tenant : directory.homeTenantOf(user)
  if (!directory.isMember(user, tenant)) return aadError(context, request, AADSTS.userNotInTenant(user.username, tenant.displayName))
  const scopes = parseScopes(token.scope)
  if (scopes.multipleResources) return aadError(context, request, AADSTS.multipleResources())
  if (tenant.requireMfa && !token.mfa) return aadError(context, request, AADSTS.mfaRequired(scopes.resource))
  if (tenant.blockDeviceCode && request.form.get('grant_type')?.endsWith('device_code'))
    return aadError(context, request, AADSTS.conditionalAccessBlocked())
  const requested = parseRequestedClaims(request.form.get('claims'))
  // The emulator's authentication contexts all stand for MFA: a sign-in without it must step up.
  if (requested.acrs.length > 0 && !token.mfa) return aadError(context, request, AADSTS.mfaRequired(scopes.resource))

  const claims = accessTokenClaims(requested)
  const access = issuer.userAccessToken({
    user,
    tenantId: tenant.id,
    clientId: token.clientId,
    resource: scopes.resource,
    scp: scopes.scp,
    mfa: token.mfa,
    claims,
  })
  context.continuousAccess.recordIssued(access.accessToken)
  const granted = scopes.resourceScopes.length > 0 ? scopes.resourceScopes : token.scope.split(/\s+/).filter(Boolean)
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: granted.join(' '),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.accessToken,
  }
  if (scopes.offlineAccess) {
    body.refresh_token = context.refreshTokens.issue({userId: user.objectId, clientId: token.clientId, mfa: token.mfa})
  }

  if (directory.publicClient(token.clientId)?.foci) body.foci = '1'
  if (scopes.openid) body.id_token = issuer.idToken(user, tenant.id, token.clientId, token.nonce)
  if (token.clientInfo) body.client_info = clientInfo(user)
  return json(200, body, {'cache-control': 'no-store, no-cache', pragma: 'no-cache'})
}

/** `client_info`: the home account, `uid.utid`, which MSAL keys its cache on. */
export function clientInfo(user: UserSeed): string {
  return encodeJson({uid: user.objectId, utid: user.homeTenant})
}
