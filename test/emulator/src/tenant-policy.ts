/**
 * A tenant's sign-in policy at run time: whether Conditional Access demands multi-factor
 * authentication (`requireMfa` in the seed; user-tokens.ts enforces it, AADSTS50076).
 */
import type {EmulatorContext} from './context.js'

/** Makes a tenant (GUID or domain) demand MFA of every user token, or stop demanding it. */
export function requireMfa(context: EmulatorContext, tenant: string, enabled: boolean): void {
  if (typeof enabled !== 'boolean') throw new RangeError('enabled must be true or false')
  const found = context.directory.tenant(tenant)
  if (!found) throw new RangeError(`no seeded tenant '${tenant}'`)
  found.requireMfa = enabled
}
