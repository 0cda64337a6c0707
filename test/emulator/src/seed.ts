/**
 * The seed: the tenants, people, applications, identities and subscriptions the emulator serves,
 * read from a JSON file (the default is seed/default.json) and checked before the server starts.
 */
import {readFileSync} from 'node:fs'
import {dirname, isAbsolute, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The states ARM reports for a subscription. */
export type SubscriptionState = 'Enabled' | 'Disabled' | 'Warned' | 'PastDue' | 'Deleted'

const SUBSCRIPTION_STATES: readonly SubscriptionState[] = ['Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted']

export interface SeedSettings {
  /** `expires_in` of every access token. MSAL refreshes 300 s before expiry, so 120 forces a refresh on each call. */
  accessTokenLifetimeSeconds: number
  refreshTokenLifetimeSeconds: number
  /** The polling interval the device code endpoint asks for. */
  deviceCodeIntervalSeconds: number
  deviceCodeExpiresInSeconds: number
  /** How many items one ARM list page holds before a `nextLink` follows. */
  armPageSize: number
  /** Access-token audiences ARM accepts (trailing slashes do not matter). */
  armAudiences: string[]
  /**
   * Refuse a refresh token once it was exchanged for a new one (Entra accepts an old one for a
   * while). Off by default; tests turn it on to prove a client always sends the newest.
   */
  singleUseRefreshTokens: boolean
  /** With single-use refresh tokens: how long an exchanged one is still accepted (0: not at all). */
  refreshTokenReuseIntervalSeconds: number
}

export interface TenantSeed {
  id: string
  displayName: string
  defaultDomain: string
  /** Every verified domain; the default domain is added when missing. */
  domains?: string[]
  countryCode?: string
  /** A tenant whose Conditional Access demands multi-factor authentication (AADSTS50076 without it). */
  requireMfa?: boolean
  /** A tenant whose Conditional Access blocks the device code flow (AADSTS53003 when one is redeemed). */
  blockDeviceCode?: boolean
  /**
   * An authentication context (e.g. `p1`) that ARM demands of this tenant's user tokens: a claims
   * challenge until the token carries it in `acrs`. A sign-in that did MFA gets it when asked.
   */
  authenticationContext?: string
}

export interface UserSeed {
  username: string
  password: string
  displayName: string
  objectId: string
  homeTenant: string
  /** Other tenants the user is a member or guest of. */
  tenants?: string[]
}

/** `"generate"` makes a key and self-signed certificate per run; otherwise PEM paths (relative to the seed file). */
export type CertificateSeed = 'generate' | {certPath: string; keyPath?: string}

export interface FederatedCredentialSeed {
  issuer: string
  subject: string
  /** Defaults to `["api://AzureADTokenExchange"]`. */
  audiences?: string[]
}

export interface ServicePrincipalSeed {
  appId: string
  objectId: string
  displayName: string
  tenant: string
  secret?: string
  certificate?: CertificateSeed
  federatedCredentials?: FederatedCredentialSeed[]
  /** When the secret stops working (ISO 8601, by the emulator's clock); never by default. */
  secretExpiresOn?: string
  /** When the certificate's key credential stops working (ISO 8601, by the emulator's clock); never by default. */
  certificateExpiresOn?: string
  /** Subscription ids the principal has a role on. */
  subscriptions?: string[]
}

export interface ManagedIdentitySeed {
  type: 'SystemAssigned' | 'UserAssigned'
  clientId: string
  objectId: string
  resourceId: string
  tenant: string
  subscriptions?: string[]
}

export interface FederatedIssuerSeed {
  issuer: string
  /** A PEM RSA private key (relative to the seed file); a key is generated per run when absent. */
  privateKeyPath?: string
}

export interface PublicClientSeed {
  clientId: string
  displayName: string
  /** Member of the family of client ids (`foci: "1"` in token responses). */
  foci?: boolean
}

export interface ResourceGroupSeed {
  name: string
  location: string
  tags?: Record<string, string>
}

export interface SubscriptionSeed {
  id: string
  displayName: string
  tenant: string
  state: SubscriptionState
  /** Tenants that manage the subscription (Azure Lighthouse); their tokens also list it. */
  managedByTenants?: string[]
  resourceGroups?: ResourceGroupSeed[]
}

/** The seed file's shape. */
export interface SeedFile {
  settings?: Partial<SeedSettings>
  publicClients?: PublicClientSeed[]
  tenants: TenantSeed[]
  users?: UserSeed[]
  servicePrincipals?: ServicePrincipalSeed[]
  managedIdentities?: ManagedIdentitySeed[]
  federatedIssuers?: FederatedIssuerSeed[]
  subscriptions?: SubscriptionSeed[]
}

/** A seed after loading: every list present, every setting filled, relative paths made absolute. */
export interface Seed {
  settings: SeedSettings
  publicClients: PublicClientSeed[]
  tenants: TenantSeed[]
  users: UserSeed[]
  servicePrincipals: ServicePrincipalSeed[]
  managedIdentities: ManagedIdentitySeed[]
  federatedIssuers: FederatedIssuerSeed[]
  subscriptions: SubscriptionSeed[]
}

const DEFAULT_SETTINGS: SeedSettings = {
  accessTokenLifetimeSeconds: 3599,
  refreshTokenLifetimeSeconds: 90 * 24 * 3600,
  deviceCodeIntervalSeconds: 1,
  deviceCodeExpiresInSeconds: 900,
  armPageSize: 100,
  armAudiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
  singleUseRefreshTokens: false,
  refreshTokenReuseIntervalSeconds: 0,
}

export const DEFAULT_SEED_PATH = fileURLToPath(new URL('../seed/default.json', import.meta.url))

/** A seed that cannot be served; the message names the offending field. */
export class SeedError extends Error {
  override name = 'SeedError'
}

/** Reads and checks a seed file, or checks a seed object (relative paths then resolve against the cwd). */
export function loadSeed(source: string | SeedFile = DEFAULT_SEED_PATH): Seed {
  if (typeof source === 'string') {
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(source, 'utf8'))
    } catch (error) {
      throw new SeedError(`cannot read seed ${source}: ${(error as Error).message}`)
    }

    return normalizeSeed(parsed as SeedFile, dirname(resolve(source)))
  }

  return normalizeSeed(structuredClone(source), process.cwd())
}

function normalizeSeed(file: SeedFile, baseDir: string): Seed {
  if (!file || typeof file !== 'object' || !Array.isArray(file.tenants)) throw new SeedError('seed: "tenants" must be an array')
  const seed: Seed = {
    settings: {...DEFAULT_SETTINGS, ...file.settings},
    publicClients: file.publicClients ?? [],
    tenants: file.tenants,
    users: file.users ?? [],
    servicePrincipals: file.servicePrincipals ?? [],
    managedIdentities: file.managedIdentities ?? [],
    federatedIssuers: file.federatedIssuers ?? [],
    subscriptions: file.subscriptions ?? [],
  }
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(baseDir, path))
  for (const sp of seed.servicePrincipals) {
    if (sp.certificate && sp.certificate !== 'generate') {
      sp.certificate = {certPath: absolute(sp.certificate.certPath), keyPath: sp.certificate.keyPath && absolute(sp.certificate.keyPath)}
    }
  }

  for (const issuer of seed.federatedIssuers) if (issuer.privateKeyPath) issuer.privateKeyPath = absolute(issuer.privateKeyPath)
  for (const tenant of seed.tenants) {
    tenant.domains = [...new Set([tenant.defaultDomain, ...(tenant.domains ?? [])])]
  }

  checkSeed(seed)
  return seed
}

function checkSeed(seed: Seed): void {
  const settings = seed.settings
  for (const key of [
    'accessTokenLifetimeSeconds',
    'refreshTokenLifetimeSeconds',
    'deviceCodeIntervalSeconds',
    'deviceCodeExpiresInSeconds',
    'armPageSize',
  ] as const) {
    if (!Number.isInteger(settings[key]) || settings[key] < 1) throw new SeedError(`settings.${key}: a positive integer is required`)
  }

  if (typeof settings.singleUseRefreshTokens !== 'boolean') throw new SeedError('settings.singleUseRefreshTokens: true or false is required')
  if (!Number.isInteger(settings.refreshTokenReuseIntervalSeconds) || settings.refreshTokenReuseIntervalSeconds < 0) {
    throw new SeedError('settings.refreshTokenReuseIntervalSeconds: a whole number of seconds, 0 or more, is required')
  }

  const tenantIds = new Set<string>()
  seed.tenants.forEach((tenant, index) => {
    requireStrings(tenant, `tenants[${index}]`, ['id', 'displayName', 'defaultDomain'])
    checkTenantPolicies(tenant, `tenants[${index}]`)
    tenantIds.add(tenant.id.toLowerCase())
  })
  const knownTenant = (id: string, where: string) => {
    if (!tenantIds.has(String(id).toLowerCase())) throw new SeedError(`${where}: unknown tenant '${id}'`)
  }

  const subscriptionIds = new Set<string>()
  seed.subscriptions.forEach((subscription, index) => {
    const where = `subscriptions[${index}]`
    requireStrings(subscription, where, ['id', 'displayName', 'tenant', 'state'])
    knownTenant(subscription.tenant, `${where}.tenant`)
    for (const managing of subscription.managedByTenants ?? []) knownTenant(managing, `${where}.managedByTenants`)
    if (!SUBSCRIPTION_STATES.includes(subscription.state)) throw new SeedError(`${where}.state: one of ${SUBSCRIPTION_STATES.join(', ')} is required`)
    subscription.resourceGroups?.forEach((group, groupIndex) => requireStrings(group, `${where}.resourceGroups[${groupIndex}]`, ['name', 'location']))
    subscriptionIds.add(subscription.id.toLowerCase())
  })
  const knownSubscriptions = (ids: string[] | undefined, where: string) => {
    for (const id of ids ?? []) if (!subscriptionIds.has(String(id).toLowerCase())) throw new SeedError(`${where}: unknown subscription '${id}'`)
  }

  seed.publicClients.forEach((client, index) => requireStrings(client, `publicClients[${index}]`, ['clientId', 'displayName']))
  seed.users.forEach((user, index) => {
    const where = `users[${index}]`
    requireStrings(user, where, ['username', 'password', 'displayName', 'objectId', 'homeTenant'])
    knownTenant(user.homeTenant, `${where}.homeTenant`)
    for (const tenant of user.tenants ?? []) knownTenant(tenant, `${where}.tenants`)
  })
  seed.servicePrincipals.forEach((sp, index) => {
    const where = `servicePrincipals[${index}]`
    requireStrings(sp, where, ['appId', 'objectId', 'displayName', 'tenant'])
    knownTenant(sp.tenant, `${where}.tenant`)
    knownSubscriptions(sp.subscriptions, `${where}.subscriptions`)
    sp.federatedCredentials?.forEach((credential, credentialIndex) =>
      requireStrings(credential, `${where}.federatedCredentials[${credentialIndex}]`, ['issuer', 'subject']),
    )
    for (const key of ['secretExpiresOn', 'certificateExpiresOn'] as const) {
      if (sp[key] !== undefined && Number.isNaN(Date.parse(sp[key]))) throw new SeedError(`${where}.${key}: an ISO 8601 date is required`)
    }
  })
  seed.managedIdentities.forEach((identity, index) => {
    const where = `managedIdentities[${index}]`
    requireStrings(identity, where, ['type', 'clientId', 'objectId', 'resourceId', 'tenant'])
    if (identity.type !== 'SystemAssigned' && identity.type !== 'UserAssigned')
      throw new SeedError(`${where}.type: SystemAssigned or UserAssigned is required`)
    knownTenant(identity.tenant, `${where}.tenant`)
    knownSubscriptions(identity.subscriptions, `${where}.subscriptions`)
  })
  if (seed.managedIdentities.filter((identity) => identity.type === 'SystemAssigned').length > 1) {
    throw new SeedError('managedIdentities: at most one SystemAssigned identity is allowed')
  }

  seed.federatedIssuers.forEach((issuer, index) => requireStrings(issuer, `federatedIssuers[${index}]`, ['issuer']))
}

/** The Conditional Access fields of a tenant, also checked when a test changes them at run time. */
export function checkTenantPolicies(tenant: Pick<TenantSeed, 'authenticationContext' | 'blockDeviceCode' | 'requireMfa'>, where: string): void {
  for (const key of ['requireMfa', 'blockDeviceCode'] as const) {
    if (tenant[key] !== undefined && typeof tenant[key] !== 'boolean') throw new SeedError(`${where}.${key}: true or false is required`)
  }

  if (tenant.authenticationContext !== undefined && (typeof tenant.authenticationContext !== 'string' || tenant.authenticationContext === '')) {
    throw new SeedError(`${where}.authenticationContext: a non-empty string (such as "p1") is required`)
  }
}

function requireStrings(value: object, where: string, keys: string[]): void {
  for (const key of keys) {
    const field = (value as Record<string, unknown>)[key]
    if (typeof field !== 'string' || field === '') throw new SeedError(`${where}.${key}: a non-empty string is required`)
  }
}
