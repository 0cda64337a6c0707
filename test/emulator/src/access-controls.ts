/**
 * Run-time switches for Conditional Access and continuous access evaluation (conditional-access.ts),
 * shared by the code API and the HTTP control routes: revoke a user's sessions, and change what a
 * tenant's policies demand.
 */
import {checkTenantPolicies, SeedError, type TenantSeed} from './seed.js'
import type {EmulatorContext} from './context.js'
import {ControlError} from './controls.js'

/** What a tenant's Conditional Access demands; `null` (or false) turns a policy off. */
export interface TenantPolicies {
  requireMfa?: boolean
  blockDeviceCode?: boolean
  authenticationContext?: string | null
}

/**
 * Revokes the sessions of one user, or of everyone, as "revoke sessions" does in Entra ID: their
 * refresh tokens stop working, and ARM answers their CAE access tokens (those with `xms_cc` CP1)
 * issued until now with a claims challenge.
 */
export function revokeSessions(context: EmulatorContext, username?: string): void {
  const named = username === undefined ? undefined : context.directory.user(username)
  if (username !== undefined && !named) throw new ControlError(`no seeded user '${username}'`)
  for (const user of named ? [named] : context.seed.users) {
    context.continuousAccess.revoke(user.objectId)
    context.refreshTokens.revoke(user.objectId)
  }
}

/** Changes the Conditional Access of a tenant (by ID or domain) from now on. */
export function setTenantPolicies(context: EmulatorContext, tenantIdOrDomain: string, policies: TenantPolicies): TenantSeed {
  const tenant = context.directory.tenant(tenantIdOrDomain)
  if (!tenant) throw new ControlError(`no seeded tenant '${tenantIdOrDomain}'`)
  const changed = {...tenant}
  if (policies.requireMfa !== undefined) changed.requireMfa = policies.requireMfa
  if (policies.blockDeviceCode !== undefined) changed.blockDeviceCode = policies.blockDeviceCode
  if (policies.authenticationContext !== undefined) changed.authenticationContext = policies.authenticationContext ?? undefined
  try {
    checkTenantPolicies(changed, 'policies')
  } catch (error) {
    if (error instanceof SeedError) throw new ControlError(error.message)
    throw error
  }

  return Object.assign(tenant, changed)
}
