/**
 * `az account clear`: every account, subscription, token and service principal credential is
 * forgotten, offline (az needs the network here, and crashes without it). `config`, `clouds.config`
 * and its recorded default subscriptions stay, as in az.
 */
import {rm} from 'node:fs/promises'

import {configFile, service} from '@azx/core'

export async function clearAccounts(): Promise<void> {
  const [profile, cache] = await Promise.all([service('profile'), service('token-cache')])
  await profile.clear()
  await cache.clear()
  await Promise.all(
    // The ADAL cache of az before 2.30, and both forms of the service principal store.
    ['accessTokens.json', 'service_principal_entries.json', 'service_principal_entries.bin'].map((name) => rm(configFile(name), {force: true})),
  )
}
