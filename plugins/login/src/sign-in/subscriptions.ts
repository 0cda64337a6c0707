/**
 * The subscriptions a sign-in reaches: discovered in ARM (every tenant, or the one given), or with
 * `--skip-subscription-discovery` only the one `--subscription` names, or a tenant-level account.
 */
import {CommandError} from '@azx/core'
import type {SubscriptionUser} from '@azx/core'
import {discoveryWarnings} from '@azx/core/auth'
import type {DiscoveryOptions, DiscoveryResult} from '@azx/core/auth'

import type {LoginRequest} from './request.js'
import type {SignedInAccount, SignInContext} from './signed-in-account.js'

interface FoundSubscriptions {
  discovery: DiscoveryResult
  /** az's warnings about what discovery found (tenants without subscriptions, failed tenants, …). */
  warnings: string[]
}

interface FindOptions {
  resourceManager: string
  /** The selector may follow: then az's notice stands in for the spinner. */
  selectorWanted: boolean
}

export async function findSubscriptions(
  request: LoginRequest,
  account: SignedInAccount,
  context: Pick<SignInContext, 'auth' | 'cloud' | 'terminal'>,
  options: FindOptions,
): Promise<FoundSubscriptions> {
  const discoveryOptions: DiscoveryOptions = {
    allowNoSubscriptions: request.allowNoSubscriptions,
    cloudName: context.cloud.name,
    resourceManager: options.resourceManager,
    tenant: account.tenant,
    tokenFor: account.tokenFor,
    user: account.user,
  }
  if (request.skipSubscriptionDiscovery) {
    // The request was refused without --tenant (request.ts), so the account has its tenant.
    const {warnings, ...discovery} = await context.auth.skipDiscovery({
      ...discoveryOptions,
      subscription: request.subscription,
      tenant: account.tenant!,
    })
    return {discovery, warnings: [...discoveryWarnings(discovery, request.allowNoSubscriptions), ...warnings]}
  }

  const discover = () => context.auth.discoverSubscriptions(discoveryOptions)
  // A spinner on a terminal's stderr, but not before the selector: az's notice says it there, and az shows nothing more.
  const discovery =
    context.terminal.stderrIsTty && !options.selectorWanted
      ? await context.terminal.showProgress('Retrieving tenants and subscriptions', discover)
      : await discover()
  return {discovery, warnings: discoveryWarnings(discovery, request.allowNoSubscriptions)}
}

/** az's error for a login that found nothing to store (nothing is stored then). */
export function noSubscriptionsError(user: SubscriptionUser): CommandError {
  return new CommandError(`No subscriptions found for ${user.name}.`, {
    recommendations: ['Use `az login --allow-no-subscriptions` to sign in to tenants without subscriptions.'],
  })
}
