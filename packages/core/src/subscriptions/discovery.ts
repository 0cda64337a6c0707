/**
 * Which subscriptions a sign-in reaches, as az discovers them: for a user without `--tenant`, ARM's
 * tenant list and then, for every tenant, a token through the refresh token and that tenant's
 * subscriptions; otherwise the subscriptions of the one tenant. Tenants are handled concurrently,
 * sixteen at a time (az asks one after the other), and one that fails (MFA, conditional access) is
 * reported, not fatal. Their token requests still go one at a time (the identity service holds
 * the refresh lock for each), each with the refresh token the one before it received; their ARM
 * requests overlap. An ARM claims challenge gets one retry with a token for the claims (http/arm.ts).
 * `--skip-subscription-discovery` lists nothing: see {@link skipDiscovery}.
 */
import {armGet, armGetAll, ArmNotFoundError} from '../http/index.js'
import type {NewSubscription, SubscriptionUser} from '../profile/index.js'
import type {ArmSubscription, ArmTenant} from './arm-types.js'
import {SUBSCRIPTIONS_API_VERSION} from './arm-types.js'

/** az's name for the account of a tenant that has no subscription (`--allow-no-subscriptions`). */
export const TENANT_LEVEL_ACCOUNT_NAME = 'N/A(tenant level account)'

const DEFAULT_CONCURRENCY = 16

export interface TenantFailure {
  tenant: ArmTenant
  /** The error's message (an AADSTS description for a sign-in failure). */
  message: string
}

export interface DiscoveryResult {
  subscriptions: NewSubscription[]
  /** Subscriptions that a later tenant listed again; az keeps the first appearance. */
  duplicates: {subscription: NewSubscription; keptTenant: string}[]
  /** Tenants reached that have no subscription. */
  emptyTenants: ArmTenant[]
  /** Tenants whose token or list failed. */
  failedTenants: TenantFailure[]
}

export interface DiscoveryOptions {
  /** The cloud's resource manager endpoint. */
  resourceManager: string
  cloudName: string
  user: SubscriptionUser
  /**
   * An access token for ARM in a tenant (`undefined`: the token of the sign-in itself); with
   * `claims` (an ARM claims challenge), a new token that carries them.
   */
  tokenFor: (tenantId: string | undefined, claims?: string) => Promise<string>
  /** Only this tenant (`az login --tenant`, service principals, managed identities): no tenant list. */
  tenant?: string
  allowNoSubscriptions?: boolean
  /** Tenants handled at once. */
  concurrency?: number
}

function armUrl(resourceManager: string, path: string): string {
  return `${resourceManager.replace(/\/+$/, '')}${path}?api-version=${SUBSCRIPTIONS_API_VERSION}`
}

/** A subscription as az stores it after a login, in az's key order. */
export function toNewSubscription(
  found: ArmSubscription,
  listedBy: ArmTenant,
  options: Pick<DiscoveryOptions, 'cloudName' | 'user'>,
): NewSubscription {
  const entry: NewSubscription = {
    environmentName: options.cloudName,
    id: found.subscriptionId ?? found.id.split('/').pop()!,
    name: found.displayName,
    state: found.state,
    tenantId: listedBy.tenantId,
    user: {...options.user},
  }
  if (found.tenantId !== undefined) entry.homeTenantId = found.tenantId
  if (listedBy.defaultDomain !== undefined) entry.tenantDefaultDomain = listedBy.defaultDomain
  if (listedBy.displayName !== undefined) entry.tenantDisplayName = listedBy.displayName
  if (found.managedByTenants !== undefined)
    entry.managedByTenants = found.managedByTenants === null ? null : found.managedByTenants.map(({tenantId}) => ({tenantId}))
  return entry
}

/** The account az adds for a tenant without subscriptions: the tenant stands in for a subscription. */
export function tenantLevelAccount(tenant: ArmTenant, options: Pick<DiscoveryOptions, 'cloudName' | 'user'>): NewSubscription {
  return {
    environmentName: options.cloudName,
    id: tenant.tenantId,
    name: TENANT_LEVEL_ACCOUNT_NAME,
    state: 'Enabled',
    tenantId: tenant.tenantId,
    user: {...options.user},
    ...(tenant.displayName === undefined ? {} : {tenantDisplayName: tenant.displayName}),
  }
}

/** Runs `work` on every item, at most `limit` at a time, keeping the input order in the results (also `az account status`'s checks). */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index])
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}

export async function discoverSubscriptions(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const tenants: ArmTenant[] = options.tenant
    ? [{tenantId: options.tenant}]
    : await armGetAll<ArmTenant>(armUrl(options.resourceManager, '/tenants'), (claims) => options.tokenFor(undefined, claims))

  const outcomes = await mapConcurrently(tenants, options.concurrency ?? DEFAULT_CONCURRENCY, async (tenant) => {
    try {
      const tenantId = options.tenant ? undefined : tenant.tenantId
      const found = await armGetAll<ArmSubscription>(armUrl(options.resourceManager, '/subscriptions'), (claims) =>
        options.tokenFor(tenantId, claims),
      )
      return {subscriptions: found.map((subscription) => toNewSubscription(subscription, tenant, options)), tenant}
    } catch (error) {
      return {failure: {message: (error as Error).message, tenant}, tenant}
    }
  })

  const result: DiscoveryResult = {duplicates: [], emptyTenants: [], failedTenants: [], subscriptions: []}
  const firstListedBy = new Map<string, string>()
  for (const outcome of outcomes) {
    if ('failure' in outcome && outcome.failure) {
      result.failedTenants.push(outcome.failure)
    } else if ('subscriptions' in outcome && outcome.subscriptions.length > 0) {
      // A subscription several tenants list (Azure Lighthouse) is kept as the first tenant listed it, as az does.
      for (const subscription of outcome.subscriptions) {
        const keptTenant = firstListedBy.get(subscription.id)
        if (keptTenant === undefined) {
          firstListedBy.set(subscription.id, subscription.tenantId)
          result.subscriptions.push(subscription)
        } else {
          result.duplicates.push({keptTenant, subscription})
        }
      }
    } else {
      result.emptyTenants.push(outcome.tenant)
      if (options.allowNoSubscriptions) result.subscriptions.push(tenantLevelAccount(outcome.tenant, options))
    }
  }

  return result
}

export interface SkippedDiscoveryOptions extends Omit<DiscoveryOptions, 'concurrency' | 'tenant'> {
  /** `--tenant`, required. */
  tenant: string
  /** The one subscription to read (an ID); without it, a tenant-level account. */
  subscription?: string
}

/**
 * `az login --skip-subscription-discovery` (today's az, 2.86): no tenant list and no subscription
 * list, which take minutes in tenants with thousands of subscriptions (az issue 31939). With a
 * subscription ID, that one subscription (`GET /subscriptions/{id}`); without, the tenant-level
 * account `--allow-no-subscriptions` stores. A subscription ARM does not know is an error, or with
 * `allowNoSubscriptions` a warning and the tenant-level account.
 */
export async function skipDiscovery(options: SkippedDiscoveryOptions): Promise<DiscoveryResult & {warnings: string[]}> {
  const tenant: ArmTenant = {tenantId: options.tenant}
  const result = {duplicates: [], emptyTenants: [], failedTenants: [], warnings: [] as string[]}
  if (options.subscription === undefined) return {...result, subscriptions: [tenantLevelAccount(tenant, options)]}
  const url = armUrl(options.resourceManager, `/subscriptions/${encodeURIComponent(options.subscription)}`)
  try {
    const found = await armGet<ArmSubscription>(url, (claims) => options.tokenFor(undefined, claims))
    return {...result, subscriptions: [toNewSubscription(found, tenant, options)]}
  } catch (error) {
    if (!(error instanceof ArmNotFoundError) || !options.allowNoSubscriptions) throw error
    return {
      ...result,
      subscriptions: [tenantLevelAccount(tenant, options)],
      warnings: [
        `Subscription '${options.subscription}' was not found in tenant '${options.tenant}'. ` +
          'A tenant level account is stored instead, as --allow-no-subscriptions asks.',
      ],
    }
  }
}

/** az's warnings for tenants without subscriptions and tenants that failed, as lines to print. */
export function discoveryWarnings(result: DiscoveryResult, allowNoSubscriptions: boolean): string[] {
  const describe = (tenant: ArmTenant) => (tenant.displayName ? `${tenant.tenantId} '${tenant.displayName}'` : tenant.tenantId)
  const warnings: string[] = []
  for (const {keptTenant, subscription} of result.duplicates) {
    warnings.push(
      `Subscription ${subscription.id} '${subscription.name}' can be accessed from tenants ${keptTenant}(default) and ` +
        `${subscription.tenantId}. To select a specific tenant when accessing this subscription, use 'az login --tenant TENANT_ID'.`,
    )
  }

  for (const failure of result.failedTenants)
    warnings.push(`Authentication failed against tenant ${describe(failure.tenant)}: ${failure.message.split(/\r?\n/)[0]}`)
  if (result.emptyTenants.length > 0 && !allowNoSubscriptions) {
    warnings.push(
      [
        "The following tenants don't contain accessible subscriptions. Use `az login --allow-no-subscriptions` to have tenant level access.",
        ...result.emptyTenants.map(describe),
      ].join('\n'),
    )
  }

  if (result.failedTenants.length > 0) {
    warnings.push(
      [
        'If you need to access subscriptions in the following tenants, please use `az login --tenant TENANT_ID`.',
        ...result.failedTenants.map((failure) => describe(failure.tenant)),
      ].join('\n'),
    )
  }

  return warnings
}
