/**
 * `az account clear`: every account, subscription, token and service principal credential is
 * forgotten, offline (az needs the network here, and crashes without it). `config`, `clouds.config`
 * and its recorded default subscriptions stay, as in az.
 */
import {rm} from 'node:fs/promises'

import {configFile, service} from '@azx/core'

export async function clearAccounts(): Promise<void> {
  const [profile, cache, {clearServicePrincipals}] = await Promise.all([service('profile'), service('token-cache'), import('@azx/core/auth')])
  await profile.clear()
  await cache.clear()
  // The store in use (with its OS store secret when encrypted), then the other form of it, left by
  // a change of core.encrypt_token_cache, and the ADAL cache of az before 2.30.
  await clearServicePrincipals()
  await Promise.all(
    ['service_principal_entries.json', 'service_principal_entries.bin', 'accessTokens.json'].map((name) => rm(configFile(name), {force: true})),
  )
}
