/**
 * Managed identity token endpoints: the VM's IMDS (`GET /metadata/identity/oauth2/token`, header
 * `Metadata: true`) and App Service's (`GET /msi/token`, header `X-IDENTITY-HEADER`, api-version
 * 2019-08-01). Both serve the seed's identities: the system-assigned one by default, a user-assigned
 * one by client id, object id or resource id.
 */
import type {EmulatorContext} from '../context.js'
import {json, type Route, type RouteRequest} from '../router.js'
import type {ManagedIdentitySeed} from '../seed.js'

export const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token'
export const APP_SERVICE_TOKEN_PATH = '/msi/token'
const APP_SERVICE_API_VERSION = '2019-08-01'

export const imdsRoute: Route = {
  name: 'imds',
  method: 'GET',
  pattern: /^\/metadata\/identity\/oauth2\/token\/?$/i,
  errorStyle: 'managedIdentity',
  handle(request, context) {
    const query = request.url.searchParams
    const badRequest = (description: string) => json(400, {error: 'invalid_request', error_description: description})
    if (String(request.headers.metadata).toLowerCase() !== 'true') return badRequest('Required metadata header not specified')
    if (!query.get('api-version')) return badRequest("Required query variable 'api-version' is missing")
    const resource = query.get('resource')
    if (!resource) return badRequest("Required query variable 'resource' is missing")
    const selected = selectIdentity(context, request, ['msi_res_id', 'mi_res_id'])
    if ('problem' in selected) return badRequest(selected.problem)
    const token = issue(context, selected.identity, resource)
    return json(200, {
      access_token: token.accessToken,
      client_id: selected.identity.clientId,
      expires_in: String(token.expiresOn - context.clock.nowSeconds()),
      expires_on: String(token.expiresOn),
      ext_expires_in: String(token.expiresIn),
      not_before: String(token.notBefore),
      resource,
      token_type: 'Bearer',
    })
  },
}

export const appServiceRoute: Route = {
  name: 'app-service',
  method: 'GET',
  pattern: /^\/msi\/token\/?$/i,
  errorStyle: 'managedIdentity',
  handle(request, context) {
    const query = request.url.searchParams
    const fail = (statusCode: number, message: string) => json(statusCode, {statusCode, message, correlationId: request.correlationId})
    if (request.headers['x-identity-header'] !== context.identityHeader)
      return fail(401, 'Unauthorized. The X-IDENTITY-HEADER header is missing or wrong.')
    const apiVersion = query.get('api-version')
    if (apiVersion !== APP_SERVICE_API_VERSION)
      return fail(400, `The api-version '${apiVersion ?? ''}' is not supported; use ${APP_SERVICE_API_VERSION}.`)
    const resource = query.get('resource')
    if (!resource) return fail(400, "The query parameter 'resource' is required.")
    const selected = selectIdentity(context, request, ['mi_res_id', 'msi_res_id'])
    if ('problem' in selected) return fail(400, selected.problem)
    const token = issue(context, selected.identity, resource)
    return json(200, {
      access_token: token.accessToken,
      expires_on: String(token.expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: selected.identity.clientId,
    })
  },
}

function selectIdentity(
  context: EmulatorContext,
  request: RouteRequest,
  resourceIdParameters: string[],
): {identity: ManagedIdentitySeed} | {problem: string} {
  const query = request.url.searchParams
  const clientId = query.get('client_id') ?? query.get('clientid') ?? undefined
  const objectId = query.get('object_id') ?? query.get('principal_id') ?? undefined
  const resourceId = resourceIdParameters.map((name) => query.get(name)).find((value) => value) ?? undefined
  const identities = context.seed.managedIdentities
  if (!clientId && !objectId && !resourceId && !identities.some((identity) => identity.type === 'SystemAssigned')) {
    // Without a system-assigned identity, a lone user-assigned one is the default.
    if (identities.length === 1) return {identity: identities[0]}
    if (identities.length > 1)
      return {problem: 'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request'}
  }

  const identity = context.directory.managedIdentity({clientId, objectId, resourceId})
  return identity ? {identity} : {problem: 'Identity not found'}
}

function issue(context: EmulatorContext, identity: ManagedIdentitySeed, resource: string) {
  return context.issuer.appAccessToken({
    appId: identity.clientId,
    objectId: identity.objectId,
    tenantId: identity.tenant,
    resource,
    appidacr: '2',
    managedIdentityResourceId: identity.resourceId,
  })
}
