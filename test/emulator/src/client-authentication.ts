/**
 * Who is calling the token endpoint: a public client (no credential), or a service principal
 * proving itself with a secret, a certificate-signed assertion (RS256 + x5t, PS256 + x5t#S256, or
 * x5c), or a federated assertion from a trusted issuer that matches one of its federated credentials.
 */
import {timingSafeEqual} from 'node:crypto'
import {AADSTS, type AadErrorSpec} from './aad-errors.js'
import type {EmulatorContext} from './context.js'
import {certificateExpired, hasExpired, secretExpired} from './credential-expiry.js'
import type {Authority} from './directory.js'
import {decodeJwt, thumbprint, verifySignature, type DecodedJwt} from './jwt.js'
import type {RouteRequest} from './router.js'
import type {PublicClientSeed, ServicePrincipalSeed} from './seed.js'

const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const DEFAULT_FEDERATED_AUDIENCE = 'api://AzureADTokenExchange'
const CLOCK_SKEW_SECONDS = 300

type ClientAuthentication =
  | {kind: 'public'; clientId: string; client: PublicClientSeed}
  | {kind: 'confidential'; clientId: string; servicePrincipal: ServicePrincipalSeed; method: 'secret' | 'certificate' | 'federated'}
  | {error: AadErrorSpec}

/** The client id and secret from the form or from HTTP Basic authentication. */
function clientCredentialsOf(request: RouteRequest): {clientId?: string; secret?: string} {
  const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':')
    return {clientId: decodeURIComponent(id ?? ''), secret: secret === undefined ? undefined : decodeURIComponent(secret)}
  }

  return {clientId: request.form.get('client_id') ?? undefined, secret: request.form.get('client_secret') ?? undefined}
}

export function authenticateClient(
  context: EmulatorContext,
  request: RouteRequest,
  authority: Authority,
  options: {confidentialOnly: boolean},
): ClientAuthentication {
  const {clientId, secret} = clientCredentialsOf(request)
  if (!clientId) return {error: AADSTS.missingParameter('client_id')}
  const assertion = request.form.get('client_assertion') ?? undefined
  const publicClient = context.directory.publicClient(clientId)
  if (publicClient) {
    if (secret !== undefined || assertion !== undefined) return {error: AADSTS.publicClientWithCredentials()}
    if (options.confidentialOnly) return {error: AADSTS.credentialsRequired()}
    return {kind: 'public', clientId, client: publicClient}
  }

  if (options.confidentialOnly && authority.kind !== 'tenant') return {error: AADSTS.noTenantForClientCredentials()}
  const servicePrincipal = context.directory.servicePrincipal(clientId)
  const directoryName = authority.kind === 'tenant' ? authority.tenant.displayName : authority.segment
  if (!servicePrincipal || (authority.kind === 'tenant' && servicePrincipal.tenant.toLowerCase() !== authority.tenant.id.toLowerCase())) {
    return {error: AADSTS.applicationNotFound(clientId, directoryName)}
  }

  if (secret !== undefined) {
    if (!servicePrincipal.secret || !sameSecret(secret, servicePrincipal.secret)) return {error: AADSTS.invalidClientSecret(servicePrincipal.appId)}
    if (hasExpired(context.clock, servicePrincipal, 'secret')) return {error: secretExpired(servicePrincipal.appId)}
    return {kind: 'confidential', clientId, servicePrincipal, method: 'secret'}
  }

  if (assertion === undefined) return {error: AADSTS.credentialsRequired()}
  if (request.form.get('client_assertion_type') !== JWT_BEARER_ASSERTION) {
    return {error: AADSTS.invalidAssertion(`The client_assertion_type must be '${JWT_BEARER_ASSERTION}'.`)}
  }

  const jwt = decodeJwt(assertion)
  if (!jwt) return {error: AADSTS.invalidAssertion('Client assertion is not a valid JWT.')}
  const problem =
    jwt.claims.iss === servicePrincipal.appId
      ? checkCertificateAssertion(context, request, authority, servicePrincipal, jwt)
      : checkFederatedAssertion(context, servicePrincipal, jwt)
  if (problem) return {error: problem}
  return {kind: 'confidential', clientId, servicePrincipal, method: jwt.claims.iss === servicePrincipal.appId ? 'certificate' : 'federated'}
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function checkCertificateAssertion(
  context: EmulatorContext,
  request: RouteRequest,
  authority: Authority,
  servicePrincipal: ServicePrincipalSeed,
  jwt: DecodedJwt,
): AadErrorSpec | undefined {
  const certificate = context.clientCertificates.get(servicePrincipal.appId.toLowerCase())
  const header = jwt.header
  // MSAL Python pads x5t with '=', Node's base64url does not: compare without padding.
  const presented = (value: unknown) => (typeof value === 'string' ? value.replace(/=+$/, '') : undefined)
  let presentedThumbprint: string | undefined
  let matches: boolean
  if (header['x5t#S256'] !== undefined) {
    presentedThumbprint = presented(header['x5t#S256'])
    matches = certificate !== undefined && presentedThumbprint === thumbprint(certificate.der, 'sha256')
  } else if (header.x5t !== undefined) {
    presentedThumbprint = presented(header.x5t)
    matches = certificate !== undefined && presentedThumbprint === thumbprint(certificate.der, 'sha1')
  } else if (Array.isArray(header.x5c) && typeof header.x5c[0] === 'string') {
    const der = Buffer.from(header.x5c[0], 'base64')
    presentedThumbprint = thumbprint(der, 'sha1')
    matches = certificate !== undefined && der.equals(certificate.der)
  } else {
    return AADSTS.invalidAssertion('The client assertion must carry an x5t, x5t#S256 or x5c header that identifies the certificate.')
  }

  if (!certificate || !matches) {
    const hex = presentedThumbprint ? Buffer.from(presentedThumbprint, 'base64url').toString('hex').toUpperCase() : 'unknown'
    return AADSTS.invalidAssertion(
      'The certificate with identifier used to sign the client assertion is not registered on application. ' +
        `[Reason - The key was not found., Thumbprint of key used by client: '${hex}', Please visit the Azure Portal, ` +
        `Graph Explorer or directly use MS Graph to see configured keys for app Id '${servicePrincipal.appId}'.]`,
    )
  }

  if (!verifySignature(jwt, certificate.publicKey)) return AADSTS.invalidAssertion('Client assertion failed signature validation.')
  if (hasExpired(context.clock, servicePrincipal, 'certificate')) return certificateExpired(servicePrincipal, certificate.thumbprint)
  if (jwt.claims.sub !== servicePrincipal.appId)
    return AADSTS.invalidAssertion("The 'sub' claim of the client assertion must be the application's client id.")
  if (!isTokenEndpointAudience(context, authority, jwt.claims.aud)) {
    return AADSTS.invalidAssertion(`The audience claim value is invalid '${String(jwt.claims.aud)}'. The audience must be the token endpoint.`)
  }

  return timeProblem(context, jwt)
}

function checkFederatedAssertion(context: EmulatorContext, servicePrincipal: ServicePrincipalSeed, jwt: DecodedJwt): AadErrorSpec | undefined {
  const issuer = String(jwt.claims.iss ?? '')
  const credentials = (servicePrincipal.federatedCredentials ?? []).filter((credential) => credential.issuer === issuer)
  const keys = context.federatedIssuers.get(issuer)
  if (!keys || credentials.length === 0) return AADSTS.noFederatedIssuer(issuer)
  if (!verifySignature(jwt, keys.publicKey)) return AADSTS.invalidAssertion('Client assertion failed signature validation.')
  const time = timeProblem(context, jwt)
  if (time) return time
  const audiences = [jwt.claims.aud].flat().map(String)
  const forAudience = credentials.filter((credential) =>
    (credential.audiences ?? [DEFAULT_FEDERATED_AUDIENCE]).some((audience) => audiences.includes(audience)),
  )
  if (forAudience.length === 0) return AADSTS.noFederatedAudience(audiences.join(','))
  const subject = String(jwt.claims.sub ?? '')
  if (!forAudience.some((credential) => credential.subject === subject)) return AADSTS.noFederatedSubject(issuer, subject, audiences.join(','))
  return undefined
}

function timeProblem(context: EmulatorContext, jwt: DecodedJwt): AadErrorSpec | undefined {
  const now = context.clock.nowSeconds()
  const {exp, nbf} = jwt.claims
  if (typeof exp !== 'number' || exp + CLOCK_SKEW_SECONDS < now || (typeof nbf === 'number' && nbf - CLOCK_SKEW_SECONDS > now)) {
    return AADSTS.assertionTimeRange(now, exp)
  }

  return undefined
}

/** The assertion's `aud` must be this emulator's token endpoint for the same tenant (v2.0 or v1 path). */
function isTokenEndpointAudience(context: EmulatorContext, authority: Authority, aud: unknown): boolean {
  if (typeof aud !== 'string') return false
  let url: URL
  try {
    url = new URL(aud)
  } catch {
    return false
  }

  const knownHost = [context.hostPort, `127.0.0.1:${new URL(context.baseUrl).port}`, 'login.microsoftonline.com'].includes(url.host.toLowerCase())
  const path = /^\/([^/]+)\/oauth2\/(?:v2\.0\/)?token\/?$/i.exec(url.pathname)
  if (url.protocol !== 'https:' || !knownHost || !path) return false
  const named = context.directory.authority(decodeURIComponent(path[1]))
  if (!named) return false
  if (authority.kind === 'tenant') return named.kind === 'tenant' && named.tenant.id === authority.tenant.id
  return named.kind === authority.kind
}
