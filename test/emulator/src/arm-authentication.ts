/**
 * ARM's bearer check: a token this emulator signed, not expired, for an ARM audience, naming a
 * principal the seed knows. Refusals use ARM's 401 shape and WWW-Authenticate header.
 */
import {authenticationContextChallenge, type Challenge, challengeHeader} from './conditional-access.js'
import type {EmulatorContext} from './context.js'
import type {Principal} from './directory.js'
import {json, type Reply, type RouteRequest} from './router.js'
import {normalizeResource} from './scopes.js'

export function armError(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  return json(status, {error: {code, message}}, headers)
}

export function authenticateArm(context: EmulatorContext, request: RouteRequest): {principal: Principal} | {reply: Reply} {
  const refuse = (code: string, message: string, description: string) => ({
    reply: armError(401, code, message, {
      'www-authenticate': `Bearer authorization_uri="${context.baseUrl}/", error="invalid_token", error_description="${description}"`,
    }),
  })
  const header = request.headers.authorization
  if (!header)
    return refuse(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      "The authentication failed because of missing 'Authorization' header.",
    )
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)
  if (!bearer) {
    return refuse(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      "The 'Authorization' header is provided in an invalid format.",
    )
  }

  const checked = context.issuer.verify(bearer[1])
  if ('problem' in checked) {
    if (checked.problem === 'expired') {
      const expiry = typeof checked.claims?.exp === 'number' ? new Date(checked.claims.exp * 1000).toISOString() : 'unknown'
      const now = new Date(context.clock.nowMs()).toISOString()
      return refuse(
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${expiry}' is earlier than current UTC time '${now}'.`,
        'The access token has expired.',
      )
    }

    const message = checked.problem === 'signature' ? 'The access token has invalid signature.' : 'The access token is invalid.'
    return refuse('InvalidAuthenticationToken', message, message)
  }

  const {claims} = checked
  const audiences = context.seed.settings.armAudiences
  if (typeof claims.aud !== 'string' || !audiences.some((audience) => normalizeResource(audience) === normalizeResource(claims.aud as string))) {
    return refuse(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${String(claims.aud)}'. ` +
        `It should exactly match with one of the allowed audiences ${audiences.map((audience) => `'${audience}'`).join(',')}.`,
      'The access token has been obtained for wrong audience or resource.',
    )
  }

  const principal = principalOf(context, claims)
  if (!principal)
    return refuse('InvalidAuthenticationToken', 'The access token is invalid: its principal is unknown.', 'The access token is invalid.')
  const challenge =
    context.continuousAccess.revocationChallenge(claims, principal) ??
    authenticationContextChallenge(claims, principal, context.directory.tenant(principal.tenantId))
  if (challenge) return {reply: challengeReply(context, challenge)}
  return {principal}
}

/** A claims challenge: 401 with ARM's error and the claims a new token must carry. */
function challengeReply(context: EmulatorContext, challenge: Challenge): Reply {
  return armError(401, challenge.code, challenge.message, {'www-authenticate': challengeHeader(context.baseUrl, challenge)})
}

function principalOf(context: EmulatorContext, claims: Record<string, unknown>): Principal | undefined {
  const tenantId = String(claims.tid ?? '')
  if (claims.idtyp === 'user') {
    const user = context.directory.userById(String(claims.oid ?? ''))
    return user && {kind: 'user', user, tenantId}
  }

  const appId = String(claims.appid ?? '')
  if (!appId) return undefined
  const servicePrincipal = context.directory.servicePrincipal(appId)
  if (servicePrincipal) return {kind: 'servicePrincipal', servicePrincipal, tenantId}
  const identity = context.directory.managedIdentity({clientId: appId})
  return identity && {kind: 'managedIdentity', identity, tenantId}
}
