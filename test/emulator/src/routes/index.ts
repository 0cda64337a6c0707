/** The route table, in matching order. */
import type {Route} from '../router.js'
import {cloudMetadataRoute, resourceGroupRoute, resourceGroupsRoute, subscriptionRoute, subscriptionsRoute, tenantsRoute} from './arm.js'
import {accessControlRoutes} from './access-control.js'
import {locationsRoute} from './arm-locations.js'
import {azurePipelinesOidcRoute, githubOidcRoute} from './ci-oidc.js'
import {controlRoutes} from './control.js'
import {credentialControlRoutes} from './credential-control.js'
import {deviceCodeRoute} from './entra-device-code.js'
import {instanceDiscoveryRoute, keysRoute, openIdConfigurationRoute, openIdConfigurationV1Route, userRealmRoute} from './entra-discovery.js'
import {authorizeRoute, deviceLoginPageRoute, deviceLoginSubmitRoute, loginRoute} from './entra-sign-in.js'
import {tokenRoute} from './entra-token.js'
import {appServiceRoute, imdsRoute} from './managed-identity.js'

export {CONTROL_PREFIX} from './control.js'

export const ROUTES: readonly Route[] = [
  ...controlRoutes,
  ...accessControlRoutes,
  ...credentialControlRoutes,
  instanceDiscoveryRoute,
  openIdConfigurationRoute,
  openIdConfigurationV1Route,
  keysRoute,
  userRealmRoute,
  authorizeRoute,
  loginRoute,
  deviceLoginPageRoute,
  deviceLoginSubmitRoute,
  deviceCodeRoute,
  tokenRoute,
  imdsRoute,
  appServiceRoute,
  cloudMetadataRoute,
  tenantsRoute,
  subscriptionsRoute,
  subscriptionRoute,
  resourceGroupsRoute,
  resourceGroupRoute,
  locationsRoute,
  githubOidcRoute,
  azurePipelinesOidcRoute,
]
