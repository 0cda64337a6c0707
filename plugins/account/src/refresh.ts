/**
 * `az account list --refresh`: the subscriptions of every stored account of the current cloud are
 * found again and replace that cloud's stored ones. As in az, an account whose discovery fails is
 * reported with a warning and keeps its stored subscriptions, and the other accounts are still
 * refreshed.
 */
import {log, requiredEndpoint, service} from '@azx/core'
import type {NewSubscription, StoredSubscription} from '@azx/core'

export async function refreshAccounts(): Promise<void> {
  const [profile, clouds] = await Promise.all([service('profile'), service('clouds')])
  const cloud = await clouds.activeCloud()
  const {discoverSubscriptions, discoveryWarnings, isManagedIdentity, resourceToScopes, TENANT_LEVEL_ACCOUNT_NAME, tokenForAccount} =
    await import('@azx/core/auth')
  const scopes = resourceToScopes(requiredEndpoint(cloud, 'active_directory_resource_id'))
  const resourceManager = requiredEndpoint(cloud, 'resource_manager')
  const everyCloud = await profile.listSubscriptions({allClouds: true})
  const stored = everyCloud.filter((subscription) => subscription.environmentName === cloud.name)
  const byAccount = new Map<string, StoredSubscription[]>()
  for (const subscription of stored) {
    const key = subscription.user.name.toLowerCase()
    byAccount.set(key, [...(byAccount.get(key) ?? []), subscription])
  }

  const found: NewSubscription[] = []
  for (const subscriptions of byAccount.values()) {
    const [account] = subscriptions
    try {
      const user = account.user.type === 'user' && !isManagedIdentity(account)
      // A tenant level account (`az login --allow-no-subscriptions`) stays one.
      const allowNoSubscriptions = subscriptions.some((subscription) => subscription.name === TENANT_LEVEL_ACCOUNT_NAME)
      const discovery = await discoverSubscriptions({
        allowNoSubscriptions,
        cloudName: cloud.name,
        resourceManager,
        tenant: user ? undefined : account.tenantId,
        tokenFor: async (tenant, claims) => (await tokenForAccount({account, claims, cloud, scopes, tenant: tenant ?? account.tenantId})).token,
        user: account.user,
      })
      for (const warning of discoveryWarnings(discovery, allowNoSubscriptions)) log().warning(warning)
      found.push(...discovery.subscriptions)
    } catch (error) {
      log().warning(
        `Refreshing for '${account.user.name}' failed with an error '${(error as Error).message}'. ` +
          `The existing accounts were not modified. You can run 'az login' later to explicitly refresh them`,
      )
      found.push(...subscriptions)
    }
  }

  // az drops other clouds' subscriptions here (it saves without merging); azx keeps them, as they
  // were not refreshed. They go last, so the default is picked among this cloud's.
  await profile.saveSubscriptions([...found, ...everyCloud.filter((subscription) => subscription.environmentName !== cloud.name)], {merge: false})
}
