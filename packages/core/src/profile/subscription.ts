/**
 * Pure functions over stored subscriptions: az's key order, the `account list` shape, and the
 * choice of a default.
 */
import type {AccountListEntry, NewSubscription, StoredSubscription, SubscriptionUser} from './types.js'

/** The order in which az writes a subscription's keys. */
const SUBSCRIPTION_KEY_ORDER = [
  'id',
  'name',
  'state',
  'user',
  'isDefault',
  'tenantId',
  'environmentName',
  'homeTenantId',
  'tenantDefaultDomain',
  'tenantDisplayName',
  'managedByTenants',
] as const

const USER_KEY_ORDER = ['name', 'type'] as const

/**
 * A new subscription with its keys in az's stored order (other keys after them) and
 * `isDefault: false`, as az stores what a login found before it picks the default.
 */
export function normalizeSubscription(subscription: NewSubscription): StoredSubscription {
  const user = inKeyOrder(subscription.user as Record<string, unknown>, USER_KEY_ORDER) as SubscriptionUser
  return inKeyOrder({...subscription, isDefault: false, user}, SUBSCRIPTION_KEY_ORDER) as StoredSubscription
}

/** A stored subscription as `az account list` prints it: `environmentName` renamed to `cloudName` and moved last. */
export function toAccountListEntry(subscription: StoredSubscription): AccountListEntry {
  const {environmentName, ...rest} = subscription
  return {...rest, cloudName: environmentName}
}

/** True when `value` is the subscription's ID or name, compared case-insensitively as az does. */
export function matchesSubscription(subscription: StoredSubscription, value: string): boolean {
  const lowered = value.toLowerCase()
  return subscription.id.toLowerCase() === lowered || subscription.name.toLowerCase() === lowered
}

/** az's pick among newly found subscriptions: the first Enabled one, else the first. */
export function pickWorkingSubscription<T extends {state?: string}>(subscriptions: readonly T[]): T | undefined {
  return subscriptions.find((subscription) => subscription.state === 'Enabled') ?? subscriptions[0]
}

function inKeyOrder(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const key of order) if (Object.hasOwn(value, key)) result[key] = value[key]
  for (const [key, member] of Object.entries(value)) if (!order.includes(key)) result[key] = member
  return result
}
