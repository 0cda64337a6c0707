import type {AccountListEntry} from '@azx/core'

/** az's table view of `az account list`: Name, CloudName, SubscriptionId, TenantId, State, IsDefault. */
export function accountListTable(result: unknown): unknown {
  return (result as AccountListEntry[]).map((entry) => ({
    Name: entry.name,
    CloudName: entry.cloudName,
    SubscriptionId: entry.id,
    TenantId: entry.tenantId,
    State: entry.state,
    IsDefault: entry.isDefault,
  }))
}
