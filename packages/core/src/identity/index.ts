/**
 * The `identity` service: MSAL applications per cloud and tenant, and one function per sign-in
 * flow (browser, broker, device code, password, service principal, managed identity) and per token
 * source. MSAL itself is loaded only when one of them runs.
 */
export {authorityOptions, authorityUrl, isAdfs} from './authority.js'
export {canLaunchBrowser, openBrowser} from './browser.js'
export {chooseInteractiveFlow, loadNativeBroker} from './broker.js'
export type {FlowChoice, FlowInputs, InteractiveFlow} from './broker.js'
export {activeDirectoryOf, createConfidentialClient, createManagedIdentityClient, createPublicClient} from './clients.js'
export type {ClientCredential} from './clients.js'
export {DeviceCodePollingClient} from './device-code.js'
export {getManagedIdentityToken, managedIdentityUser, selectorFromIdentityInfo} from './managed-identity.js'
export type {ManagedIdentitySelector} from './managed-identity.js'
export {MANAGED_IDENTITY_CONNECT_TIMEOUT_MS, ManagedIdentityUnreachableError} from './managed-identity-unreachable.js'
export {aadstsCode, reloginRecommendations, toCommandError} from './msal-errors.js'
export {loadMsal} from './msal.js'
export {AZURE_CLI_CLIENT_ID, clientCapabilities, resourceToScopes, scopesToResource} from './scopes.js'
export {certificateExpiry, checkServicePrincipal, credentialOf, getServicePrincipalToken, proveServicePrincipal} from './service-principal.js'
export type {ProvedServicePrincipal, ServicePrincipalTokenRequest} from './service-principal.js'
export {CI_TOKEN_PROVIDERS, FederatedTokenError, fetchFederatedToken} from './federated-token.js'
export type {FederatedTokenProvider, FederatedTokenSource} from './federated-token.js'
export {fromMsalResult, livesAtLeast, tenantOfToken} from './token.js'
export type {AccessToken} from './token.js'
export {checkUserToken, getUserToken, pickAccount} from './user-token.js'
export type {UserTokenRequest} from './user-token.js'
export {signInWithBrowser, signInWithDeviceCode, signInWithPassword} from './user-sign-in.js'
export type {InteractiveSignInOptions, UserSignInOptions} from './user-sign-in.js'
export {isTenantId, resolveTenant} from './tenant.js'
