/**
 * MSAL's errors as az shows them: Entra ID's AADSTS description verbatim, followed by what to run.
 */
import {CommandError, isAzError} from '../errors/index.js'
import type {AzError} from '../errors/index.js'
import {reloginLines} from '../errors/relogin.js'
import type {MsalNetworkClient} from '../http/index.js'

interface MsalErrorShape {
  errorCode?: string
  errorMessage?: string
  errorNo?: string
  message?: string
  subError?: string
}

/**
 * Entra ID error codes that only a new interactive sign-in can fix: MFA (50072, 50074, 50076,
 * 50079), Conditional Access (50005 platform, 50097 device authentication, 50158 external
 * challenge, 53000 compliant device, 53001 domain-joined device, 53003 blocked), consent (65001)
 * and expired or revoked grants.
 */
const INTERACTION_CODES = new Set([
  50_005, 50_072, 50_074, 50_076, 50_078, 50_079, 50_097, 50_133, 50_158, 50_173, 53_000, 53_001, 53_003, 65_001, 70_008, 70_043, 700_082, 9_002_313,
])

/**
 * Conditional Access codes that, after a device code sign-in, mean the policy refuses that flow:
 * a device code sign-in cannot prove the device, its platform or its location the way a browser
 * on the machine itself can (az issues 32420, 32809).
 */
const DEVICE_CODE_REFUSALS = new Set([50_005, 50_097, 53_000, 53_001, 53_003])

interface ReloginAdvice {
  /** The tenant to name in `az login --tenant`. */
  tenant?: string
  /** The scopes the token was for. */
  scopes?: readonly string[]
  /** The claims JSON the request carried (a claims challenge), for `--claims-challenge`. */
  claims?: string
  /** Service principals and managed identities cannot sign in interactively. */
  servicePrincipal?: boolean
  /** The sign-in that failed used a device code. */
  deviceCode?: boolean
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
function entraDescription(message: string): string {
  const match = /- Description: ([\s\S]*?) - Correlation ID: [\w-]+ - Trace ID: [\w-]+$/.exec(message)
  return match ? match[1] : message
}

/** az's lines after an error that only an interactive sign-in can fix. */
export function reloginRecommendations(advice: ReloginAdvice): string[] {
  if (advice.servicePrincipal) return ['To re-authenticate, please run:', 'az login']
  return reloginLines({claims: advice.claims, scopes: advice.scopes, tenant: advice.tenant})
}

/** What to do after a device code sign-in that Conditional Access refused: sign in with a browser here. */
function deviceCodeRefusedRecommendations(advice: ReloginAdvice): string[] {
  return [
    "The tenant's Conditional Access policies do not accept a sign-in with a device code. Sign in with a web browser " +
      'on this machine instead (not --use-device-code); where no browser opens, set BROWSER to a command that opens one.',
    ...reloginRecommendations(advice),
  ]
}

/**
 * The error to show for something MSAL threw. A network failure keeps our own, clearer message
 * (MSAL reports failed discovery requests as `endpoints_resolution_error`). A request that carried
 * claims gets the `az login --claims-challenge` advice whatever Entra ID said, as in today's az;
 * az prints those lines as a warning before the error, azx after it with the other advice, so
 * `--only-show-errors` cannot hide the one command that helps.
 */
export function toCommandError(error: unknown, network: MsalNetworkClient | undefined, advice: ReloginAdvice = {}): AzError {
  if (isAzError(error)) return error
  const cause = (error as {cause?: unknown})?.cause
  if (isAzError(cause)) return cause
  const shape = (error ?? {}) as MsalErrorShape
  if ((shape.errorCode === 'network_error' || shape.errorCode === 'endpoints_resolution_error') && network?.lastFailure) return network.lastFailure
  const description = entraDescription(shape.errorMessage || shape.message || String(error))
  const code = aadstsCode(error)
  if (code === 7_000_215) {
    return new CommandError(description, {
      recommendations: [
        'The error may be caused by passing a service principal certificate with --password. Please note that --password no ' +
          'longer accepts a service principal certificate. To pass a service principal certificate, use --certificate instead.',
      ],
    })
  }

  return new CommandError(description, {cause: error, recommendations: recommendationsFor(shape, code, advice)})
}

function recommendationsFor(shape: MsalErrorShape, code: number | undefined, advice: ReloginAdvice): string[] {
  if (advice.deviceCode && code !== undefined && DEVICE_CODE_REFUSALS.has(code)) return deviceCodeRefusedRecommendations(advice)
  const interaction = shape.errorCode === 'interaction_required' || (code !== undefined && INTERACTION_CODES.has(code))
  return interaction || advice.claims !== undefined ? reloginRecommendations(advice) : []
}
