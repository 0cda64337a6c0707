/**
 * Silent tokens without races. MSAL answers from the cache when it can and otherwise sends a
 * token request (a refresh for a user, a client credential request for a service principal). Two
 * processes, or two tenants of one sign-in's discovery, that do that at once both send the same
 * refresh token, and each sends its own request for a token the other is already getting. So the
 * cache is tried first with the token endpoint closed, and a token request is sent only holding
 * the token cache's refresh lock, after trying the cache once more (token-cache/refresh-lock.ts).
 */
import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node'

import {service} from '../registry/index.js'

/**
 * MSAL's network module with the token endpoint closed except while {@link passing} runs: a token
 * request (MSAL sends those as POSTs) made while closed is refused and remembered. Metadata
 * requests (GETs) always go through.
 */
export class TokenRequestGate implements INetworkModule {
  /** Whether MSAL tried to send a token request since the last {@link reset}. */
  refused = false
  private open = false

  constructor(private readonly inner: INetworkModule) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.inner.sendGetRequestAsync<T>(url, options, timeout)
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    if (this.open) return this.inner.sendPostRequestAsync<T>(url, options)
    this.refused = true
    return Promise.reject(new Error('The token cache is tried before any token request.'))
  }

  /** Whether a token request may be sent now: a federated token is fetched only then (service-principal.ts). */
  get isOpen(): boolean {
    return this.open
  }

  reset(): void {
    this.refused = false
  }

  /** Runs `acquire` with the token endpoint open. */
  async passing<T>(acquire: () => Promise<T>): Promise<T> {
    this.open = true
    try {
      return await acquire()
    } finally {
      this.open = false
    }
  }
}

/** One MSAL acquisition; with `renew` it asks Entra ID for a new token whatever the cache holds. */
export type Acquisition<T> = (renew: boolean) => Promise<T>

/**
 * The token `acquire` gets, from the cache when MSAL can answer from it (no lock, no request) and
 * the answer `qualifies` (`--min-validity`: it lives long enough); otherwise holding the refresh
 * lock: from the cache if another process stored a qualifying one meanwhile, else from Entra ID.
 * `gate` must be the network module of the application `acquire` uses.
 */
export async function cacheFirst<T>(gate: TokenRequestGate, acquire: Acquisition<T>, qualifies: (token: T) => boolean = () => true): Promise<T> {
  const cached = await fromCacheOnly(gate, acquire)
  if (cached && qualifies(cached.token)) return cached.token
  const tokenCache = await service('token-cache')
  return tokenCache.withRefreshLock(async () => {
    const stored = await fromCacheOnly(gate, acquire)
    return stored && qualifies(stored.token) ? stored.token : gate.passing(() => acquire(true))
  })
}

/** A new token from Entra ID whatever the cache holds, holding the refresh lock. */
export async function renewed<T>(gate: TokenRequestGate, acquire: Acquisition<T>): Promise<T> {
  const tokenCache = await service('token-cache')
  return tokenCache.withRefreshLock(() => gate.passing(() => acquire(true)))
}

/**
 * A new token from Entra ID for an application that keeps it nowhere (a live check of a credential,
 * `az account status`): no refresh lock, as nothing it receives is stored, so it replaces no refresh
 * token another process relies on (Entra ID keeps a refresh token valid after using it once).
 */
export function checked<T>(gate: TokenRequestGate, acquire: Acquisition<T>): Promise<T> {
  return gate.passing(() => acquire(true))
}

/**
 * What MSAL answers without a token request, or undefined when it wanted to send one (for a token
 * it does not have, or one it would refresh early: `refresh_in`).
 */
async function fromCacheOnly<T>(gate: TokenRequestGate, acquire: Acquisition<T>): Promise<{token: T} | undefined> {
  gate.reset()
  try {
    const token = await acquire(false)
    return gate.refused ? undefined : {token}
  } catch (error) {
    if (gate.refused) return undefined
    throw error
  }
}
