/**
 * The `credential` service: tokens for the signed-in accounts, for commands and for Azure SDK
 * clients, and live checks of their credentials.
 */
export {isManagedIdentity} from './account-kind.js'
export {checkAccount} from './account-check.js'
export type {AccountCheck, AccountCheckRequest, AccountCredential, CheckOutcome, CheckProblem, CredentialKind} from './account-check.js'
export {checkAccountToken, tokenForAccount} from './account-token.js'
export type {AccountTokenRequest} from './account-token.js'
