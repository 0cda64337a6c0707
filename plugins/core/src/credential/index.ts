/**
 * The `credential` service: tokens for the signed-in accounts, for commands and for Azure SDK
 * clients.
 */
export {isManagedIdentity} from './account-kind.js'
export {tokenForAccount} from './account-token.js'
export type {AccountTokenRequest} from './account-token.js'
