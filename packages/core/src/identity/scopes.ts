/**
 * Resources and scopes as az converts them (notes §7.4): a resource becomes `<resource>/.default`
 * with nothing trimmed, so `https://management.core.windows.net/` gives the double slash Entra ID
 * expects; a scope becomes a resource by dropping `/.default` (managed identity wants resources).
 */

/** The public client ID of the "Microsoft Azure CLI" application, which az signs users in with. */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'

export function resourceToScopes(resource: string): string[] {
  return [`${resource}/.default`]
}

export function scopesToResource(scopes: readonly string[]): string {
  const [scope] = scopes
  if (scope.endsWith('/.default')) return scope.slice(0, -'/.default'.length)
  if (scope.endsWith('/user_impersonation')) return scope.slice(0, -'/user_impersonation'.length)
  return scope
}

/**
 * The client capabilities az declares (CP1: continuous access evaluation), unless
 * `AZURE_IDENTITY_DISABLE_CP1` is set.
 */
export function clientCapabilities(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.AZURE_IDENTITY_DISABLE_CP1 ? [] : ['CP1']
}
