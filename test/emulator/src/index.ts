/**
 * @azx/emulator: a local Microsoft Entra ID + Azure Resource Manager emulator over HTTPS, for azx's
 * tests, its demo, and plugin authors' tests. See README.md.
 */
export {startEmulator, type Emulator, type EmulatorOptions, type ManagedIdentitySource} from './emulator.js'
export {
  completeBrowserSignIn,
  completeDeviceCodeSignIn,
  type BrowserSignInResult,
  type DeviceCodeSignInOptions,
  type SignInCredentials,
} from './browser-sign-in.js'
export {createNetworkClient, type MsalNetworkClient, type NetworkRequestOptions, type NetworkResponse} from './network-client.js'
export {sendRequest, formBody, type HttpRequestOptions, type HttpResponse} from './http-client.js'
export type {TenantPolicies} from './access-controls.js'
export type {ClientCertificate} from './certificates.js'
export {AZURE_PIPELINES_ISSUER, GITHUB_ISSUER, type CiJob, type CiJobOptions, type CiProvider} from './ci-jobs.js'
export type {ExpiringCredential} from './credential-expiry.js'
export type {Clock} from './clock.js'
export type {ActiveFault, FaultRule, Faults} from './faults.js'
export type {RequestLog, RequestLogEntry, RequestLogFilter} from './request-log.js'
export {
  DEFAULT_SEED_PATH,
  loadSeed,
  SeedError,
  type CertificateSeed,
  type FederatedCredentialSeed,
  type FederatedIssuerSeed,
  type ManagedIdentitySeed,
  type PublicClientSeed,
  type ResourceGroupSeed,
  type Seed,
  type SeedFile,
  type SeedSettings,
  type ServicePrincipalSeed,
  type SubscriptionSeed,
  type SubscriptionState,
  type TenantSeed,
  type UserSeed,
} from './seed.js'
