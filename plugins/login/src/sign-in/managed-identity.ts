/** A managed identity signing in (`--identity`): a token from the identity endpoint of the machine or container. */
import {ManagedIdentityUnreachableError, managedIdentityUser} from '@azx/core/auth'

import type {LoginMethod} from './request.js'
import type {SignedInAccount, SignInContext} from './signed-in-account.js'

/** What the rest of the CLI offers that the advice may point to. */
export interface LoginHints {
  /** The command that serves a signed-in account's tokens as a managed identity endpoint, when installed. */
  identityEndpointCommand?: string
}

export async function signInManagedIdentity(
  method: Extract<LoginMethod, {kind: 'managed-identity'}>,
  context: SignInContext,
  hints: LoginHints,
): Promise<SignedInAccount> {
  const {armResource, auth} = context
  const token = await withLocalEndpointAdvice(auth.getManagedIdentityToken(method, armResource), hints)
  return {
    tenant: token.tenantId,
    tokenFor: async (_tenant, claims) => (claims ? (await auth.getManagedIdentityToken(method, armResource, {claims})).token : token.token),
    user: managedIdentityUser(method),
  }
}

/** A managed identity sign-in whose endpoint did not answer also names the local token endpoint, where azx has one. */
async function withLocalEndpointAdvice<T>(signIn: Promise<T>, hints: LoginHints): Promise<T> {
  try {
    return await signIn
  } catch (error) {
    if (error instanceof ManagedIdentityUnreachableError && hints.identityEndpointCommand) {
      error.recommendations.push(
        'To use an account you are signed in with elsewhere (the host of this container, your workstation), ' +
          `run \`${hints.identityEndpointCommand}\` there and set the IDENTITY_ENDPOINT and IDENTITY_HEADER it prints here.`,
      )
    }

    throw error
  }
}
