/**
 * MSAL's errors as az shows them: Entra ID's AADSTS description verbatim, followed by what to run.
 */
import {CommandError, isAzError} from '../errors/index.js'
import type {AzError} from '../errors/index.js'
import type {MsalNetworkClient} from '../http/index.js'

interface MsalErrorShape {
  errorCode?: string
  errorMessage?: string
  errorNo?: string
  message?: string
  subError?: string
}

/** Entra ID error codes that mean "sign in again interactively" (MFA, consent, expired or revoked grants). */
const INTERACTION_CODES = [50_076, 50_078, 50_079, 50_133, 50_158, 50_173, 53_003, 65_001, 70_008, 70_043, 700_082, 9_002_313]

export interface ReloginAdvice {
  /** The tenant to name in `az login --tenant`. */
  tenant?: string
  /** The scope the token was for. */
  scope?: string
  /** Service principals and managed identities cannot sign in interactively. */
  servicePrincipal?: boolean
}

/** The AADSTS number of an Entra ID error description, e.g. 50126. */
export function aadstsCode(error: unknown): number | undefined {
  const text = (error as MsalErrorShape | undefined)?.errorMessage ?? (error as MsalErrorShape | undefined)?.message ?? ''
  const match = /AADSTS(\d+)/.exec(text)
  return match ? Number(match[1]) : undefined
}

/**
 * Entra ID's own description. MSAL Node wraps it as `Error(s): … - Timestamp: … - Description:
 * <description> - Correlation ID: … - Trace ID: …`; az prints the description alone.
 */
export function entraDescription(message: string): string {
  const match = /- Description: ([\s\S]*?) - Correlation ID: [\w-]+ - Trace ID: [\w-]+$/.exec(message)
  return match ? match[1] : message
}

/** az's lines after an error that only an interactive sign-in can fix. */
export function reloginRecommendations(advice: ReloginAdvice): string[] {
  if (advice.servicePrincipal) return ['To re-authenticate, please run:', 'az login']
  const tenant = advice.tenant ? ` --tenant "${advice.tenant}"` : ''
  const scope = advice.scope ? ` --scope "${advice.scope}"` : ''
  return ['Run the command below to authenticate interactively; additional arguments may be added as needed:', 'az logout', `az login${tenant}${scope}`]
}

/**
 * The error to show for something MSAL threw. A network failure keeps our own, clearer message
 * (MSAL reports failed discovery requests as `endpoints_resolution_error`).
 */
export function toCommandError(error: unknown, network: MsalNetworkClient | undefined, advice: ReloginAdvice = {}): AzError {
  if (isAzError(error)) return error
  const cause = (error as {cause?: unknown})?.cause
  if (isAzError(cause)) return cause
  const shape = (error ?? {}) as MsalErrorShape
  if ((shape.errorCode === 'network_error' || shape.errorCode === 'endpoints_resolution_error') && network?.lastFailure) return network.lastFailure
  const description = entraDescription(shape.errorMessage || shape.message || String(error))
  const code = aadstsCode(error)
  const interaction = shape.errorCode === 'interaction_required' || (code !== undefined && INTERACTION_CODES.includes(code))
  if (code === 7_000_215) {
    return new CommandError(description, {
      recommendations: [
        'The error may be caused by passing a service principal certificate with --password. Please note that --password no longer accepts a service principal certificate. To pass a service principal certificate, use --certificate instead.',
      ],
    })
  }

  return new CommandError(description, {cause: error, recommendations: interaction ? reloginRecommendations(advice) : []})
}
