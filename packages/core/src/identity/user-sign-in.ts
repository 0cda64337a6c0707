/**
 * Signing a user in: in a browser (auth code + PKCE on a loopback listener), through the Windows
 * broker, with a device code, or with a username and password. Each returns the MSAL result; the
 * tokens are in the shared cache by then.
 */
import {randomBytes} from 'node:crypto'

import type {AuthenticationResult, INativeBrokerPlugin, PublicClientApplication} from '@azure/msal-node'

import type {Cloud} from '../clouds/index.js'
import {CommandError} from '../errors/index.js'
import type {AzError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {openBrowser} from './browser.js'
import {createPublicClient} from './clients.js'
import {DeviceCodePollingClient} from './device-code.js'
import {toCommandError} from './msal-errors.js'
import {loadMsal} from './msal.js'
import {FAILURE_PAGE, SUCCESS_PAGE} from './pages.js'
import {RedirectListener} from './redirect-listener.js'

export interface UserSignInOptions {
  cloud: Cloud
  /** A tenant ID; `organizations` when none. */
  tenant?: string
  scopes: string[]
}

/** Interactive sign-ins may carry the claims (JSON) a resource asked for in a claims challenge. */
export interface InteractiveSignInOptions extends UserSignInOptions {
  claims?: string
}

/** The authorize endpoint without its query, as az names it in its message. */
function authorizeEndpoint(url: string): string {
  const parsed = new URL(url)
  return `${parsed.origin}${parsed.pathname}`
}

/**
 * The browser sign-in: auth code + PKCE, the answer delivered by form POST to azx's own loopback
 * listener (see RedirectListener). With the Windows broker, MSAL hands the whole sign-in to WAM.
 */
export async function signInWithBrowser(
  options: InteractiveSignInOptions & {broker?: INativeBrokerPlugin; loginHint?: string},
): Promise<AuthenticationResult> {
  const {app, network} = await createPublicClient(options.cloud, options.tenant, {broker: options.broker})
  const request = {
    ...(options.claims ? {claims: options.claims} : {}),
    ...(options.loginHint ? {loginHint: options.loginHint} : {}),
    prompt: 'select_account',
    scopes: options.scopes,
  }
  try {
    if (options.broker) return await app.acquireTokenInteractive({...request, openBrowser: openSignInPage})
    return await signInThroughLoopback(app, request)
  } catch (error) {
    throw toCommandError(error, network, {tenant: options.tenant})
  }
}

interface InteractiveRequest {
  /** The claims of a claims challenge, asked for at /authorize and at the token endpoint. */
  claims?: string
  loginHint?: string
  prompt: string
  scopes: string[]
}

/** Interactive sign-ins may carry the claims (JSON) a resource asked for in a claims challenge. */
export interface InteractiveSignInOptions extends UserSignInOptions {
  claims?: string
}

/** What MSAL's acquireTokenInteractive does without a broker, with a listener that takes only this sign-in's redirect. */
async function signInThroughLoopback(app: PublicClientApplication, request: InteractiveRequest): Promise<AuthenticationResult> {
  const {CryptoProvider, ResponseMode, ServerError} = loadMsal()
  const crypto = new CryptoProvider()
  const {challenge, verifier} = await crypto.generatePkceCodes()
  const correlationId = crypto.createNewGuid()
  const state = randomBytes(32).toString('base64url')
  const listener = await RedirectListener.start({failurePage: FAILURE_PAGE, state, successPage: SUCCESS_PAGE})
  try {
    const {redirectUri} = listener
    const url = await app.getAuthCodeUrl({
      ...request,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      correlationId,
      redirectUri,
      responseMode: ResponseMode.FORM_POST,
      state,
    })
    await openSignInPage(url)
    const response = await listener.response
    // Entra ID's error, raised as MSAL raises it, so it is reported as every other sign-in error.
    if ('error' in response) throw new ServerError(response.error, correlationId, response.description, response.suberror)
    const claims = request.claims ? {claims: request.claims} : {}
    return await app.acquireTokenByCode({
      ...claims,
      clientInfo: response.clientInfo,
      code: response.code,
      codeVerifier: verifier,
      correlationId,
      redirectUri,
      scopes: request.scopes,
    })
  } finally {
    listener.close()
  }
}

async function openSignInPage(url: string): Promise<void> {
  log().warning(
    `A web browser has been opened at ${authorizeEndpoint(url)}. Please continue the login in the web browser. ` +
      `If no web browser is available or if the web browser fails to open, use device code flow with \`az login --use-device-code\`.`,
  )
  await openBrowser(url)
}

/** A device code sign-in that Entra ID ended: Conditional Access advice when it refused the flow, else a new code. */
function deviceCodeFailure(failure: {error: string; error_description?: string}, error: unknown, tenant: string | undefined): AzError {
  const refused = toCommandError({errorCode: failure.error, errorMessage: failure.error_description ?? failure.error}, undefined, {
    deviceCode: true,
    tenant,
  })
  if (refused.recommendations.length > 0) return refused
  return new CommandError(refused.message, {cause: error, recommendations: ['Run `az login --use-device-code` again to get a new code.']})
}

/**
 * The device code flow: Entra ID's message goes to stderr verbatim (styled as a warning, without a
 * prefix, as az prints it); Ctrl-C stops the polling and the command exits 1 with nothing written.
 */
export async function signInWithDeviceCode(options: InteractiveSignInOptions): Promise<AuthenticationResult> {
  let polling: DeviceCodePollingClient | undefined
  const {app, network} = await createPublicClient(options.cloud, options.tenant, {
    wrapNetwork: (inner) => (polling = new DeviceCodePollingClient(inner)),
  })
  const request = {
    ...(options.claims ? {claims: options.claims} : {}),
    cancel: false,
    deviceCodeCallback: (response: {message: string}) => log().styled(response.message),
    scopes: options.scopes,
  }
  const cancel = () => {
    request.cancel = true
  }

  process.once('SIGINT', cancel)
  try {
    const result = await app.acquireTokenByDeviceCode(request)
    if (!result) throw new CommandError('The device code sign-in returned no token.', {recommendations: ['Run `az login --use-device-code` again.']})
    return result
  } catch (error) {
    if (request.cancel) throw new CommandError('The sign-in was cancelled.')
    const failure = polling?.lastError
    if (failure) throw deviceCodeFailure(failure, error, options.tenant)
    throw toCommandError(error, network, {deviceCode: true, tenant: options.tenant})
  } finally {
    process.removeListener('SIGINT', cancel)
  }
}

export async function signInWithPassword(options: UserSignInOptions & {password: string; username: string}): Promise<AuthenticationResult> {
  const {app, network} = await createPublicClient(options.cloud, options.tenant)
  try {
    const result = await app.acquireTokenByUsernamePassword({password: options.password, scopes: options.scopes, username: options.username})
    if (!result) throw new CommandError(`No token was returned for '${options.username}'.`)
    return result
  } catch (error) {
    throw toCommandError(error, network, {tenant: options.tenant})
  }
}
