import type {AuthenticationResult} from '@azure/msal-node'

/** An access token and what az reports about it. */
export interface AccessToken {
  token: string
  /** When it expires. */
  expiresOn: Date
  /** The tenant that issued it. */
  tenantId: string
}

/** The tenant (`tid`) of a JWT access token, read without verifying it, as az does for managed identities. */
export function tenantOfToken(accessToken: string): string | undefined {
  const payload = accessToken.split('.')[1]
  if (!payload) return undefined
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {tid?: string}).tid
  } catch {
    return undefined
  }
}

export function fromMsalResult(result: AuthenticationResult, fallbackTenant?: string): AccessToken {
  const expiresOn = result.expiresOn ?? new Date(0)
  return {expiresOn, tenantId: result.tenantId || tenantOfToken(result.accessToken) || fallbackTenant || '', token: result.accessToken}
}

/**
 * True when a token expiring at `expiresOn` stays valid at least `seconds` more (`--min-validity`);
 * any token does for 0, as none is handed out that MSAL thinks expired.
 */
export function livesAtLeast(expiresOn: Date | null | undefined, seconds: number, now: number = Date.now()): boolean {
  if (seconds <= 0) return true
  return expiresOn !== null && expiresOn !== undefined && expiresOn.getTime() - now >= seconds * 1000
}
