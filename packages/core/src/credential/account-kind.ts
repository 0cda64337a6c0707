import type {StoredSubscription} from '../profile/types.js'

/** The user names az stores for a managed identity's subscriptions. */
const MANAGED_IDENTITY_NAMES = new Set(['systemAssignedIdentity', 'userAssignedIdentity'])

/** True for a subscription signed in with a managed identity (`az login --identity`). */
export function isManagedIdentity(account: Pick<StoredSubscription, 'user'>): boolean {
  return (
    account.user.type === 'servicePrincipal' &&
    (MANAGED_IDENTITY_NAMES.has(account.user.name) || typeof account.user.assignedIdentityInfo === 'string')
  )
}
