/**
 * Refresh tokens: opaque, kept in memory, usable for any resource in any tenant the person belongs
 * to. Each redemption returns a new one (rotation); the old stays valid until it expires, as in
 * Entra — unless single-use mode is on, where a token once exchanged for a new one is refused, as
 * OAuth 2.1 servers with refresh token rotation do (a client must always send the newest). Such
 * servers may accept the previous token for a short reuse interval (Okta's grace period, Auth0's
 * reuse interval), so that a client killed before it stored the new one can try again.
 * Revocation invalidates every token issued before it, like "revoke sessions".
 */
import {randomBytes} from 'node:crypto'
import type {Clock} from './clock.js'

interface RefreshTokenGrant {
  userId: string
  clientId: string
  /** Whether the sign-in behind this token satisfied multi-factor authentication. */
  mfa: boolean
  issuedAtMs: number
  expiresAtMs: number
  /** Set once the token was exchanged for a new one. */
  redeemedAtMs?: number
}

type RefreshTokenRedemption =
  {grant: RefreshTokenGrant} | {problem: 'unknown'} | {problem: 'expired' | 'redeemed' | 'revoked'; grant: RefreshTokenGrant}

export class RefreshTokens {
  readonly #grants = new Map<string, RefreshTokenGrant>()
  readonly #revokedBefore = new Map<string, number>()
  #allRevokedBefore = 0

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeSeconds: () => number,
    /** Whether a token exchanged once is refused from then on. */
    private readonly singleUse: () => boolean,
    /** How long after its exchange a single-use token is still accepted, in seconds. */
    private readonly reuseIntervalSeconds: () => number,
  ) {}

  issue(grant: Omit<RefreshTokenGrant, 'issuedAtMs' | 'expiresAtMs'>): string {
    const token = `emu-rt.${randomBytes(32).toString('base64url')}`
    const issuedAtMs = this.clock.nowMs()
    this.#grants.set(token, {...grant, issuedAtMs, expiresAtMs: issuedAtMs + this.lifetimeSeconds() * 1000})
    return token
  }

  redeem(token: string): RefreshTokenRedemption {
    const grant = this.#grants.get(token)
    if (!grant) return {problem: 'unknown'}
    const revokedBefore = Math.max(this.#allRevokedBefore, this.#revokedBefore.get(grant.userId.toLowerCase()) ?? 0)
    if (grant.issuedAtMs <= revokedBefore) return {problem: 'revoked', grant}
    if (grant.expiresAtMs <= this.clock.nowMs()) return {problem: 'expired', grant}
    if (grant.redeemedAtMs !== undefined && this.singleUse() && this.clock.nowMs() - grant.redeemedAtMs >= this.reuseIntervalSeconds() * 1000) {
      return {problem: 'redeemed', grant}
    }

    return {grant}
  }

  /** Records that `token` was exchanged for a new one (called once the new one is issued). */
  markRedeemed(token: string): void {
    const grant = this.#grants.get(token)
    if (grant) grant.redeemedAtMs ??= this.clock.nowMs()
  }

  /** Revokes the refresh tokens of one user (by object id), or of everyone. */
  revoke(userId?: string): void {
    const now = this.clock.nowMs()
    if (userId) this.#revokedBefore.set(userId.toLowerCase(), now)
    else this.#allRevokedBefore = now
  }
}
