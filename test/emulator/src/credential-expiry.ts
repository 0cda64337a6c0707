/**
 * When a service principal's secret or certificate stops working at Entra ID: the end date of the
 * app registration's password or key credential (`secretExpiresOn`, `certificateExpiresOn` in the
 * seed), compared with the emulator's clock. A test expires one now, or moves the clock past it.
 */
import type {AadErrorSpec} from './aad-errors.js'
import type {Clock} from './clock.js'
import type {EmulatorContext} from './context.js'
import type {ServicePrincipalSeed} from './seed.js'

export type ExpiringCredential = 'secret' | 'certificate'

const EXPIRING_CREDENTIALS: readonly ExpiringCredential[] = ['secret', 'certificate']

/** True when the credential's end date, if it has one, is not after the emulator's now. */
export function hasExpired(clock: Clock, servicePrincipal: ServicePrincipalSeed, credential: ExpiringCredential): boolean {
  const end = credential === 'secret' ? servicePrincipal.secretExpiresOn : servicePrincipal.certificateExpiresOn
  return end !== undefined && Date.parse(end) <= clock.nowMs()
}

/** Ends a service principal's secret or certificate at the emulator's now. */
export function expireCredential(context: EmulatorContext, appId: string, credential: ExpiringCredential): void {
  if (!EXPIRING_CREDENTIALS.includes(credential)) throw new RangeError(`credential must be one of ${EXPIRING_CREDENTIALS.join(', ')}`)
  const servicePrincipal = context.directory.servicePrincipal(appId)
  if (!servicePrincipal) throw new RangeError(`no seeded service principal '${appId}'`)
  const now = new Date(context.clock.nowMs()).toISOString()
  if (credential === 'secret') servicePrincipal.secretExpiresOn = now
  else servicePrincipal.certificateExpiresOn = now
}

/** Entra ID's answer to an expired client secret. */
export function secretExpired(appId: string): AadErrorSpec {
  return {
    status: 401,
    error: 'invalid_client',
    code: 7000222,
    message:
      `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: ` +
      'https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.',
  }
}

/** Entra ID's answer to an assertion signed with a certificate whose key credential has ended. */
export function certificateExpired(servicePrincipal: ServicePrincipalSeed, thumbprintHex: string): AadErrorSpec {
  return {
    status: 401,
    error: 'invalid_client',
    code: 700027,
    message:
      'The certificate with identifier used to sign the client assertion is expired on application. ' +
      `[Reason - The key used is expired., Thumbprint of key used by client: '${thumbprintHex}', ` +
      `Found key 'End=${servicePrincipal.certificateExpiresOn}', Please visit the Azure Portal, Graph ` +
      `Explorer or directly use MS Graph to see configured keys for app Id '${servicePrincipal.appId}'.]`,
  }
}
