/**
 * `az logout`: forgets one account everywhere az keeps it: its tokens in the shared cache, its
 * subscriptions (in every cloud) and, for a service principal, its stored credential. Offline.
 */
import {CommandError, service} from '@azx/core'
import {removeServicePrincipal} from '@azx/core/auth'

export async function signOut(username?: string): Promise<void> {
  const profile = await service('profile')
  const name = username ?? (await profile.defaultSubscription())?.user.name
  if (name === undefined) throw new CommandError('There are no active accounts.')
  const cache = await service('token-cache')
  await cache.removeUser(name)
  await cache.removeServicePrincipal(name)
  await removeServicePrincipal(name)
  await profile.removeUser(name)
}
