/**
 * Everything a route handler may read or change, built once per emulator run.
 */
import type {KeyObject} from 'node:crypto'
import type {AuthorizationCodes} from './authorization-codes.js'
import type {ClientCertificate} from './certificates.js'
import type {CiJobs} from './ci-jobs.js'
import type {Clock} from './clock.js'
import type {ContinuousAccess} from './conditional-access.js'
import type {DeviceCodes} from './device-codes.js'
import type {Directory} from './directory.js'
import type {Faults} from './faults.js'
import type {RefreshTokens} from './refresh-tokens.js'
import type {RequestLog} from './request-log.js'
import type {Seed, UserSeed} from './seed.js'
import type {SignInFlows} from './sign-in-flows.js'
import type {SigningKey, TokenIssuer} from './tokens.js'

/** A trusted issuer of federated credentials (a CI system, a Kubernetes cluster…). */
export interface FederatedIssuerKeys {
  issuer: string
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
}

export interface EmulatorContext {
  /** `https://localhost:PORT`: the base of every URL the emulator hands out. */
  baseUrl: string
  /** `localhost:PORT`. */
  hostPort: string
  seed: Seed
  directory: Directory
  clock: Clock
  signingKey: SigningKey
  issuer: TokenIssuer
  refreshTokens: RefreshTokens
  /** Revoked sessions and when user access tokens were issued (conditional-access.ts). */
  continuousAccess: ContinuousAccess
  authorizationCodes: AuthorizationCodes
  deviceCodes: DeviceCodes
  signInFlows: SignInFlows
  /** Service principals' certificates by lower-cased app id. */
  clientCertificates: Map<string, ClientCertificate>
  /** Trusted federated issuers by issuer URL. */
  federatedIssuers: Map<string, FederatedIssuerKeys>
  /** CI jobs that hand out OIDC tokens (GitHub Actions, Azure Pipelines). */
  ciJobs: CiJobs
  /** The secret App Service puts in IDENTITY_HEADER. */
  identityHeader: string
  /** Approve every new device code as this user at once (off unless asked for). */
  autoApproveDeviceCodesAs?: UserSeed
  requestLog: RequestLog
  faults: Faults
}
