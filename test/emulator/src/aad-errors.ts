/**
 * Entra ID's OAuth error responses: `error`, an `error_description` that starts with the AADSTS code
 * and ends with the Trace ID / Correlation ID / Timestamp lines, `error_codes`, and the ids again.
 * Clients show the description to people, so the texts follow Entra's.
 */
import {randomUUID} from 'node:crypto'
import type {EmulatorContext} from './context.js'
import {json, type Reply, type RouteRequest} from './router.js'

export interface AadErrorSpec {
  status?: number
  error: string
  code: number
  message: string
  suberror?: string
  claims?: string
}

function aadTimestamp(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z')
}

export function aadError(context: EmulatorContext, request: RouteRequest, spec: AadErrorSpec): Reply {
  const traceId = randomUUID()
  const timestamp = aadTimestamp(context.clock.nowMs())
  const description = [
    `AADSTS${spec.code}: ${spec.message}`,
    `Trace ID: ${traceId}`,
    `Correlation ID: ${request.correlationId}`,
    `Timestamp: ${timestamp}`,
  ].join('\r\n')
  const body: Record<string, unknown> = {
    error: spec.error,
    error_description: description,
    error_codes: [spec.code],
    timestamp,
    trace_id: traceId,
    correlation_id: request.correlationId,
    error_uri: `${context.baseUrl}/error?code=${spec.code}`,
  }
  if (spec.suberror) body.suberror = spec.suberror
  if (spec.claims) body.claims = spec.claims
  return json(spec.status ?? 400, body, {'cache-control': 'no-store, no-cache', pragma: 'no-cache'})
}

/** The AADSTS errors the emulator produces, by situation. */
export const AADSTS = {
  tenantNotFound: (tenant: string): AadErrorSpec => ({
    error: 'invalid_tenant',
    code: 90002,
    message:
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. ` +
      'Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.',
  }),
  missingParameter: (name: string): AadErrorSpec => ({
    error: 'invalid_request',
    code: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrantType: (grant: string): AadErrorSpec => ({
    error: 'unsupported_grant_type',
    code: 70003,
    message: `The app requested an unsupported grant type '${grant}'.`,
  }),
  applicationNotFound: (clientId: string, directory: string): AadErrorSpec => ({
    error: 'unauthorized_client',
    code: 700016,
    message:
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. ` +
      'This can happen if the application has not been installed by the administrator of the tenant or consented ' +
      'to by any user in the tenant. You may have sent your authentication request to the wrong tenant.',
  }),
  credentialsRequired: (): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  publicClientWithCredentials: (): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700025,
    message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
  }),
  invalidClientSecret: (appId: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    message:
      'Invalid client secret provided. Ensure the secret being sent in the request is the ' +
      `client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
  }),
  invalidAssertion: (reason: string): AadErrorSpec => ({status: 401, error: 'invalid_client', code: 700027, message: reason}),
  assertionTimeRange: (now: number, expiry: unknown): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700024,
    message:
      `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}, ` +
      `expiry time of assertion ${typeof expiry === 'number' ? new Date(expiry * 1000).toISOString() : 'unknown'}.`,
  }),
  noFederatedIssuer: (issuer: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700211,
    message:
      `No matching federated identity record found for presented assertion issuer '${issuer}'. ` +
      'Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.',
  }),
  noFederatedAudience: (audience: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 700212,
    message: `No matching federated identity record found for presented assertion audience '${audience}'.`,
  }),
  noFederatedSubject: (issuer: string, subject: string, audience: string): AadErrorSpec => ({
    status: 401,
    error: 'invalid_client',
    code: 70021,
    message:
      'No matching federated identity record found for presented assertion. Assertion Issuer: ' +
      `'${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audience}'.`,
  }),
  noTenantForClientCredentials: (): AadErrorSpec => ({
    error: 'invalid_request',
    code: 50059,
    message: 'No tenant-identifying information found in either the request or implied by any provided credentials.',
  }),
  scopeMustBeDefault: (scope: string): AadErrorSpec => ({
    error: 'invalid_scope',
    code: 1002012,
    message:
      `The provided value for scope ${scope} is not valid. Client credential flows must have ` +
      'a scope value with /.default suffixed to the resource identifier (application ID URI).',
  }),
  multipleResources: (): AadErrorSpec => ({
    error: 'invalid_scope',
    code: 28000,
    message: 'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scopes} is not valid.',
  }),
  invalidCredentials: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 50126,
    message: 'Error validating credentials due to invalid username or password.',
  }),
  userNotFound: (tenantName: string): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 50034,
    message:
      `The user account {EUII Hidden} does not exist in the ${tenantName} directory. ` +
      'To sign into this application, the account must be added to the directory.',
  }),
  userNotInTenant: (username: string, tenantName: string): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 50020,
    message:
      `User account '${username}' from identity provider 'live.com' does not exist in tenant '${tenantName}' ` +
      'and cannot access the application in that tenant. The account needs to be added as an external user ' +
      'in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.',
  }),
  mfaRequired: (resource: string): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 50076,
    suberror: 'basic_action',
    message:
      'Due to a configuration change made by your administrator, or because you moved to ' +
      `a new location, you must use multi-factor authentication to access '${resource}'.`,
    claims: JSON.stringify({access_token: {capolids: {essential: true, values: ['emulator-require-mfa']}}}),
  }),
  conditionalAccessBlocked: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 53003,
    message: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  }),
  authorizationCodeInvalid: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 70000,
    message: "The provided value for the 'code' parameter is not valid.",
  }),
  authorizationCodeExpired: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 70008,
    message:
      'The provided authorization code or refresh token has expired due to inactivity. ' +
      'Send a new interactive authorization request for this user and resource.',
  }),
  authorizationCodeRedeemed: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 54005,
    message: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  }),
  redirectUriMismatch: (sent: string, original: string): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 500112,
    message: `The reply address '${sent}' does not match the reply address '${original}' provided when requesting Authorization code.`,
  }),
  codeVerifierMismatch: (): AadErrorSpec => ({
    error: 'invalid_grant',
    code: 501481,
    message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  }),
  refreshTokenMalformed: (): AadErrorSpec => ({error: 'invalid_grant', code: 9002313, message: 'Invalid request. Request is malformed or invalid.'}),
  refreshTokenExpired: (issued: number): AadErrorSpec => ({
    error: 'invalid_grant',
    suberror: 'bad_token',
    code: 700082,
    message:
      'The refresh token has expired due to inactivity. The token was issued ' +
      `on ${new Date(issued).toISOString()} and was inactive for 90.00:00:00.`,
  }),
  refreshTokenRedeemed: (redeemed: number): AadErrorSpec => ({
    error: 'invalid_grant',
    suberror: 'bad_token',
    code: 70000,
    message:
      `The provided value for the 'refresh_token' is not valid: it was already exchanged ` +
      `for a new one on ${new Date(redeemed).toISOString()}. Send the newest refresh token.`,
  }),
  refreshTokenRevoked: (issued: number, revokedBefore: number): AadErrorSpec => ({
    error: 'invalid_grant',
    suberror: 'bad_token',
    code: 50173,
    message:
      'The provided grant has expired due to it being revoked, a fresh auth token is needed. ' +
      `The user might have changed or reset their password. The grant was issued on '${new Date(issued).toISOString()}' ` +
      `and the TokenIssuedBefore time is '${new Date(revokedBefore).toISOString()}'.`,
  }),
  authorizationPending: (): AadErrorSpec => ({
    error: 'authorization_pending',
    code: 70016,
    message: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
  }),
  // Entra documents slow_down and authorization_declined without a code; these codes are the emulator's choice.
  slowDown: (): AadErrorSpec => ({error: 'slow_down', code: 70016, message: 'OAuth 2.0 device flow error. Polling too frequently, slow down.'}),
  authorizationDeclined: (): AadErrorSpec => ({
    error: 'authorization_declined',
    code: 70000,
    message: 'The end user declined the authorization request.',
  }),
  deviceCodeExpired: (): AadErrorSpec => ({error: 'expired_token', code: 70019, message: 'Verification code expired.'}),
  transientError: (): AadErrorSpec => ({
    status: 503,
    error: 'temporarily_unavailable',
    code: 90033,
    message: 'A transient error has occurred. Please try again.',
  }),
  deviceCodeUnknown: (): AadErrorSpec => ({error: 'bad_verification_code', code: 70018, message: 'Invalid verification code.'}),
}
