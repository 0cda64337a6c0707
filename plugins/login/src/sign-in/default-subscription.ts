import type {NewSubscription} from '@azx/core'

import type {LoginRequest} from './request.js'

/**
 * The subscription `--subscription` makes the default, if any. With `--skip-subscription-discovery`,
 * one that ARM did not know left only a tenant-level account (`--allow-no-subscriptions`): that
 * account is the default then, as the only one found.
 */
export function requestedDefault(request: LoginRequest, found: readonly NewSubscription[]): string | undefined {
  if (request.subscription === undefined) return undefined
  const named = request.subscription.toLowerCase()
  if (request.skipSubscriptionDiscovery && !found.some((subscription) => subscription.id.toLowerCase() === named)) return undefined
  return request.subscription
}
