/**
 * Managed identities through MSAL's ManagedIdentityApplication: IMDS, or App Service and the other
 * hosts MSAL recognises from their environment (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`, …).
 * Tokens are not kept on disk, as in az: every request asks the identity endpoint.
 */
import type {ManagedIdentityIdParams} from '@azure/msal-node'

import {UsageError} from '../errors/index.js'
import {createManagedIdentityClient} from './clients.js'
import {MANAGED_IDENTITY_CONNECT_TIMEOUT_MS, managedIdentityUnreachable} from './managed-identity-unreachable.js'
import {toCommandError} from './msal-errors.js'
import {fromMsalResult} from './token.js'
import type {AccessToken} from './token.js'

/** Which identity: system-assigned, or a user-assigned one by client, object or resource ID. */
export interface ManagedIdentitySelector {
  clientId?: string
  objectId?: string
  resourceId?: string
}

/** az's account user for a managed identity: its name and `assignedIdentityInfo`. */
export function managedIdentityUser(selector: ManagedIdentitySelector): {assignedIdentityInfo: string; name: string; type: 'servicePrincipal'} {
  if (selector.clientId) return {assignedIdentityInfo: `MSIClient-${selector.clientId}`, name: 'userAssignedIdentity', type: 'servicePrincipal'}
  if (selector.objectId) return {assignedIdentityInfo: `MSIObject-${selector.objectId}`, name: 'userAssignedIdentity', type: 'servicePrincipal'}
  if (selector.resourceId) return {assignedIdentityInfo: `MSIResource-${selector.resourceId}`, name: 'userAssignedIdentity', type: 'servicePrincipal'}
  return {assignedIdentityInfo: 'MSI', name: 'systemAssignedIdentity', type: 'servicePrincipal'}
}

/** The selector stored in a subscription's `assignedIdentityInfo`. */
export function selectorFromIdentityInfo(info: string | undefined): ManagedIdentitySelector {
  const match = /^MSI(Client|Object|Resource)-(.+)$/.exec(info ?? '')
  if (!match) return {}
  if (match[1] === 'Client') return {clientId: match[2]}
  if (match[1] === 'Object') return {objectId: match[2]}
  return {resourceId: match[2]}
}

function idParams(selector: ManagedIdentitySelector): ManagedIdentityIdParams {
  const given = [selector.clientId, selector.objectId, selector.resourceId].filter(Boolean)
  if (given.length > 1) throw new UsageError('Usage error: Provide only one of --client-id, --object-id, --resource-id.')
  if (selector.clientId) return {userAssignedClientId: selector.clientId}
  if (selector.objectId) return {userAssignedObjectId: selector.objectId}
  if (selector.resourceId) return {userAssignedResourceId: selector.resourceId}
  return {}
}

/**
 * A token for `resource` (not a scope: managed identity endpoints take resources). With `claims`
 * (a claims challenge) MSAL asks the endpoint again instead of answering from its memory.
 *
 * @throws ManagedIdentityUnreachableError when no identity endpoint answered (within
 *   MANAGED_IDENTITY_CONNECT_TIMEOUT_MS for the connection).
 */
export async function getManagedIdentityToken(
  selector: ManagedIdentitySelector,
  resource: string,
  options: {claims?: string} = {},
): Promise<AccessToken> {
  const {app, network} = createManagedIdentityClient(idParams(selector), {connectTimeoutMs: MANAGED_IDENTITY_CONNECT_TIMEOUT_MS})
  try {
    return fromMsalResult(await app.acquireToken({resource, ...(options.claims ? {claims: options.claims} : {})}))
  } catch (error) {
    throw (
      managedIdentityUnreachable(network, app.getManagedIdentitySource()) ??
      toCommandError(error, network, {claims: options.claims, servicePrincipal: true})
    )
  }
}
