/**
 * Federated tokens: JWTs signed by one of the seed's trusted issuers (a CI system, a Kubernetes
 * cluster…), which a service principal presents as its client assertion. `issueFederatedToken` and
 * the CI jobs (ci-jobs.ts) both make them here, timed by the emulator's clock.
 */
import {randomUUID} from 'node:crypto'
import type {EmulatorContext} from './context.js'
import {signJwt, type JwtClaims} from './jwt.js'

/** The audience Entra ID expects of a federated token, unless the credential names another. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange'

interface FederatedTokenClaims {
  subject: string
  audience?: string
  /** A seeded issuer; the seed's first one by default. */
  issuer?: string
  /** Seconds from the emulator's now; default 3600. */
  expiresInSeconds?: number
  /** More claims, as the issuer adds them (GitHub's `repository`, `ref`…). */
  extra?: JwtClaims
}

/** A JWT from a seeded federated issuer; throws when the issuer is not seeded. */
export function signFederatedToken(context: EmulatorContext, claims: FederatedTokenClaims): string {
  const issuer = claims.issuer ?? context.seed.federatedIssuers[0]?.issuer
  const keys = issuer === undefined ? undefined : context.federatedIssuers.get(issuer)
  if (!keys) throw new Error(issuer === undefined ? 'the seed has no federatedIssuers' : `'${issuer}' is not a seeded federated issuer`)
  const now = context.clock.nowSeconds()
  return signJwt(
    {
      ...claims.extra,
      iss: keys.issuer,
      sub: claims.subject,
      aud: claims.audience ?? TOKEN_EXCHANGE_AUDIENCE,
      iat: now,
      nbf: now,
      exp: now + (claims.expiresInSeconds ?? 3600),
      jti: randomUUID(),
    },
    keys.privateKey,
    {kid: keys.kid},
  )
}
