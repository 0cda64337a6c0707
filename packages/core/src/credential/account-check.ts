/**
 * A live check of one stored sign-in (`az account status`): which credential it has, and whether
 * that credential still yields a token from Entra ID (or the managed identity endpoint), asked
 * through the same token path as `az account get-access-token` and kept nowhere. A failure is
 * sorted into a problem a script can act on; nothing interactive ever runs, and no file changes.
 */
import type {Cloud} from '../clouds/index.js'
import {isAzError} from '../errors/index.js'
import {aadstsCode, certificateExpiry, FederatedTokenError} from '../identity/index.js'
import type {FederatedTokenProvider} from '../identity/index.js'
import type {StoredSubscription} from '../profile/index.js'
import {federatedSourceOf, findServicePrincipal} from '../service-principals/index.js'
import {isManagedIdentity} from './account-kind.js'
import {checkAccountToken} from './account-token.js'

/** How a sign-in gets its tokens. */
export type CredentialKind = 'refreshToken' | 'clientSecret' | 'certificate' | 'federatedToken' | 'managedIdentity'

export interface AccountCredential {
  kind: CredentialKind
  /** Where new federated tokens come from; absent for a static `--federated-token` and other kinds. */
  federatedTokenProvider?: FederatedTokenProvider
  /** The PEM file of a certificate credential. */
  certificateFile?: string
}

/** Why a sign-in cannot get a token, in words a script can match. */
export type CheckProblem =
  | 'unreachable'
  | 'notSignedIn'
  | 'refreshTokenExpired'
  | 'refreshTokenRevoked'
  | 'mfaRequired'
  | 'interactionRequired'
  | 'secretRejected'
  | 'secretExpired'
  | 'certificateRejected'
  | 'certificateExpired'
  | 'certificateUnreadable'
  | 'federatedTokenExpired'
  | 'federatedTokenUnavailable'
  | 'federatedCredentialMismatch'
  | 'managedIdentityUnavailable'
  | 'refused'

export type CheckOutcome = {ok: true; expiresOn: Date} | {message: string; ok: false; problem: CheckProblem}

export interface AccountCheck {
  /** Undefined when the sign-in has no stored credential to check. */
  credential: AccountCredential | undefined
  /** When the certificate file's certificate stops being valid (certificate credentials). */
  certificateExpiresOn?: Date
  outcome: CheckOutcome
}

export interface AccountCheckRequest {
  cloud: Cloud
  account: Pick<StoredSubscription, 'tenantId' | 'user'>
  /** The tenant to check; the account's own by default. */
  tenant?: string
  scopes: string[]
}

const REFRESH_TOKEN_EXPIRED = new Set([70_008, 700_082, 700_084, 70_043])
const REFRESH_TOKEN_REVOKED = new Set([50_173, 50_133, 9_002_313, 70_000])
const MFA_REQUIRED = new Set([50_076, 50_079, 50_078, 50_158])
const FEDERATED_MISMATCH = new Set([70_021, 700_211, 700_212, 700_213])

/** Checks one sign-in in one tenant. */
export async function checkAccount(request: AccountCheckRequest): Promise<AccountCheck> {
  const tenant = request.tenant ?? request.account.tenantId
  let credential: AccountCredential
  try {
    credential = await credentialOfAccount(request.account, tenant)
  } catch (error) {
    return {credential: undefined, outcome: {message: messageOf(error), ok: false, problem: 'notSignedIn'}}
  }

  let certificateExpiresOn: Date | undefined
  if (credential.certificateFile !== undefined) {
    try {
      certificateExpiresOn = await certificateExpiry(credential.certificateFile)
    } catch (error) {
      return {credential, outcome: {message: messageOf(error), ok: false, problem: 'certificateUnreadable'}}
    }

    if (certificateExpiresOn.getTime() <= Date.now()) {
      return {
        certificateExpiresOn,
        credential,
        outcome: {
          message: `The certificate in '${credential.certificateFile}' expired on ${certificateExpiresOn.toISOString()}.`,
          ok: false,
          problem: 'certificateExpired',
        },
      }
    }
  }

  try {
    const token = await checkAccountToken({account: request.account, cloud: request.cloud, scopes: request.scopes, tenant})
    return {certificateExpiresOn, credential, outcome: {expiresOn: token.expiresOn, ok: true}}
  } catch (error) {
    return {certificateExpiresOn, credential, outcome: {message: messageOf(error), ok: false, problem: problemOf(error, credential)}}
  }
}

/** The credential a stored account signs in with. */
async function credentialOfAccount(account: AccountCheckRequest['account'], tenant: string): Promise<AccountCredential> {
  if (account.user.type === 'user') return {kind: 'refreshToken'}
  if (isManagedIdentity(account)) return {kind: 'managedIdentity'}
  const entry = await findServicePrincipal(account.user.name, tenant)
  if (entry.client_secret !== undefined) return {kind: 'clientSecret'}
  if (entry.client_assertion !== undefined) {
    const source = await federatedSourceOf(entry)
    return source ? {federatedTokenProvider: source.provider, kind: 'federatedToken'} : {kind: 'federatedToken'}
  }

  return {certificateFile: entry.certificate, kind: 'certificate'}
}

/** The problem an error from the token path means, for this kind of credential. */
function problemOf(error: unknown, credential: AccountCredential): CheckProblem {
  // No answer at all, whatever asked: Entra ID, a federated token's source or an identity endpoint.
  if (isNetworkFailure(error) || isNetworkFailure((error as {cause?: unknown}).cause)) return 'unreachable'
  if (error instanceof FederatedTokenError) return 'federatedTokenUnavailable'
  const code = aadstsCode((error as {cause?: unknown}).cause ?? error) ?? aadstsCode(error)
  if (credential.kind === 'managedIdentity') return 'managedIdentityUnavailable'
  if (code === undefined) {
    if (isAzError(error) && /does not exist in MSAL token cache/.test(error.message)) return 'notSignedIn'
    return /interaction_required|login_required/.test(String((error as {cause?: {errorCode?: string}}).cause?.errorCode))
      ? 'interactionRequired'
      : 'refused'
  }

  if (REFRESH_TOKEN_EXPIRED.has(code)) return 'refreshTokenExpired'
  if (REFRESH_TOKEN_REVOKED.has(code)) return 'refreshTokenRevoked'
  if (MFA_REQUIRED.has(code)) return 'mfaRequired'
  if (code === 7_000_215) return 'secretRejected'
  if (code === 7_000_222) return 'secretExpired'
  if (code === 700_027) return /expired/i.test(messageOf(error)) ? 'certificateExpired' : 'certificateRejected'
  if (code === 700_024 && credential.kind === 'federatedToken') return 'federatedTokenExpired'
  if (FEDERATED_MISMATCH.has(code)) return 'federatedCredentialMismatch'
  if (code === 65_001 || code === 53_003) return 'interactionRequired'
  return 'refused'
}

/**
 * No answer from a server (Entra ID, a managed identity endpoint, a CI system): refused, reset, timed out,
 * TLS or proxy failures (http/errors.ts).
 */
function isNetworkFailure(error: unknown): boolean {
  return isAzError(error) && error.name === 'HttpNetworkError'
}

/**
 * The error's message without the trace lines Entra ID appends to a description; a federated token
 * source's advice is part of it (no fix command can stand in for it).
 */
function messageOf(error: unknown): string {
  if (error instanceof FederatedTokenError) return [error.message, ...error.recommendations].join(' ')
  const message = error instanceof Error ? error.message : String(error)
  return message.split(/\r?\n(?=Trace ID:)/)[0]
}
