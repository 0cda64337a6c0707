/**
 * `az login` end to end: sign in with the method the request names, find the subscriptions the
 * account reaches, store them (and a service principal's credential), let a person pick the
 * default, and hand back what az prints. Each step is a module of its own in this folder.
 */
import {log, requiredEndpoint, service} from '@azx/core'
import type {Cloud} from '@azx/core'
import {activeDirectoryOf, resourceToScopes} from '@azx/core/auth'

import {CORE_AUTH} from './auth.js'
import type {SignInAuth} from './auth.js'
import {requestedDefault} from './default-subscription.js'
import {loginOutput} from './login-output.js'
import type {LoginOutput} from './login-output.js'
import {signInManagedIdentity} from './managed-identity.js'
import type {LoginHints} from './managed-identity.js'
import {passwordSignInWarning} from './password-warning.js'
import type {LoginRequest} from './request.js'
import {selectionNotice, selectorShown, selectorWanted} from './selector-policy.js'
import {signInServicePrincipal} from './service-principal.js'
import type {SignedInAccount, SignInContext} from './signed-in-account.js'
import {findSubscriptions, noSubscriptionsError} from './subscriptions.js'
import type {Terminal} from './terminal.js'
import {signInUser} from './user.js'

export {loginRequest} from './request.js'
export type {LoginFlags, LoginMethod, LoginRequest} from './request.js'
export type {LoginOutput} from './login-output.js'
export type {LoginHints} from './managed-identity.js'
export {processTerminal} from './terminal.js'
export type {Terminal} from './terminal.js'
export type {SignInAuth} from './auth.js'

export async function signIn(request: LoginRequest, terminal: Terminal, hints: LoginHints = {}, auth: SignInAuth = CORE_AUTH): Promise<LoginOutput> {
  const cloud = await (await service('clouds')).activeCloud()
  // Every method discovers subscriptions in ARM: a cloud that lacks these is reported before any sign-in.
  const armResource = requiredEndpoint(cloud, 'active_directory_resource_id')
  const resourceManager = requiredEndpoint(cloud, 'resource_manager')
  const tenant = request.tenant === undefined ? undefined : await auth.resolveTenant(activeDirectoryOf(cloud), request.tenant)
  // az resolves --tenant while it reads its arguments, and warns once the command runs.
  if (request.method.kind === 'password') log().warning(passwordSignInWarning(activeDirectoryOf(cloud)))
  const settings = await service('settings')
  const wanted = selectorWanted(request, terminal, settings.getBoolean('core', 'login_experience_v2', true))
  const context: SignInContext = {armResource, armScopes: resourceToScopes(armResource), auth, cloud, scopes: request.scopes, tenant, terminal}

  const account = await signInAccount(request, context, hints)
  if (wanted) terminal.writeOut(selectionNotice(tenant))
  const {discovery, warnings} = await findSubscriptions(request, account, context, {resourceManager, selectorWanted: wanted})
  for (const warning of warnings) log().warning(warning)
  if (discovery.subscriptions.length === 0) throw noSubscriptionsError(account.user)

  const profile = await service('profile')
  await profile.saveSubscriptions(discovery.subscriptions)
  const chosen = requestedDefault(request, discovery.subscriptions)
  if (chosen !== undefined) await profile.setDefaultSubscription(chosen)
  const ids = new Set(discovery.subscriptions.map((subscription) => subscription.id))
  const stored = await storedByThisLogin(cloud, ids)
  if (selectorShown(wanted, ids.size)) {
    const picked = await auth.runSubscriptionSelector(stored, {color: terminal.color})
    await profile.setDefaultSubscription(picked.id)
    return undefined
  }

  return loginOutput(stored, request.method)
}

/** Signs in with the method the request names. */
function signInAccount(request: LoginRequest, context: SignInContext, hints: LoginHints): Promise<SignedInAccount> {
  const {method} = request
  switch (method.kind) {
    case 'managed-identity': {
      return signInManagedIdentity(method, context, hints)
    }

    case 'service-principal': {
      return signInServicePrincipal(method, context)
    }

    case 'interactive':
    case 'password': {
      return signInUser(method, context)
    }
  }
}

/** The subscriptions of this login as now stored (with the default marked), in the profile's order. */
async function storedByThisLogin(cloud: Cloud, ids: ReadonlySet<string>) {
  const profile = await service('profile')
  return (await profile.listSubscriptions({cloud: cloud.name})).filter((subscription) => ids.has(subscription.id))
}
