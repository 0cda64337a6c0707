/**
 * Server-side state of a sign-in in progress in the HTML pages, keyed by the `flowToken` hidden
 * field: the parameters /authorize received, or the device code being confirmed, and the step the
 * person is at.
 */
import {randomBytes} from 'node:crypto'
import type {Clock} from './clock.js'

/** The /authorize query parameters a sign-in completes. */
export interface AuthorizeRequest {
  authoritySegment: string
  clientId: string
  redirectUri: string
  responseMode: 'query' | 'fragment' | 'form_post'
  scope: string
  state?: string
  nonce?: string
  codeChallenge?: string
  codeChallengeMethod?: string
  loginHint?: string
  /** The `claims` asked for (a claims challenge): an authentication context makes the sign-in step up to MFA. */
  claims?: string
  clientInfo: boolean
}

type SignInStep = 'confirm' | 'credentials' | 'mfa'

export type SignInFlow = {
  id: string
  step: SignInStep
  userId?: string
  expiresAtMs: number
} & ({kind: 'authorize'; request: AuthorizeRequest} | {kind: 'device'; userCode: string})

const FLOW_LIFETIME_MS = 30 * 60 * 1000

export class SignInFlows {
  readonly #flows = new Map<string, SignInFlow>()

  constructor(private readonly clock: Clock) {}

  start(flow: {step: SignInStep} & ({kind: 'authorize'; request: AuthorizeRequest} | {kind: 'device'; userCode: string})): SignInFlow {
    const started = {...flow, id: randomBytes(24).toString('base64url'), expiresAtMs: this.clock.nowMs() + FLOW_LIFETIME_MS} as SignInFlow
    this.#flows.set(started.id, started)
    return started
  }

  /** The flow a form submission continues; undefined when unknown or timed out. */
  get(id: string): SignInFlow | undefined {
    const flow = this.#flows.get(id)
    if (!flow || flow.expiresAtMs <= this.clock.nowMs()) return undefined
    return flow
  }

  end(flow: SignInFlow): void {
    this.#flows.delete(flow.id)
  }
}
