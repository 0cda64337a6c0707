/**
 * Claims challenges: a resource API (ARM, or any API behind Conditional Access or continuous
 * access evaluation) refuses a token with `401` and
 * `WWW-Authenticate: Bearer …, error="insufficient_claims", claims="<base64 JSON>"`. The claims say
 * what a new token must carry (issued after a revocation, an authentication context, MFA). They
 * are understood here once: the ARM requests of the http service retry with a token that carries
 * them, Azure SDK errors are read the same way (azure-sdk/rest-error.ts), and what cannot be
 * satisfied silently ends in az's advice to sign in again with `--claims-challenge`.
 */
import {CommandError} from '../errors/index.js'
import {reloginLines} from '../errors/relogin.js'

/** A scheme and its `name="value"` (or `name=token`) parameters, as in `Bearer a="b", c="d", PoP e="f"`. */
const CHALLENGE = /([A-Za-z][\w-]*)\s+((?:[\w-]+\s*=\s*(?:"[^"]*"|[^\s,]*)\s*,?\s*)+)/g
const PARAMETER = /([\w-]+)\s*=\s*(?:"([^"]*)"|([^\s,]*))/g

/** The parameters of every `Bearer` challenge in a `WWW-Authenticate` header, names in lower case. */
function bearerParameters(header: string): Map<string, string>[] {
  return [...header.matchAll(CHALLENGE)]
    .filter(([, scheme]) => scheme.toLowerCase() === 'bearer')
    .map(([, , parameters]) => new Map([...parameters.matchAll(PARAMETER)].map(([, name, quoted, bare]) => [name.toLowerCase(), quoted ?? bare])))
}

/**
 * The claims JSON in `value`, base64 (standard or URL-safe, padded or not) of a JSON object, as a
 * challenge carries it and as `az login --claims-challenge` takes it; undefined for anything else.
 */
export function claimsFromBase64(value: string): string | undefined {
  const normalized = value.trim().replaceAll('-', '+').replaceAll('_', '/')
  if (!/^[A-Za-z\d+/]+={0,2}$/.test(normalized)) return undefined
  const text = Buffer.from(normalized, 'base64').toString('utf8')
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? text : undefined
  } catch {
    return undefined
  }
}

/**
 * The claims JSON a `WWW-Authenticate` header asks for, decoded, or undefined when the header holds
 * no claims challenge (another error, no claims, claims that are not base64 JSON).
 */
export function claimsOfChallenge(header: string | undefined): string | undefined {
  if (!header) return undefined
  for (const parameters of bearerParameters(header)) {
    const claims = parameters.get('claims')
    if (parameters.get('error') !== 'insufficient_claims' || claims === undefined) continue
    const decoded = claimsFromBase64(claims)
    if (decoded !== undefined) return decoded
  }

  return undefined
}

/** The tenant (`tid`) and audience (`aud`) of a JWT access token, read without verifying it. */
function tokenTarget(accessToken: string): {scopes?: string[]; tenant?: string} {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {aud?: unknown; tid?: unknown}
    return {
      scopes: typeof payload.aud === 'string' ? [`${payload.aud}/.default`] : undefined,
      tenant: typeof payload.tid === 'string' ? payload.tid : undefined,
    }
  } catch {
    return {}
  }
}

/**
 * A resource refused the token with a claims challenge that a token from the cache or the
 * refresh token could not satisfy (exit 1). Its recommendations are az's: `az logout`, then
 * `az login --tenant … --scope … --claims-challenge …` for the token's tenant and resource.
 */
export class ClaimsChallengeError extends CommandError {
  /** The claims JSON the resource asked for. */
  readonly claims: string

  constructor(message: string, options: {accessToken: string; cause?: unknown; claims: string}) {
    super(message, {cause: options.cause, recommendations: reloginLines({...tokenTarget(options.accessToken), claims: options.claims})})
    this.claims = options.claims
  }
}
