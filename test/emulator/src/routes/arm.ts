/**
 * Azure Resource Manager: tenants, subscriptions (paged with `nextLink`), resource groups and the
 * cloud metadata document (locations are in arm-locations.ts). What a token lists depends on its
 * tenant and principal.
 */
import {armError, authenticateArm} from '../arm-authentication.js'
import type {EmulatorContext} from '../context.js'
import type {Principal} from '../directory.js'
import {json, type Reply, type Route, type RouteRequest} from '../router.js'
import type {SubscriptionSeed, TenantSeed} from '../seed.js'

/** Runs `handler` for an authenticated request that names an api-version. */
export function armRoute(
  name: string,
  pattern: RegExp,
  handler: (request: RouteRequest, context: EmulatorContext, principal: Principal) => Reply,
): Route {
  return {
    name,
    method: 'GET',
    pattern,
    errorStyle: 'arm',
    handle(request, context) {
      const missingVersion = requireApiVersion(request)
      if (missingVersion) return missingVersion
      const authenticated = authenticateArm(context, request)
      if ('reply' in authenticated) return authenticated.reply
      return handler(request, context, authenticated.principal)
    },
  }
}

export const tenantsRoute = armRoute('tenants', /^\/tenants\/?$/i, (request, context, principal) =>
  json(200, page(context.directory.tenantsVisibleTo(principal).map(tenantJson), request, context)),
)

export const subscriptionsRoute = armRoute('subscriptions', /^\/subscriptions\/?$/i, (request, context, principal) => {
  const visible = context.directory.subscriptionsVisibleTo(principal)
  return json(200, {count: {type: 'Total', value: visible.length}, ...page(visible.map(subscriptionJson), request, context)})
})

export const subscriptionRoute = armRoute('subscription', /^\/subscriptions\/([^/]+)\/?$/i, (request, context, principal) => {
  const subscription = visibleSubscription(context, principal, request.params[0])
  return subscription ? json(200, subscriptionJson(subscription)) : subscriptionNotFound(request.params[0])
})

export const resourceGroupsRoute = armRoute('resource-groups', /^\/subscriptions\/([^/]+)\/resourcegroups\/?$/i, (request, context, principal) => {
  const subscription = visibleSubscription(context, principal, request.params[0])
  if (!subscription) return subscriptionNotFound(request.params[0])
  return json(
    200,
    page(
      (subscription.resourceGroups ?? []).map((group) => resourceGroupJson(subscription, group)),
      request,
      context,
    ),
  )
})

export const resourceGroupRoute = armRoute(
  'resource-group',
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/?$/i,
  (request, context, principal) => {
    const subscription = visibleSubscription(context, principal, request.params[0])
    if (!subscription) return subscriptionNotFound(request.params[0])
    const name = request.params[1]
    const group = subscription.resourceGroups?.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase())
    if (!group) return armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`)
    return json(200, resourceGroupJson(subscription, group))
  },
)

/** `GET /metadata/endpoints`: the 2015-01-01 object, or the newer list of clouds for 2019-05-01 and later. */
export const cloudMetadataRoute: Route = {
  name: 'arm-metadata',
  method: 'GET',
  pattern: /^\/metadata\/endpoints\/?$/i,
  errorStyle: 'arm',
  handle(request, context) {
    const missingVersion = requireApiVersion(request)
    if (missingVersion) return missingVersion
    const audiences = context.seed.settings.armAudiences
    const apiVersion = request.url.searchParams.get('api-version') as string
    if (apiVersion < '2019-05-01') {
      return json(200, {
        galleryEndpoint: 'https://gallery.azure.com/',
        graphEndpoint: 'https://graph.windows.net/',
        portalEndpoint: 'https://portal.azure.com/',
        authentication: {loginEndpoint: `${context.baseUrl}/`, audiences},
      })
    }

    return json(200, [
      {
        portal: 'https://portal.azure.com',
        authentication: {loginEndpoint: `${context.baseUrl}/`, audiences, tenant: 'common', identityProvider: 'AAD'},
        media: 'https://rest.media.azure.net',
        graphAudience: 'https://graph.windows.net/',
        graph: 'https://graph.windows.net/',
        name: 'AzureEmulator',
        suffixes: {
          keyVaultDns: 'vault.azure.net',
          storage: 'core.windows.net',
          sqlServerHostname: 'database.windows.net',
          acrLoginServer: 'azurecr.io',
        },
        batch: 'https://batch.core.windows.net/',
        resourceManager: `${context.baseUrl}/`,
        activeDirectoryDataLake: 'https://datalake.azure.net/',
        sqlManagement: 'https://management.core.windows.net:8443/',
        gallery: 'https://gallery.azure.com/',
        microsoftGraphResourceId: 'https://graph.microsoft.com/',
        ossrDbmsResourceId: 'https://ossrdbms-aad.database.windows.net',
      },
    ])
  },
}

function requireApiVersion(request: RouteRequest): Reply | undefined {
  if (request.url.searchParams.get('api-version')) return undefined
  return armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.')
}

export function visibleSubscription(context: EmulatorContext, principal: Principal, id: string): SubscriptionSeed | undefined {
  return context.directory.subscriptionsVisibleTo(principal).find((subscription) => subscription.id.toLowerCase() === id.toLowerCase())
}

export function subscriptionNotFound(id: string): Reply {
  return armError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`)
}

/** One page of `items`, with a `nextLink` (same path and query plus `$skiptoken`) when more follow. */
function page<T>(items: T[], request: RouteRequest, context: EmulatorContext): {value: T[]; nextLink?: string} {
  const size = context.seed.settings.armPageSize
  const token = request.url.searchParams.get('$skiptoken')
  const offset = token ? Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10) || 0 : 0
  const value = items.slice(offset, offset + size)
  if (offset + size >= items.length) return {value}
  const next = new URL(`${context.baseUrl}${request.url.pathname}${request.url.search}`)
  next.searchParams.set('$skiptoken', Buffer.from(String(offset + size)).toString('base64url'))
  return {value, nextLink: next.href}
}

function tenantJson(tenant: TenantSeed) {
  return {
    id: `/tenants/${tenant.id}`,
    tenantId: tenant.id,
    countryCode: tenant.countryCode ?? 'US',
    displayName: tenant.displayName,
    domains: tenant.domains ?? [tenant.defaultDomain],
    tenantCategory: 'Home',
    defaultDomain: tenant.defaultDomain,
    tenantType: 'AAD',
  }
}

function subscriptionJson(subscription: SubscriptionSeed) {
  return {
    id: `/subscriptions/${subscription.id}`,
    authorizationSource: 'RoleBased',
    managedByTenants: (subscription.managedByTenants ?? []).map((tenantId) => ({tenantId})),
    subscriptionId: subscription.id,
    tenantId: subscription.tenant,
    displayName: subscription.displayName,
    state: subscription.state,
    subscriptionPolicies: {locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off'},
  }
}

function resourceGroupJson(subscription: SubscriptionSeed, group: NonNullable<SubscriptionSeed['resourceGroups']>[number]) {
  return {
    id: `/subscriptions/${subscription.id}/resourceGroups/${group.name}`,
    name: group.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: group.location,
    ...(group.tags ? {tags: group.tags} : {}),
    properties: {provisioningState: 'Succeeded'},
  }
}
