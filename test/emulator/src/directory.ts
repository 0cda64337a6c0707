/**
 * Read-only lookups over the seed: which tenant a path segment names, who a user or application is,
 * and which tenants and subscriptions a principal can see.
 */
import type {ManagedIdentitySeed, PublicClientSeed, Seed, ServicePrincipalSeed, SubscriptionSeed, TenantSeed, UserSeed} from './seed.js'

/** What the tenant segment of an Entra path means. */
export type Authority = {kind: 'tenant'; tenant: TenantSeed; segment: string} | {kind: 'organizations' | 'common'; segment: string}

/** Who an ARM bearer token stands for. */
export type Principal =
  | {kind: 'user'; user: UserSeed; tenantId: string}
  | {kind: 'servicePrincipal'; servicePrincipal: ServicePrincipalSeed; tenantId: string}
  | {kind: 'managedIdentity'; identity: ManagedIdentitySeed; tenantId: string}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

export class Directory {
  constructor(readonly seed: Seed) {}

  /** A tenant by GUID or any of its domains. */
  tenant(idOrDomain: string): TenantSeed | undefined {
    return this.seed.tenants.find((tenant) => same(tenant.id, idOrDomain) || tenant.domains?.some((domain) => same(domain, idOrDomain)))
  }

  /** The authority a path's first segment names, or undefined for an unknown tenant. */
  authority(segment: string): Authority | undefined {
    const lower = segment.toLowerCase()
    if (lower === 'organizations' || lower === 'common') return {kind: lower, segment: lower}
    const tenant = this.tenant(segment)
    return tenant && {kind: 'tenant', tenant, segment}
  }

  user(username: string): UserSeed | undefined {
    return this.seed.users.find((user) => same(user.username, username))
  }

  userById(objectId: string): UserSeed | undefined {
    return this.seed.users.find((user) => same(user.objectId, objectId))
  }

  /** The user's home tenant first, then the others, in seed order. */
  tenantsOfUser(user: UserSeed): TenantSeed[] {
    const ids = [user.homeTenant, ...(user.tenants ?? [])]
    return ids.map((id) => this.tenant(id)).filter((tenant): tenant is TenantSeed => tenant !== undefined)
  }

  isMember(user: UserSeed, tenant: TenantSeed): boolean {
    return this.tenantsOfUser(user).some((candidate) => candidate.id === tenant.id)
  }

  homeTenantOf(user: UserSeed): TenantSeed {
    return this.tenant(user.homeTenant) as TenantSeed
  }

  publicClient(clientId: string): PublicClientSeed | undefined {
    return this.seed.publicClients.find((client) => same(client.clientId, clientId))
  }

  servicePrincipal(appId: string): ServicePrincipalSeed | undefined {
    return this.seed.servicePrincipals.find((sp) => same(sp.appId, appId))
  }

  /** A managed identity by one of the ways IMDS and App Service let a caller name it. */
  managedIdentity(selector: {clientId?: string; objectId?: string; resourceId?: string}): ManagedIdentitySeed | undefined {
    const identities = this.seed.managedIdentities
    if (selector.clientId) return identities.find((identity) => same(identity.clientId, selector.clientId as string))
    if (selector.objectId) return identities.find((identity) => same(identity.objectId, selector.objectId as string))
    if (selector.resourceId) return identities.find((identity) => same(identity.resourceId, selector.resourceId as string))
    return identities.find((identity) => identity.type === 'SystemAssigned')
  }

  subscription(id: string): SubscriptionSeed | undefined {
    return this.seed.subscriptions.find((subscription) => same(subscription.id, id))
  }

  /** `GET /tenants`: a user sees every tenant it belongs to; an application only its own. */
  tenantsVisibleTo(principal: Principal): TenantSeed[] {
    if (principal.kind === 'user') return this.tenantsOfUser(principal.user)
    const own = this.tenant(principal.tenantId)
    return own ? [own] : []
  }

  /**
   * `GET /subscriptions`: a user token lists the subscriptions of (or managed by) the token's tenant;
   * a service principal or managed identity token lists those the seed grants it in that tenant.
   */
  subscriptionsVisibleTo(principal: Principal): SubscriptionSeed[] {
    const inTokenTenant = (subscription: SubscriptionSeed) =>
      same(subscription.tenant, principal.tenantId) || (subscription.managedByTenants ?? []).some((id) => same(id, principal.tenantId))
    if (principal.kind === 'user') {
      const tenant = this.tenant(principal.tenantId)
      if (!tenant || !this.isMember(principal.user, tenant)) return []
      return this.seed.subscriptions.filter(inTokenTenant)
    }

    const granted = principal.kind === 'servicePrincipal' ? principal.servicePrincipal.subscriptions : principal.identity.subscriptions
    const grantedIds = new Set((granted ?? []).map((id) => id.toLowerCase()))
    return this.seed.subscriptions.filter((subscription) => grantedIds.has(subscription.id.toLowerCase()) && inTokenTenant(subscription))
  }
}
