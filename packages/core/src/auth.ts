/**
 * @azx/core/auth: signing in and getting tokens. A separate entry point so that commands which
 * never sign in (config, cloud, version) do not load it: import it inside the command that needs it.
 */
export * from './credential/index.js'
export * from './identity/index.js'
export * from './selector/index.js'
export * from './service-principals/index.js'
export * from './subscriptions/index.js'
export {armGet, armGetAll, claimsFromBase64, ClaimsChallengeError} from './http/index.js'
export type {ArmAuthorization} from './http/index.js'
