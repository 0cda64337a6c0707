/** What each sign-in method hands on to subscription discovery, and what each of them needs. */
import type {Cloud, SubscriptionUser} from '@azx/core'
import type {DiscoveryOptions} from '@azx/core/auth'

import type {SignInAuth} from './auth.js'
import type {Terminal} from './terminal.js'

/** Who signed in, and how discovery gets ARM tokens for them. */
export interface SignedInAccount {
  user: SubscriptionUser
  /** An ARM token in a tenant (undefined: the sign-in's own), or with `claims` a new one that carries them. */
  tokenFor: DiscoveryOptions['tokenFor']
  /** The one tenant to look in for subscriptions; without it, every tenant the account reaches. */
  tenant?: string
}

export interface SignInContext {
  auth: SignInAuth
  cloud: Cloud
  /** The cloud's ARM resource (`active_directory_resource_id`), and its scopes. */
  armResource: string
  armScopes: string[]
  /** `--scope`: what the sign-in asks for instead of ARM. */
  scopes?: string[]
  /** `--tenant`, resolved to an ID. */
  tenant?: string
  terminal: Terminal
}
