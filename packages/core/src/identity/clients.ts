/**
 * MSAL applications, built the same way for every flow: the shared token cache, our network
 * client (proxies, CA trust, retries, redacted `--debug` lines), MSAL's log in `--debug`, az's
 * client capabilities, and static authority metadata so cached tokens need no network.
 */
import type {
  ConfidentialClientApplication,
  Configuration,
  INativeBrokerPlugin,
  INetworkModule,
  ManagedIdentityApplication,
  ManagedIdentityIdParams,
  PublicClientApplication,
} from '@azure/msal-node'

import {requiredEndpoint} from '../clouds/endpoints.js'
import type {Cloud} from '../clouds/index.js'
import {createMsalNetworkClient} from '../http/index.js'
import type {MsalNetworkClient, MsalNetworkClientOptions} from '../http/index.js'
import {log} from '../logger/index.js'
import {service} from '../registry/index.js'
import {authorityOptions} from './authority.js'
import {loadMsal} from './msal.js'
import {AZURE_CLI_CLIENT_ID, clientCapabilities} from './scopes.js'

/** The client credential of a service principal, as MSAL takes it (an assertion, or a function MSAL calls for one). */
export type ClientCredential =
  | {clientAssertion: string | (() => Promise<string>)}
  | {clientCertificate: {privateKey: string; thumbprintSha256: string; x5c?: string}}
  | {clientSecret: string}

/** The Entra ID endpoint of a cloud; every sign-in needs one. */
export function activeDirectoryOf(cloud: Cloud): string {
  return requiredEndpoint(cloud, 'active_directory')
}

function systemOptions(networkClient: INetworkModule): NonNullable<Configuration['system']> {
  const {LogLevel} = loadMsal()
  const logger = log()
  return {
    loggerOptions: {
      logLevel: logger.debugEnabled ? LogLevel.Verbose : LogLevel.Error,
      loggerCallback: (_level, message) => logger.debug('msal', message),
      piiLoggingEnabled: false,
    },
    networkClient,
  }
}

interface MsalClient<T> {
  app: T
  /** Why the last request failed without a response, for a clearer error than MSAL's. */
  network: MsalNetworkClient
}

interface ClientOptions {
  /**
   * Wraps the network client: the device code flow absorbs `slow_down` this way, and silent
   * acquisitions close the token endpoint until the cache has been tried (cache-first.ts).
   */
  wrapNetwork?: (network: INetworkModule) => INetworkModule
  /** Keep the tokens MSAL receives in memory only: the cache file is read, never written (`az account status`). */
  readOnlyCache?: boolean
}

interface PublicClientOptions extends ClientOptions {
  /** The Windows broker, for interactive sign-in through WAM. */
  broker?: INativeBrokerPlugin
}

/** A public client (users) for a cloud and tenant (`organizations` when none). */
export async function createPublicClient(
  cloud: Cloud,
  tenant?: string,
  options: PublicClientOptions = {},
): Promise<MsalClient<PublicClientApplication>> {
  const {PublicClientApplication} = loadMsal()
  const network = createMsalNetworkClient()
  const cache = await service('token-cache')
  const app = new PublicClientApplication({
    auth: {...authorityOptions(activeDirectoryOf(cloud), tenant), clientCapabilities: clientCapabilities(), clientId: AZURE_CLI_CLIENT_ID},
    ...(options.broker ? {broker: {nativeBrokerPlugin: options.broker}} : {}),
    cache: {cachePlugin: options.readOnlyCache ? cache.readOnlyCachePlugin() : cache.cachePlugin()},
    system: systemOptions(options.wrapNetwork ? options.wrapNetwork(network) : network),
  })
  return {app, network}
}

/** A confidential client (a service principal) for a cloud and tenant. */
export async function createConfidentialClient(
  cloud: Cloud,
  clientId: string,
  tenant: string,
  credential: ClientCredential,
  options: ClientOptions = {},
): Promise<MsalClient<ConfidentialClientApplication>> {
  const {ConfidentialClientApplication} = loadMsal()
  const network = createMsalNetworkClient()
  const cache = await service('token-cache')
  const app = new ConfidentialClientApplication({
    auth: {...authorityOptions(activeDirectoryOf(cloud), tenant), ...credential, clientCapabilities: clientCapabilities(), clientId},
    cache: {cachePlugin: options.readOnlyCache ? cache.readOnlyCachePlugin() : cache.cachePlugin()},
    system: systemOptions(options.wrapNetwork ? options.wrapNetwork(network) : network),
  })
  return {app, network}
}

/** A managed identity client: IMDS, or the App Service endpoint when `IDENTITY_ENDPOINT` is set. */
export function createManagedIdentityClient(
  idParams: ManagedIdentityIdParams,
  networkOptions: MsalNetworkClientOptions = {},
): MsalClient<ManagedIdentityApplication> {
  const {ManagedIdentityApplication} = loadMsal()
  const network = createMsalNetworkClient(networkOptions)
  const app = new ManagedIdentityApplication({
    clientCapabilities: clientCapabilities(),
    managedIdentityIdParams: idParams,
    system: systemOptions(network),
  })
  return {app, network}
}
