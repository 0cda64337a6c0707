/**
 * The `subscriptions` service: what a sign-in reaches (ARM's tenants and subscriptions), and the
 * entries az stores for them.
 */
export {SUBSCRIPTIONS_API_VERSION} from './arm-types.js'
export type {ArmSubscription, ArmTenant} from './arm-types.js'
export {
  discoverSubscriptions,
  discoveryWarnings,
  mapConcurrently,
  skipDiscovery,
  TENANT_LEVEL_ACCOUNT_NAME,
  tenantLevelAccount,
  toNewSubscription,
} from './discovery.js'
export type {DiscoveryOptions, DiscoveryResult, SkippedDiscoveryOptions, TenantFailure} from './discovery.js'
