/**
 * The interactive side of Entra: `GET /{tenant}/oauth2/v2.0/authorize` (the sign-in page), the form
 * posts of every sign-in step (`POST /common/login`), and the device code pages (`/devicelogin`).
 * A finished browser sign-in answers with response_mode form_post (MSAL Node 7's loopback server
 * accepts nothing else) or a 302 with the code in the query (MSAL Python) or fragment.
 */
import {randomUUID} from 'node:crypto'
import {parseRequestedClaims} from '../conditional-access.js'
import type {EmulatorContext} from '../context.js'
import type {Authority} from '../directory.js'
import {html, redirect, type Reply, type Route, type RouteRequest} from '../router.js'
import type {TenantSeed, UserSeed} from '../seed.js'
import type {AuthorizeRequest, SignInFlow} from '../sign-in-flows.js'
import {deviceCodeEntryPage, deviceConfirmPage, deviceDonePage, errorPage, formPostPage, mfaPage, signInPage} from '../sign-in-pages.js'
import {clientInfo} from '../user-tokens.js'

const RESPONSE_MODES = new Set(['query', 'fragment', 'form_post'])

export const authorizeRoute: Route = {
  name: 'authorize',
  method: 'GET',
  pattern: /^\/([^/]+)\/oauth2\/v2\.0\/authorize\/?$/i,
  errorStyle: 'html',
  handle(request, context) {
    const query = request.url.searchParams
    const authority = context.directory.authority(request.params[0])
    const fail = (code: number, message: string) => html(400, errorPage({code, message, correlationId: request.correlationId}))
    if (!authority)
      return fail(
        90002,
        `Tenant '${request.params[0]}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      )
    const clientId = query.get('client_id')
    if (!clientId) return fail(900144, "The request body must contain the following parameter: 'client_id'.")
    if (!appName(context, clientId)) {
      return fail(700016, `Application with identifier '${clientId}' was not found in the directory '${directoryName(authority)}'.`)
    }

    const redirectUri = query.get('redirect_uri') ?? ''
    if (!isAllowedRedirectUri(redirectUri)) {
      return fail(
        50011,
        `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
      )
    }

    const responseMode = query.get('response_mode') ?? 'query'
    if (!RESPONSE_MODES.has(responseMode)) return fail(900144, `The response_mode '${responseMode}' is not supported.`)
    const authorize: AuthorizeRequest = {
      authoritySegment: authority.segment,
      clientId,
      redirectUri,
      responseMode: responseMode as AuthorizeRequest['responseMode'],
      scope: query.get('scope') ?? 'openid profile',
      state: query.get('state') ?? undefined,
      nonce: query.get('nonce') || undefined,
      codeChallenge: query.get('code_challenge') ?? undefined,
      codeChallengeMethod: query.get('code_challenge_method') ?? undefined,
      loginHint: query.get('login_hint') ?? undefined,
      claims: query.get('claims') ?? undefined,
      clientInfo: query.get('client_info') === '1',
    }
    if (!(query.get('response_type') ?? '').split(' ').includes('code')) {
      return authorizationError(authorize, 'unsupported_response_type', 'AADSTS700054: The response_type must include code.')
    }

    // The emulator keeps no browser session, so a silent sign-in always needs the person.
    if (query.get('prompt') === 'none') {
      return authorizationError(authorize, 'login_required', 'AADSTS50058: A silent sign-in request was sent but no user is signed in.')
    }

    const flow = context.signInFlows.start({kind: 'authorize', step: 'credentials', request: authorize})
    return credentialsPage(context, flow, authorize.loginHint)
  },
}

export const loginRoute: Route = {
  name: 'login',
  method: 'POST',
  pattern: /^\/common\/login\/?$/i,
  errorStyle: 'html',
  handle(request, context) {
    const flow = context.signInFlows.get(request.form.get('flowToken') ?? '')
    if (!flow) {
      return html(
        400,
        errorPage({
          code: 50089,
          message: 'Authentication failed due to flow token expired. Start the sign-in again.',
          correlationId: request.correlationId,
        }),
      )
    }

    const cancelled = request.form.get('action') === 'cancel'
    if (cancelled) return cancel(context, flow)
    if (flow.step === 'confirm') {
      flow.step = 'credentials'
      return credentialsPage(context, flow)
    }

    if (flow.step !== 'mfa') return checkCredentials(context, request, flow)
    const user = context.directory.userById(flow.userId ?? '')
    if (!user) return html(400, errorPage({code: 50034, message: 'The user account does not exist.', correlationId: request.correlationId}))
    return finish(context, request, flow, user, true)
  },
}

export const deviceLoginPageRoute: Route = {
  name: 'devicelogin',
  method: 'GET',
  pattern: /^\/devicelogin\/?$/i,
  errorStyle: 'html',
  handle(request) {
    return html(200, deviceCodeEntryPage({code: request.url.searchParams.get('otc') ?? undefined}))
  },
}

export const deviceLoginSubmitRoute: Route = {
  name: 'devicelogin',
  method: 'POST',
  pattern: /^\/devicelogin\/?$/i,
  errorStyle: 'html',
  handle(request, context) {
    const typed = request.form.get('otc') ?? ''
    const grant = context.deviceCodes.byUserCode(typed)
    if (!grant || grant.status !== 'pending') {
      return html(200, deviceCodeEntryPage({code: typed, error: "That code didn't work. Check the code and try again."}))
    }

    if (context.deviceCodes.isExpired(grant)) {
      return html(
        200,
        deviceCodeEntryPage({
          code: typed,
          error: "The code you entered has expired. Get a new code from the device you're trying to sign in to and try again.",
        }),
      )
    }

    const flow = context.signInFlows.start({kind: 'device', step: 'confirm', userCode: grant.userCode})
    return html(200, deviceConfirmPage({flowToken: flow.id, appName: appName(context, grant.clientId) ?? grant.clientId}))
  },
}

function checkCredentials(context: EmulatorContext, request: RouteRequest, flow: SignInFlow): Reply {
  const username = request.form.get('username') ?? ''
  const user = context.directory.user(username)
  if (!user)
    return credentialsPage(
      context,
      flow,
      username,
      'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.',
    )
  if (user.password !== (request.form.get('password') ?? '')) {
    return credentialsPage(context, flow, username, "Your account or password is incorrect. If you don't remember your password, reset it now.")
  }

  const tenant = targetTenant(context, flow, user)
  if (!tenant) {
    const authority = flowAuthority(context, flow)
    return credentialsPage(
      context,
      flow,
      username,
      `AADSTS50020: User account '${user.username}' does not exist in tenant '${authority ? directoryName(authority) : ''}'.`,
    )
  }

  // A tenant that demands MFA, or claims asking for an authentication context (a step-up).
  if (tenant.requireMfa || (flow.kind === 'authorize' && parseRequestedClaims(flow.request.claims ?? null).acrs.length > 0)) {
    flow.step = 'mfa'
    flow.userId = user.objectId
    return html(200, mfaPage({flowToken: flow.id, username: user.username, directoryName: tenant.displayName}))
  }

  return finish(context, request, flow, user, false)
}

/** The tenant the sign-in is for: the named one (if the person belongs to it) or the home tenant. */
function targetTenant(context: EmulatorContext, flow: SignInFlow, user: UserSeed): TenantSeed | undefined {
  const authority = flowAuthority(context, flow)
  if (!authority || authority.kind !== 'tenant') return context.directory.homeTenantOf(user)
  return context.directory.isMember(user, authority.tenant) ? authority.tenant : undefined
}

function flowAuthority(context: EmulatorContext, flow: SignInFlow): Authority | undefined {
  const segment = flow.kind === 'authorize' ? flow.request.authoritySegment : context.deviceCodes.byUserCode(flow.userCode)?.authoritySegment
  return segment === undefined ? undefined : context.directory.authority(segment)
}

function finish(context: EmulatorContext, request: RouteRequest, flow: SignInFlow, user: UserSeed, mfa: boolean): Reply {
  context.signInFlows.end(flow)
  if (flow.kind === 'device') {
    const grant = context.deviceCodes.byUserCode(flow.userCode)
    if (!grant || context.deviceCodes.isExpired(grant)) {
      return html(200, errorPage({code: 70019, message: 'Verification code expired.', correlationId: request.correlationId}))
    }

    context.deviceCodes.approve(grant, user.objectId, mfa)
    return html(200, deviceDonePage({appName: appName(context, grant.clientId) ?? grant.clientId, approved: true}))
  }

  const authorize = flow.request
  const code = context.authorizationCodes.issue({
    clientId: authorize.clientId,
    redirectUri: authorize.redirectUri,
    scope: authorize.scope,
    codeChallenge: authorize.codeChallenge,
    codeChallengeMethod: authorize.codeChallengeMethod,
    nonce: authorize.nonce,
    userId: user.objectId,
    mfa,
  })
  const fields: Record<string, string> = {code}
  if (authorize.state !== undefined) fields.state = authorize.state
  if (authorize.clientInfo) fields.client_info = clientInfo(user)
  fields.session_state = randomUUID()
  return authorizationResponse(authorize, fields)
}

function cancel(context: EmulatorContext, flow: SignInFlow): Reply {
  context.signInFlows.end(flow)
  if (flow.kind === 'device') {
    const grant = context.deviceCodes.byUserCode(flow.userCode)
    if (grant) context.deviceCodes.decline(grant)
    return html(200, deviceDonePage({appName: grant ? (appName(context, grant.clientId) ?? grant.clientId) : 'the application', approved: false}))
  }

  return authorizationError(flow.request, 'access_denied', 'AADSTS65004: User declined to consent to access the app.')
}

function credentialsPage(context: EmulatorContext, flow: SignInFlow, username?: string, error?: string): Reply {
  const authority = flowAuthority(context, flow)
  const users =
    authority?.kind === 'tenant' ? context.seed.users.filter((user) => context.directory.isMember(user, authority.tenant)) : context.seed.users
  const clientId = flow.kind === 'authorize' ? flow.request.clientId : (context.deviceCodes.byUserCode(flow.userCode)?.clientId ?? '')
  return html(
    200,
    signInPage({
      flowToken: flow.id,
      appName: appName(context, clientId) ?? clientId,
      directoryName: authority ? directoryName(authority) : '',
      accounts: users.map((user) => ({username: user.username, displayName: user.displayName})),
      username,
      error,
    }),
  )
}

function authorizationError(authorize: AuthorizeRequest, error: string, description: string): Reply {
  const fields: Record<string, string> = {error, error_description: description}
  if (authorize.state !== undefined) fields.state = authorize.state
  return authorizationResponse(authorize, fields)
}

function authorizationResponse(authorize: AuthorizeRequest, fields: Record<string, string>): Reply {
  if (authorize.responseMode === 'form_post') return html(200, formPostPage(authorize.redirectUri, fields))
  const parameters = new URLSearchParams(fields).toString()
  if (authorize.responseMode === 'fragment') return redirect(`${authorize.redirectUri}#${parameters}`)
  return redirect(`${authorize.redirectUri}${authorize.redirectUri.includes('?') ? '&' : '?'}${parameters}`)
}

function appName(context: EmulatorContext, clientId: string): string | undefined {
  return context.directory.publicClient(clientId)?.displayName ?? context.directory.servicePrincipal(clientId)?.displayName
}

function directoryName(authority: Authority): string {
  return authority.kind === 'tenant' ? authority.tenant.displayName : authority.segment
}

/** Native clients redirect to a loopback address on any port, or to the "nativeclient" page. */
function isAllowedRedirectUri(uri: string): boolean {
  try {
    const url = new URL(uri)
    if (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return true
    return url.href.toLowerCase().startsWith('https://login.microsoftonline.com/common/oauth2/nativeclient')
  } catch {
    return false
  }
}
