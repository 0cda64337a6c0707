/**
 * The subscription a command acts on, with everything an Azure SDK client needs for it: the
 * subscription and tenant IDs, the active cloud's endpoints, a credential for the account that
 * signed in to it, and ready-made options for ARM clients.
 */
import type {Cloud} from '../clouds/cloud.js'
import {requiredEndpoint} from '../clouds/endpoints.js'
import {AzxCredential} from '../credential/token-credential.js'
import type {StoredSubscription, SubscriptionUser} from '../profile/types.js'
import {service} from '../registry/index.js'
import type {SdkHttpClient} from '../azure-sdk/http-client.js'

/**
 * Options for any Azure Resource Manager SDK client
 * (`new XxxManagementClient(credential, subscriptionId, armClientOptions)`): the active cloud's
 * endpoint and token scope, az's user agent, and azx's HTTP client.
 */
export interface ArmClientOptions {
  /** The cloud's resource manager endpoint, without a trailing slash. */
  endpoint: string
  /** `<active_directory_resource_id>/.default`, as az asks for ARM tokens. */
  credentialScopes: string[]
  /** `AZURECLI/azx-<version> …`, put before the SDK's own user agent. */
  userAgentOptions: {userAgentPrefix: string}
  /** Requests go through azx's `http` service (proxies, CA bundle, `--debug`). */
  httpClient: SdkHttpClient
}

/** What {@link resolveSubscriptionContext} hands a command. */
export interface SubscriptionContext {
  /** The subscription's ID (a GUID). */
  readonly subscriptionId: string
  /** The subscription's display name. */
  readonly subscriptionName: string
  /** The subscription's tenant: the one tokens are requested for. */
  readonly tenantId: string
  /** Who signed in to it: a user name, a service principal's client ID or a managed identity. */
  readonly user: SubscriptionUser
  /** The active cloud, with its endpoints by az's snake_case names. */
  readonly cloud: Cloud
  /** A credential for the account, bound to this subscription and its tenant. */
  readonly credential: AzxCredential
  /** Options to pass to ARM SDK clients, next to {@link SubscriptionContext.credential}. */
  readonly armClientOptions: ArmClientOptions
  /** The subscription as stored in azureProfile.json. */
  readonly subscription: StoredSubscription
}

/**
 * The subscription `idOrName` names (ID or name, any casing), or the default subscription of the
 * active cloud, with az's errors: "Please run 'az login' to setup account." when nothing is
 * stored, "Subscription 'x' not found…" for a name that matches none, and a list of IDs when a name
 * matches several (all exit 1). In a command, `this.subscriptionContext()` passes `--subscription`.
 *
 * Environment: `AZURE_CONFIG_DIR`; for the SDK client's requests, the `http` service's variables.
 */
export async function resolveSubscriptionContext(idOrName?: string): Promise<SubscriptionContext> {
  const [profile, clouds] = await Promise.all([service('profile'), service('clouds')])
  const [subscription, cloud] = await Promise.all([profile.getSubscription(idOrName), clouds.activeCloud()])
  const resourceManager = requiredEndpoint(cloud, 'resource_manager')
  const armResource = requiredEndpoint(cloud, 'active_directory_resource_id')
  const [{armUserAgent}, {resourceToScopes}, {sdkHttpClient}] = await Promise.all([
    import('../http/arm.js'),
    import('../identity/scopes.js'),
    import('../azure-sdk/http-client.js'),
  ])
  return {
    armClientOptions: {
      credentialScopes: resourceToScopes(armResource),
      endpoint: resourceManager.replace(/\/+$/, ''),
      httpClient: sdkHttpClient(),
      userAgentOptions: {userAgentPrefix: armUserAgent()},
    },
    cloud,
    credential: new AzxCredential({subscription}),
    subscription,
    subscriptionId: subscription.id,
    subscriptionName: subscription.name,
    tenantId: subscription.tenantId,
    user: subscription.user,
  }
}
