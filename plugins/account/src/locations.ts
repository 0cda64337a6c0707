/**
 * `az account list-locations`: the regions of a subscription (`GET /subscriptions/{id}/locations`),
 * as ARM lists them; with `--include-extended-locations`, edge zones too. Today's az prints ARM's
 * objects unchanged (its newer SDK models keep only the keys ARM sent), so azx does too.
 */
import {resolveSubscriptionContext, UsageError} from '@azx/core'

import {armAuthorization} from './arm-authorization.js'

/** The values az's three-state flags take, and what they mean. */
const THREE_STATE: Record<string, boolean> = {0: false, 1: true, f: false, false: false, n: false, no: false, t: true, true: true, y: true, yes: true}

/**
 * `--include-extended-locations [VALUE]`: given alone, true; az also takes a value after it.
 * oclif's boolean flags take none, so a value that follows arrives as `value`.
 */
export function includeExtendedLocations(flag: boolean, value: string | undefined): boolean {
  if (value === undefined) return flag
  if (!flag) throw new UsageError(`unrecognized arguments: ${value}`)
  const meaning = THREE_STATE[value.toLowerCase()]
  if (meaning === undefined) {
    throw new UsageError(
      `az account list-locations: '${value}' is not a valid value for '--include-extended-locations'. ` +
        `Allowed values: ${Object.keys(THREE_STATE).sort().join(', ')}.`,
    )
  }

  return meaning
}

/** The locations of the subscription `idOrName` names, or of the default one. */
export async function listLocations(options: {includeExtended: boolean; subscription?: string}): Promise<unknown[]> {
  const context = await resolveSubscriptionContext(options.subscription)
  const {armGetAll, SUBSCRIPTIONS_API_VERSION} = await import('@azx/core/auth')
  const url = new URL(`${context.armClientOptions.endpoint}/subscriptions/${encodeURIComponent(context.subscriptionId)}/locations`)
  url.searchParams.set('api-version', SUBSCRIPTIONS_API_VERSION)
  if (options.includeExtended) url.searchParams.set('includeExtendedLocations', 'true')
  return armGetAll(url, armAuthorization(context))
}
