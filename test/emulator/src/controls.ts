/**
 * What a test can change while the emulator runs, shared by the code API (`startEmulator`'s result)
 * and the HTTP control routes under `/_emulator` (for an emulator started from the shell).
 */
import type {EmulatorContext} from './context.js'
import type {DeviceCodeGrant} from './device-codes.js'
import type {UserSeed} from './seed.js'

export class ControlError extends Error {
  override name = 'ControlError'
}

function findUser(context: EmulatorContext, username: string): UserSeed {
  const user = context.directory.user(username)
  if (!user) throw new ControlError(`no seeded user '${username}'`)
  return user
}

function pendingGrant(context: EmulatorContext, userCode: string): DeviceCodeGrant {
  const grant = context.deviceCodes.byUserCode(userCode)
  if (!grant) throw new ControlError(`no device code with user code '${userCode}'`)
  if (grant.status !== 'pending') throw new ControlError(`device code '${userCode}' is already ${grant.status}`)
  return grant
}

/**
 * Approves a device code as `username`, as if the person had signed in; with `mfa` (the default)
 * also as if they had approved the multi-factor prompt.
 */
export function approveDeviceCode(context: EmulatorContext, userCode: string, username: string, options: {mfa?: boolean} = {}): void {
  const user = findUser(context, username)
  context.deviceCodes.approve(pendingGrant(context, userCode), user.objectId, options.mfa ?? true)
}

/** Declines a device code, as the Cancel button on the confirmation page does. */
export function declineDeviceCode(context: EmulatorContext, userCode: string): void {
  context.deviceCodes.decline(pendingGrant(context, userCode))
}

/** Revokes the refresh tokens of one user, or of everyone. */
export function revokeRefreshTokens(context: EmulatorContext, username?: string): void {
  context.refreshTokens.revoke(username === undefined ? undefined : findUser(context, username).objectId)
}

/** Sets `expires_in` of the access tokens issued from now on. */
export function setAccessTokenLifetime(context: EmulatorContext, seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1) throw new ControlError('the access token lifetime must be a positive whole number of seconds')
  context.seed.settings.accessTokenLifetimeSeconds = seconds
}

/** Turns single-use refresh tokens on or off (see RefreshTokens), with the reuse interval (default 0). */
export function setSingleUseRefreshTokens(context: EmulatorContext, enabled: boolean, options: {reuseIntervalSeconds?: number} = {}): void {
  if (typeof enabled !== 'boolean') throw new ControlError('enabled must be true or false')
  const reuseIntervalSeconds = options.reuseIntervalSeconds ?? 0
  if (!Number.isInteger(reuseIntervalSeconds) || reuseIntervalSeconds < 0)
    throw new ControlError('the reuse interval must be a whole number of seconds, 0 or more')
  context.seed.settings.singleUseRefreshTokens = enabled
  context.seed.settings.refreshTokenReuseIntervalSeconds = reuseIntervalSeconds
}

/** Sets (or with undefined, clears) the user every new device code is approved as. */
export function setAutoApproveDeviceCodes(context: EmulatorContext, username: string | undefined): void {
  context.autoApproveDeviceCodesAs = username === undefined ? undefined : findUser(context, username)
}
