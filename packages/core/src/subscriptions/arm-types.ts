/** The parts of ARM's tenant and subscription lists that az keeps (api-version 2022-12-01). */

export const SUBSCRIPTIONS_API_VERSION = '2022-12-01'

export interface ArmTenant {
  id?: string
  tenantId: string
  displayName?: string
  defaultDomain?: string
  [key: string]: unknown
}

export interface ArmSubscription {
  id: string
  subscriptionId?: string
  displayName: string
  state: string
  /** The subscription's own (home) tenant. */
  tenantId?: string
  managedByTenants?: {tenantId: string}[] | null
}
