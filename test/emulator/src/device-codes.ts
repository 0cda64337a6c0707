/**
 * The device authorization grant's state machine: a code is pending until a person (or a test)
 * approves or declines it, expires after `expires_in`, and answers polls that come faster than
 * half the interval with `slow_down`.
 */
import {randomBytes} from 'node:crypto'
import type {Clock} from './clock.js'

type DeviceCodeStatus = 'pending' | 'approved' | 'declined' | 'redeemed'

export interface DeviceCodeGrant {
  deviceCode: string
  userCode: string
  clientId: string
  scope: string
  /** The tenant segment of the /devicecode path, which decides the tenant of the tokens. */
  authoritySegment: string
  intervalSeconds: number
  expiresAtMs: number
  status: DeviceCodeStatus
  userId?: string
  mfa?: boolean
  lastPollMs?: number
}

type DeviceCodePoll = {state: 'unknown'} | {state: 'pending' | 'slowDown' | 'expired' | 'declined' | 'approved' | 'redeemed'; grant: DeviceCodeGrant}

// No 0/O or 1/I, so a person can read the code off a screen.
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export class DeviceCodes {
  readonly #byDeviceCode = new Map<string, DeviceCodeGrant>()

  constructor(private readonly clock: Clock) {}

  create(request: {clientId: string; scope: string; authoritySegment: string; intervalSeconds: number; expiresInSeconds: number}): DeviceCodeGrant {
    const grant: DeviceCodeGrant = {
      deviceCode: `emu-dc.${randomBytes(32).toString('base64url')}`,
      userCode: newUserCode(),
      clientId: request.clientId,
      scope: request.scope,
      authoritySegment: request.authoritySegment,
      intervalSeconds: request.intervalSeconds,
      expiresAtMs: this.clock.nowMs() + request.expiresInSeconds * 1000,
      status: 'pending',
    }
    this.#byDeviceCode.set(grant.deviceCode, grant)
    return grant
  }

  /** The grant a person's typed code names; case, spaces and dashes do not matter. */
  byUserCode(userCode: string): DeviceCodeGrant | undefined {
    const typed = userCode.replaceAll(/[\s-]/g, '').toUpperCase()
    for (const grant of this.#byDeviceCode.values()) if (grant.userCode === typed) return grant
    return undefined
  }

  isExpired(grant: DeviceCodeGrant): boolean {
    return grant.expiresAtMs <= this.clock.nowMs()
  }

  approve(grant: DeviceCodeGrant, userId: string, mfa: boolean): void {
    Object.assign(grant, {status: 'approved', userId, mfa})
  }

  decline(grant: DeviceCodeGrant): void {
    grant.status = 'declined'
  }

  /** One poll of the token endpoint; an approved code is handed out once. */
  poll(deviceCode: string): DeviceCodePoll {
    const grant = this.#byDeviceCode.get(deviceCode)
    if (!grant) return {state: 'unknown'}
    const now = this.clock.nowMs()
    const previous = grant.lastPollMs
    grant.lastPollMs = now
    if (grant.status === 'redeemed') return {state: 'redeemed', grant}
    if (grant.status === 'declined') return {state: 'declined', grant}
    if (grant.expiresAtMs <= now) return {state: 'expired', grant}
    if (grant.status === 'approved') {
      grant.status = 'redeemed'
      return {state: 'approved', grant}
    }

    // Clients sleep a whole interval between polls, so less than half of one is a client bug.
    if (previous !== undefined && now - previous < (grant.intervalSeconds * 1000) / 2) return {state: 'slowDown', grant}
    return {state: 'pending', grant}
  }
}

function newUserCode(): string {
  return [...randomBytes(9)].map((byte) => USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length]).join('')
}
