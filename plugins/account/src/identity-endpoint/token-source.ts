/**
 * The tokens the identity endpoint hands out: those of one stored account, got exactly as
 * `az account get-access-token --resource R` gets them (the token cache file first, then the
 * credential service, which refreshes and explains failures). No second token path and no token
 * kept in memory: a logout or an expired session shows at the next request.
 *
 * The account, its tenant and its cloud are chosen once, when the endpoint starts, so that an
 * `az account set` or `az cloud set` in another shell does not change whose tokens a running
 * endpoint serves.
 */
import {CommandError} from '@azx/core/errors'
import {service} from '@azx/core/registry'
import type {Cloud, StoredSubscription} from '@azx/core'

import {scopesFor} from '../access-token.js'

/** Whose tokens the endpoint serves, as the status lines and `list` report it. */
export interface ServedIdentity {
  /** The user name, or a service principal's client ID. */
  user: string
  /** `user` or `servicePrincipal`, as stored. */
  userType: string
  subscription: string
  subscriptionName: string
  tenant: string
  cloud: string
}

interface ServedToken {
  token: string
  expiresOn: Date
}

interface TokenSource {
  readonly identity: ServedIdentity
  /** A token for a v1 resource ID (`https://management.azure.com/`). */
  token(resource: string): Promise<ServedToken>
}

interface IdentityChoice {
  /** `--subscription`: its account is served; default: the default subscription's. */
  subscription?: string
  /** `--tenant`: tokens of that tenant, for the default subscription's account. */
  tenant?: string
}

/**
 * The token source of the chosen account. Fails as `get-access-token` does when no one is signed
 * in ("Please run 'az login' to setup account.") or the subscription is unknown.
 */
export async function accountTokenSource(choice: IdentityChoice): Promise<TokenSource> {
  if (choice.subscription !== undefined && choice.tenant !== undefined) {
    throw new CommandError('Please specify only one of subscription and tenant, not both')
  }

  const [profile, clouds] = await Promise.all([service('profile'), service('clouds')])
  const [account, cloud] = await Promise.all([profile.getSubscription(choice.subscription), clouds.activeCloud()])
  const tokens = coalesced((resource: string) => accountToken(account, cloud, resource, choice.tenant))
  return {
    identity: {
      cloud: cloud.name,
      subscription: account.id,
      subscriptionName: account.name,
      tenant: choice.tenant ?? account.tenantId,
      user: account.user.name,
      userType: account.user.type,
    },
    token: tokens,
  }
}

async function accountToken(account: StoredSubscription, cloud: Cloud, resource: string, tenant: string | undefined): Promise<ServedToken> {
  const {tokenForAccount} = await import('@azx/core/account-token')
  return tokenForAccount({account, cloud, scopes: scopesFor({resource}, cloud), tenant})
}

/**
 * `fetch` with requests for the same key that arrive while one is under way sharing its answer: a
 * burst of clients asking for a token MSAL must fetch makes one request to Entra ID, not one each.
 */
function coalesced<T>(fetch: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const pending = new Map<string, Promise<T>>()
  return (key) => {
    let answer = pending.get(key)
    if (!answer) {
      answer = fetch(key).finally(() => pending.delete(key))
      pending.set(key, answer)
    }

    return answer
  }
}
