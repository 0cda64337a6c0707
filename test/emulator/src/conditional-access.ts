/**
 * Conditional Access and continuous access evaluation (CAE), as far as clients can see them:
 *
 * - at the token endpoint: a tenant that blocks the device code flow (`AADSTS53003`), and the
 *   `claims` a client sends (its CP1 capability becomes `xms_cc` in the access token; an
 *   authentication context asked for by `acrs` is granted to a sign-in that did MFA, else
 *   `AADSTS50076`);
 * - at ARM: a claims challenge (`401`, `WWW-Authenticate: Bearer … error="insufficient_claims",
 *   claims="<base64>"`) for a user token issued before that user's sessions were revoked, when the
 *   token is a CAE one (`xms_cc` holds CP1: such tokens live long and are revoked in near real time),
 *   and for a token without the authentication context its tenant demands, until a token that
 *   carries it is presented.
 */
import {decodeJwt, type JwtClaims} from './jwt.js'
import type {Clock} from './clock.js'
import type {Principal} from './directory.js'
import type {TenantSeed} from './seed.js'

/** The parts of a token request's `claims` parameter the emulator acts on. */
interface RequestedClaims {
  /** The client declared the CP1 capability (it can take claims challenges). */
  cp1: boolean
  /** Authentication context class references asked for (`access_token.acrs`). */
  acrs: string[]
}

/** What a challenge asks for, and ARM's words for why. */
export interface Challenge {
  claims: Record<string, unknown>
  code: string
  message: string
}

/** Reads the `claims` form parameter (JSON); anything unreadable asks for nothing. */
export function parseRequestedClaims(claims: string | null): RequestedClaims {
  let parsed: {access_token?: {acrs?: {value?: unknown; values?: unknown}; xms_cc?: {values?: unknown}}}
  try {
    parsed = claims ? JSON.parse(claims) : {}
  } catch {
    parsed = {}
  }

  const accessToken = parsed?.access_token ?? {}
  const capabilities = Array.isArray(accessToken.xms_cc?.values) ? accessToken.xms_cc.values.map(String) : []
  const acrs = accessToken.acrs
  const requested = Array.isArray(acrs?.values) ? acrs.values.map(String) : typeof acrs?.value === 'string' ? [acrs.value] : []
  return {acrs: requested, cp1: capabilities.includes('CP1')}
}

/** The claims the access token gets for what was asked. */
export function accessTokenClaims(requested: RequestedClaims): JwtClaims {
  return {...(requested.cp1 ? {xms_cc: ['CP1']} : {}), ...(requested.acrs.length > 0 ? {acrs: requested.acrs} : {})}
}

/**
 * Revoked sessions ("revoke sessions" on a user) and when each user access token was issued, to the
 * millisecond: JWT times are whole seconds, and a sign-in right after a revocation must not look
 * revoked.
 */
export class ContinuousAccess {
  readonly #revokedAtMs = new Map<string, number>()
  readonly #issuedAtMs = new Map<string, number>()

  constructor(private readonly clock: Clock) {}

  /** Notes when a user access token (by its `uti`) was issued. */
  recordIssued(accessToken: string): void {
    const uti = decodeJwt(accessToken)?.claims.uti
    if (typeof uti === 'string') this.#issuedAtMs.set(uti, this.clock.nowMs())
  }

  /** Revokes every session of a user (by object id) as of now. */
  revoke(userId: string): void {
    this.#revokedAtMs.set(userId.toLowerCase(), this.clock.nowMs())
  }

  /** The challenge ARM answers a CAE token of a revoked session with, or undefined. */
  revocationChallenge(claims: JwtClaims, principal: Principal): Challenge | undefined {
    if (principal.kind !== 'user') return undefined
    const revokedAtMs = this.#revokedAtMs.get(principal.user.objectId.toLowerCase())
    const cae = Array.isArray(claims.xms_cc) && claims.xms_cc.includes('CP1')
    if (revokedAtMs === undefined || !cae) return undefined
    const issuedAtMs = this.#issuedAtMs.get(String(claims.uti)) ?? Number(claims.iat) * 1000
    if (issuedAtMs > revokedAtMs) return undefined
    return {
      claims: {access_token: {nbf: {essential: true, value: String(Math.ceil(revokedAtMs / 1000))}}},
      code: 'InvalidAuthenticationToken',
      message: 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
    }
  }
}

/** The challenge for a user token without the authentication context its tenant demands, or undefined. */
export function authenticationContextChallenge(claims: JwtClaims, principal: Principal, tenant: TenantSeed | undefined): Challenge | undefined {
  const required = tenant?.authenticationContext
  if (principal.kind !== 'user' || !required) return undefined
  if (Array.isArray(claims.acrs) && claims.acrs.includes(required)) return undefined
  return {
    claims: {access_token: {acrs: {essential: true, values: [required]}}},
    code: 'InvalidAuthenticationToken',
    message:
      `The access token does not satisfy the authentication context '${required}' that tenant ` +
      `'${tenant.displayName}' requires. Sign in again with the claims of this challenge.`,
  }
}

/** ARM's `WWW-Authenticate` header for a challenge. */
export function challengeHeader(baseUrl: string, challenge: Challenge): string {
  const claims = Buffer.from(JSON.stringify(challenge.claims)).toString('base64')
  return `Bearer authorization_uri="${baseUrl}/common/oauth2/authorize", error="insufficient_claims", claims="${claims}"`
}
