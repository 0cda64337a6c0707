/**
 * What `az login` asks of @azx/core/auth that reaches beyond this process: Entra ID and ARM, MSAL's
 * token cache, the stored service principal credentials, the browser and the person at the
 * terminal. signIn takes them as one argument, so unit tests hand in fakes; the CLI, these.
 */
import * as coreAuth from '@azx/core/auth'

export type SignInAuth = Pick<
  typeof coreAuth,
  | 'canLaunchBrowser'
  | 'discoverSubscriptions'
  | 'getManagedIdentityToken'
  | 'getServicePrincipalToken'
  | 'getUserToken'
  | 'loadNativeBroker'
  | 'proveServicePrincipal'
  | 'resolveTenant'
  | 'runSubscriptionSelector'
  | 'saveServicePrincipal'
  | 'signInWithBrowser'
  | 'signInWithDeviceCode'
  | 'signInWithPassword'
  | 'skipDiscovery'
>

export const CORE_AUTH: SignInAuth = coreAuth
