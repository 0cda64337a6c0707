/**
 * `az login` end to end: sign in with the flow the request names, find the subscriptions the
 * account reaches, store them (and a service principal's credential), let a person pick the
 * default, and hand back what az prints.
 */
import {homedir} from 'node:os'
import {resolve} from 'node:path'

import {CommandError, log, requiredEndpoint, service, toAccountListEntry} from '@azx/core'
import type {AccountListEntry, Cloud, StoredSubscription, SubscriptionUser} from '@azx/core'
import {
  activeDirectoryOf,
  canLaunchBrowser,
  chooseInteractiveFlow,
  discoverSubscriptions,
  discoveryWarnings,
  getManagedIdentityToken,
  getServicePrincipalToken,
  getUserToken,
  loadNativeBroker,
  managedIdentityUser,
  ManagedIdentityUnreachableError,
  proveServicePrincipal,
  resolveTenant,
  resourceToScopes,
  runSubscriptionSelector,
  saveServicePrincipal,
  shouldShowSelector,
  signInWithBrowser,
  signInWithDeviceCode,
  signInWithPassword,
  skipDiscovery,
} from '@azx/core/auth'
import type {DiscoveryOptions, DiscoveryResult, FederatedTokenSource, ServicePrincipalEntry} from '@azx/core/auth'

import type {LoginMethod, LoginRequest} from './request.js'

export {loginRequest} from './request.js'
export type {LoginFlags, LoginMethod, LoginRequest} from './request.js'

/**
 * az's warning before a username and password sign-in (today's az): Azure public cloud enforces MFA
 * from September 2025, which that flow cannot do; elsewhere it is merely discouraged.
 */
export function passwordSignInWarning(activeDirectory: string): string {
  return activeDirectory.startsWith('https://login.microsoftonline.com')
    ? 'Starting September 1, 2025, MFA will be gradually enforced for Azure public cloud. The authentication with username and password in the command line is not supported with MFA. Consider using one of the compatible authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314'
    : 'Using authentication with username and password in the command line is strongly discouraged. Consider using one of the recommended authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314'
}

/** What the rest of the CLI offers that the advice may point to. */
export interface LoginHints {
  /** The command that serves a signed-in account's tokens as a managed identity endpoint, when installed. */
  identityEndpointCommand?: string
}

export interface Terminal {
  color: boolean
  stdinIsTty: boolean
  stdoutIsTty: boolean
  stderrIsTty: boolean
  /** Asks for a secret without echo; only called when stdin is a terminal. */
  promptSecret: (message: string) => Promise<string>
}

/** What login prints: az's list, or nothing when the selector was shown (az prints no JSON then). */
export type LoginOutput = (AccountListEntry | StoredSubscription)[] | undefined

type ServicePrincipalMethod = Extract<LoginMethod, {kind: 'service-principal'}>

interface SignedIn {
  /** The login found these; they are stored next. */
  discovery: DiscoveryResult
  /** Warnings of a login that skipped discovery. */
  warnings: string[]
  /** Whether the selector may run (a browser, broker or device code sign-in). */
  interactive: boolean
  /** az keeps `environmentName` in the output of `az login --identity`. */
  keepEnvironmentName: boolean
  user: SubscriptionUser
}

export async function signIn(request: LoginRequest, terminal: Terminal, hints: LoginHints = {}): Promise<LoginOutput> {
  const cloud = await (await service('clouds')).activeCloud()
  // Every flow discovers subscriptions in ARM: a cloud that lacks these is reported before any sign-in.
  const armResource = requiredEndpoint(cloud, 'active_directory_resource_id')
  const resourceManager = requiredEndpoint(cloud, 'resource_manager')
  const tenant = request.tenant === undefined ? undefined : await resolveTenant(activeDirectoryOf(cloud), request.tenant)
  // az resolves --tenant while it reads its arguments, and warns once the command runs.
  if (request.method.kind === 'password') log().warning(passwordSignInWarning(activeDirectoryOf(cloud)))
  const armScopes = resourceToScopes(armResource)
  const settings = await service('settings')
  const selectorWanted =
    request.method.kind === 'interactive' &&
    request.subscription === undefined &&
    !request.skipSubscriptionDiscovery &&
    shouldShowSelector({
      experienceV2: settings.getBoolean('core', 'login_experience_v2', true),
      interactive: true,
      stdinIsTty: terminal.stdinIsTty,
      stdoutIsTty: terminal.stdoutIsTty,
      subscriptionCount: 2,
      subscriptionGiven: false,
    })

  const signedIn = await signInAndDiscover(request, {armResource, armScopes, cloud, hints, resourceManager, selectorWanted, terminal, tenant})
  const {discovery, user} = signedIn
  for (const warning of [...discoveryWarnings(discovery, request.allowNoSubscriptions), ...signedIn.warnings]) log().warning(warning)
  if (discovery.subscriptions.length === 0) {
    throw new CommandError(`No subscriptions found for ${user.name}.`, {
      recommendations: ['Use `az login --allow-no-subscriptions` to sign in to tenants without subscriptions.'],
    })
  }

  const profile = await service('profile')
  await profile.saveSubscriptions(discovery.subscriptions)
  const ids = new Set(discovery.subscriptions.map((subscription) => subscription.id))
  // Skipping discovery, a subscription ARM did not know left only a tenant-level account (--allow-no-subscriptions).
  const found = discovery.subscriptions.some((subscription) => subscription.id.toLowerCase() === request.subscription?.toLowerCase())
  const chosen = request.skipSubscriptionDiscovery && !found ? undefined : request.subscription
  if (chosen !== undefined) await profile.setDefaultSubscription(chosen)
  const mine = async () => (await profile.listSubscriptions({cloud: cloud.name})).filter((subscription) => ids.has(subscription.id))

  if (selectorWanted && shouldShowSelector({experienceV2: true, interactive: true, stdinIsTty: true, stdoutIsTty: true, subscriptionCount: ids.size, subscriptionGiven: false})) {
    const chosen = await runSubscriptionSelector(await mine(), {color: terminal.color})
    await profile.setDefaultSubscription(chosen.id)
    return undefined
  }

  const stored = await mine()
  return signedIn.keepEnvironmentName ? stored : stored.map((subscription) => toAccountListEntry(subscription))
}

interface Context {
  armResource: string
  armScopes: string[]
  cloud: Cloud
  hints: LoginHints
  resourceManager: string
  selectorWanted: boolean
  tenant?: string
  terminal: Terminal
}

/** The subscriptions a sign-in reaches: discovered, or with `--skip-subscription-discovery` the one named (or none). */
async function findSubscriptions(request: LoginRequest, context: Context, options: DiscoveryOptions): Promise<{discovery: DiscoveryResult; warnings: string[]}> {
  if (request.skipSubscriptionDiscovery) {
    const {warnings, ...discovery} = await skipDiscovery({...options, subscription: request.subscription, tenant: context.tenant!})
    return {discovery, warnings}
  }

  return {discovery: await withProgress(context, () => discoverSubscriptions(options)), warnings: []}
}

async function signInAndDiscover(request: LoginRequest, context: Context): Promise<SignedIn> {
  const {method} = request
  const discover = (user: SubscriptionUser, tokenFor: DiscoveryOptions['tokenFor'], tenant?: string) =>
    findSubscriptions(request, context, {
      allowNoSubscriptions: request.allowNoSubscriptions,
      cloudName: context.cloud.name,
      resourceManager: context.resourceManager,
      tenant,
      tokenFor,
      user,
    })

  switch (method.kind) {
    case 'managed-identity': {
      const token = await withManagedIdentityAdvice(getManagedIdentityToken(method, context.armResource), context.hints)
      const user = managedIdentityUser(method)
      const tokenFor = async (_tenant: string | undefined, claims?: string) => (claims ? (await getManagedIdentityToken(method, context.armResource, {claims})).token : token.token)
      return {...(await discover(user, tokenFor, token.tenantId)), interactive: false, keepEnvironmentName: true, user}
    }

    case 'service-principal': {
      const federatedTokens = federatedTokenSource(method)
      // A token from Entra ID itself proves the credential; only then is it stored, as az does.
      const proved = await proveServicePrincipal({
        cloud: context.cloud,
        entry: await servicePrincipalEntry(method, context),
        federatedTokens,
        scopes: request.scopes ?? context.armScopes,
      })
      const {entry} = proved
      await saveServicePrincipal(entry, federatedTokens)
      const user: SubscriptionUser = {name: method.clientId, type: 'servicePrincipal', ...(method.useCertSnIssuer ? {useCertSNIssuerAuth: true} : {})}
      const armToken = request.scopes ? (await getServicePrincipalToken({cloud: context.cloud, entry, federatedTokens, scopes: context.armScopes})).token : proved.token.token
      const tokenFor = async (_tenant: string | undefined, claims?: string) =>
        claims ? (await getServicePrincipalToken({claims, cloud: context.cloud, entry, federatedTokens, scopes: context.armScopes})).token : armToken
      return {...(await discover(user, tokenFor, entry.tenant)), interactive: false, keepEnvironmentName: false, user}
    }

    case 'password':
    case 'interactive': {
      const scopes = request.scopes ?? context.armScopes
      const result =
        method.kind === 'password'
          ? await signInWithPassword({cloud: context.cloud, password: method.password ?? (await askPassword(context.terminal)), scopes, tenant: context.tenant, username: method.username})
          : await interactiveSignIn(method, scopes, context)
      const username = result.account?.username
      if (!username) throw new CommandError('The sign-in returned no account.', {recommendations: ['Run `az login` again.']})
      if (context.selectorWanted) process.stdout.write(`\n${context.tenant ? 'Retrieving subscriptions for the selection...' : 'Retrieving tenants and subscriptions for the selection...'}\n`)
      const user: SubscriptionUser = {name: username, type: 'user'}
      const tokenFor = async (tenant: string | undefined, claims?: string) =>
        (await getUserToken({claims, cloud: context.cloud, scopes: context.armScopes, tenant: tenant ?? context.tenant ?? result.tenantId, username})).token
      return {...(await discover(user, tokenFor, context.tenant)), interactive: method.kind === 'interactive', keepEnvironmentName: false, user}
    }
  }
}

/** A managed identity sign-in whose endpoint did not answer also names the local token endpoint, where azx has one. */
async function withManagedIdentityAdvice<T>(signIn: Promise<T>, hints: LoginHints): Promise<T> {
  try {
    return await signIn
  } catch (error) {
    if (error instanceof ManagedIdentityUnreachableError && hints.identityEndpointCommand) {
      error.recommendations.push(
        `To use an account you are signed in with elsewhere (the host of this container, your workstation), run \`${hints.identityEndpointCommand}\` there and set the IDENTITY_ENDPOINT and IDENTITY_HEADER it prints here.`,
      )
    }

    throw error
  }
}

async function interactiveSignIn(method: Extract<LoginMethod, {kind: 'interactive'}>, scopes: string[], context: Context) {
  const {claims, useDeviceCode} = method
  const settings = await service('settings')
  const brokerEnabled = settings.getBoolean('core', 'enable_broker_on_windows', true)
  const broker = process.platform === 'win32' && brokerEnabled && !useDeviceCode ? loadNativeBroker() : {reason: 'not on Windows'}
  const choice = chooseInteractiveFlow({
    brokerAvailable: 'plugin' in broker,
    brokerEnabled,
    canLaunchBrowser: canLaunchBrowser(),
    platform: process.platform,
    useDeviceCode,
  })
  log().debug('login', `${choice.flow}: ${choice.reason}${'reason' in broker && choice.flow !== 'broker' && process.platform === 'win32' ? ` (${broker.reason})` : ''}`)
  if (choice.flow === 'device-code') {
    if (!useDeviceCode) log().info(choice.reason)
    return signInWithDeviceCode({claims, cloud: context.cloud, scopes, tenant: context.tenant})
  }

  if (choice.flow === 'broker' && 'plugin' in broker) {
    log().warning('Select the account you want to log in with. For more information on login with Azure CLI, see https://go.microsoft.com/fwlink/?linkid=2271136')
    return signInWithBrowser({broker: broker.plugin, claims, cloud: context.cloud, scopes, tenant: context.tenant})
  }

  return signInWithBrowser({claims, cloud: context.cloud, scopes, tenant: context.tenant})
}

async function askPassword(terminal: Terminal): Promise<string> {
  if (!terminal.stdinIsTty) throw new CommandError('Please specify both username and password in non-interactive mode.')
  return terminal.promptSecret('Password: ')
}

/** The entry to prove; with a federated token source it has no credential yet (the first token fetched becomes it). */
async function servicePrincipalEntry(method: ServicePrincipalMethod, context: Context): Promise<ServicePrincipalEntry> {
  const base = {client_id: method.clientId, tenant: context.tenant!}
  if (method.certificate !== undefined) return {...base, certificate: absolutePath(method.certificate), ...(method.useCertSnIssuer ? {use_cert_sn_issuer: true} : {})}
  if (method.federatedToken !== undefined) return {...base, client_assertion: method.federatedToken}
  if (method.federatedTokenSource !== undefined) return base
  return {...base, client_secret: method.secret ?? (await askPassword(context.terminal))}
}

/** The source of new federated tokens, a file's path made absolute (later commands run elsewhere). */
function federatedTokenSource(method: ServicePrincipalMethod): FederatedTokenSource | undefined {
  const source = method.federatedTokenSource
  return source?.provider === 'file' ? {...source, path: absolutePath(source.path)} : source
}

/** A path as the shell would have expanded `~`, made absolute. */
function absolutePath(path: string): string {
  return resolve(path.replace(/^~(?=$|\/)/, homedir()))
}

/**
 * A spinner on stderr while subscriptions are found, on a terminal only. Not before the selector:
 * there az's "Retrieving … for the selection..." line already says it, and az shows nothing more.
 */
async function withProgress<T>(context: Context, work: () => Promise<T>): Promise<T> {
  if (!context.terminal.stderrIsTty || context.selectorWanted) return work()
  const {ux} = await import('@oclif/core/ux')
  ux.action.start('Retrieving tenants and subscriptions', undefined, {stdout: false})
  try {
    return await work()
  } finally {
    ux.action.stop()
  }
}
