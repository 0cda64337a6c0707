/**
 * A person signing in: in a browser, through the Windows broker, with a device code, or with a
 * username and password. The tokens are in the shared cache afterwards; discovery takes its ARM
 * tokens from there, through the refresh token, for each tenant.
 */
import {CommandError, log, service} from '@azx/core'
import {chooseInteractiveFlow} from '@azx/core/auth'

import type {LoginMethod} from './request.js'
import type {SignedInAccount, SignInContext} from './signed-in-account.js'
import {secretFromTerminal} from './terminal.js'

type UserMethod = Extract<LoginMethod, {kind: 'interactive' | 'password'}>

export async function signInUser(method: UserMethod, context: SignInContext): Promise<SignedInAccount> {
  const {auth, cloud, tenant} = context
  const scopes = context.scopes ?? context.armScopes
  const result =
    method.kind === 'password'
      ? await auth.signInWithPassword({
          cloud,
          password: method.password ?? (await secretFromTerminal(context.terminal)),
          scopes,
          tenant,
          username: method.username,
        })
      : await signInInteractively(method, scopes, context)
  const username = result.account?.username
  if (!username) throw new CommandError('The sign-in returned no account.', {recommendations: ['Run `az login` again.']})
  return {
    tenant,
    tokenFor: async (tenantId, claims) =>
      (await auth.getUserToken({claims, cloud, scopes: context.armScopes, tenant: tenantId ?? tenant ?? result.tenantId, username})).token,
    user: {name: username, type: 'user'},
  }
}

/** The browser, the Windows broker or a device code, as az chooses among them (see chooseInteractiveFlow). */
async function signInInteractively(method: Extract<LoginMethod, {kind: 'interactive'}>, scopes: string[], context: SignInContext) {
  const {auth, cloud, tenant} = context
  const {claims, useDeviceCode} = method
  const settings = await service('settings')
  const brokerEnabled = settings.getBoolean('core', 'enable_broker_on_windows', true)
  const broker = process.platform === 'win32' && brokerEnabled && !useDeviceCode ? auth.loadNativeBroker() : {reason: 'not on Windows'}
  const choice = chooseInteractiveFlow({
    brokerAvailable: 'plugin' in broker,
    brokerEnabled,
    canLaunchBrowser: auth.canLaunchBrowser(),
    platform: process.platform,
    useDeviceCode,
  })
  log().debug(
    'login',
    `${choice.flow}: ${choice.reason}${'reason' in broker && choice.flow !== 'broker' && process.platform === 'win32' ? ` (${broker.reason})` : ''}`,
  )
  if (choice.flow === 'device-code') {
    if (!useDeviceCode) log().info(choice.reason)
    return auth.signInWithDeviceCode({claims, cloud, scopes, tenant})
  }

  if (choice.flow === 'broker' && 'plugin' in broker) {
    log().warning(
      'Select the account you want to log in with. For more information on login with Azure CLI, see https://go.microsoft.com/fwlink/?linkid=2271136',
    )
    return auth.signInWithBrowser({broker: broker.plugin, claims, cloud, scopes, tenant})
  }

  return auth.signInWithBrowser({claims, cloud, scopes, tenant})
}
