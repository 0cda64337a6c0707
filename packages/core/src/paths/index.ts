import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

/**
 * The config dir az and azx share: `AZURE_CONFIG_DIR` when set, otherwise `~/.azure`.
 * Read on every call, so tests and plugins that change the variable see the new value.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AZURE_CONFIG_DIR
  return fromEnv ? resolve(fromEnv) : join(homedir(), '.azure')
}

/** The files az keeps in the config dir. */
export const ConfigFile = {
  clouds: 'clouds.config',
  config: 'config',
  profile: 'azureProfile.json',
  servicePrincipals: 'service_principal_entries.json',
  tokenCache: 'msal_token_cache.json',
  tokenCacheEncrypted: 'msal_token_cache.bin',
} as const

/** The absolute path of one of az's files in the config dir. */
export function configFile(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), name)
}
