/**
 * `az account list --refresh`: the subscriptions of every stored account of the current cloud are
 * found again and replace the stored ones. If any account fails, nothing is changed.
 */
import {CommandError, service} from '@azx/core'
import type {NewSubscription, StoredSubscription} from '@azx/core'

export async function refreshAccounts(): Promise<void> {
  const [profile, clouds] = await Promise.all([service('profile'), service('clouds')])
  const cloud = await clouds.activeCloud()
  const {discoverSubscriptions, isManagedIdentity, resourceToScopes, tokenForAccount} = await import('@azx/core/auth')
  const scopes = resourceToScopes(cloud.endpoints.active_directory_resource_id!)
  const accounts = new Map<string, StoredSubscription>()
  for (const subscription of await profile.listSubscriptions()) if (!accounts.has(subscription.user.name.toLowerCase())) accounts.set(subscription.user.name.toLowerCase(), subscription)

  const found: NewSubscription[] = []
  for (const account of accounts.values()) {
    try {
      const user = account.user.type === 'user' && !isManagedIdentity(account)
      const discovery = await discoverSubscriptions({
        cloudName: cloud.name,
        resourceManager: cloud.endpoints.resource_manager!,
        tenant: user ? undefined : account.tenantId,
        tokenFor: async (tenant) => (await tokenForAccount({account, cloud, scopes, tenant: tenant ?? account.tenantId})).token,
        user: account.user,
      })
      found.push(...discovery.subscriptions)
    } catch (error) {
      throw new CommandError(
        `Refreshing for '${account.user.name}' failed with an error '${(error as Error).message}'. The existing accounts were not modified. You can run 'az login' later to explicitly refresh them`,
      )
    }
  }

  await profile.saveSubscriptions(found, {merge: false})
}
