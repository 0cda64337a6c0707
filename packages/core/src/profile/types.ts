/**
 * The shapes stored in azureProfile.json, as az stores them. Members az may add later are kept:
 * every object carries whatever other keys it was read with.
 */

/** Who a subscription was signed in with. */
export interface SubscriptionUser {
  /** A user principal name, a service principal's client ID, or `systemAssignedIdentity` / `userAssignedIdentity`. */
  name: string
  /** `user` or `servicePrincipal`. */
  type: string
  /** Set for user-assigned managed identities, e.g. `MSIClient-<client id>`. */
  assignedIdentityInfo?: string
  /** Set in Cloud Shell. */
  cloudShellID?: boolean
  /** Set for service principals that sign in with subject name and issuer. */
  useCertSNIssuerAuth?: boolean
  [key: string]: unknown
}

/** A tenant that manages the subscription (Azure Lighthouse). */
export interface ManagedByTenant {
  tenantId: string
  [key: string]: unknown
}

/** The members every form of a subscription has (stored, found by a login, listed). */
export interface SubscriptionFields {
  id: string
  name: string
  /** `Enabled`, `Disabled`, `Warned`, `PastDue` or `Deleted`. */
  state: string
  user: SubscriptionUser
  tenantId: string
  homeTenantId?: string
  tenantDefaultDomain?: string
  tenantDisplayName?: string
  managedByTenants?: ManagedByTenant[] | null
  [key: string]: unknown
}

/** One stored subscription (one per subscription and cloud a login found). */
export interface StoredSubscription extends SubscriptionFields {
  isDefault: boolean
  /** The cloud the subscription belongs to. */
  environmentName: string
}

/** A subscription as a login hands it over; `isDefault` is decided by the profile service. */
export interface NewSubscription extends SubscriptionFields {
  isDefault?: boolean
  environmentName: string
}

/** The whole of azureProfile.json. */
export interface ProfileDocument {
  /** Created by az for telemetry; kept as found, never created by azx. */
  installationId?: string
  subscriptions: StoredSubscription[]
  [key: string]: unknown
}

/** A subscription as `az account list` prints it: `environmentName` becomes `cloudName`, moved last. */
export interface AccountListEntry extends SubscriptionFields {
  isDefault: boolean
  cloudName: string
}
