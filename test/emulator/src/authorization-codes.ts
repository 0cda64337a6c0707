/** Authorization codes issued by /authorize: single use, ten minutes, bound to PKCE and the redirect URI. */
import {randomBytes} from 'node:crypto'
import type {Clock} from './clock.js'

interface AuthorizationCodeGrant {
  clientId: string
  redirectUri: string
  scope: string
  codeChallenge?: string
  codeChallengeMethod?: string
  nonce?: string
  userId: string
  mfa: boolean
  expiresAtMs: number
  redeemed: boolean
}

const CODE_LIFETIME_MS = 10 * 60 * 1000

export class AuthorizationCodes {
  readonly #grants = new Map<string, AuthorizationCodeGrant>()

  constructor(private readonly clock: Clock) {}

  issue(grant: Omit<AuthorizationCodeGrant, 'expiresAtMs' | 'redeemed'>): string {
    const code = `emu-code.${randomBytes(32).toString('base64url')}`
    this.#grants.set(code, {...grant, expiresAtMs: this.clock.nowMs() + CODE_LIFETIME_MS, redeemed: false})
    return code
  }

  get(code: string): AuthorizationCodeGrant | undefined {
    return this.#grants.get(code)
  }

  isExpired(grant: AuthorizationCodeGrant): boolean {
    return grant.expiresAtMs <= this.clock.nowMs()
  }
}
