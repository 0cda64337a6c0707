import type {SubscriptionContext} from '@azx/core'
import type {ArmAuthorization} from '@azx/core/auth'

/**
 * The account's ARM tokens as the http service's requests take them: from the credential (the
 * cache when it can), and a new one carrying the claims when ARM answers with a claims challenge.
 */
export function armAuthorization(context: SubscriptionContext): ArmAuthorization {
  return async (claims) => (await context.credential.getToken(context.armClientOptions.credentialScopes, claims ? {claims} : {})).token
}
