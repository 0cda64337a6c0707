/**
 * Service principals: a client secret, a certificate (a PEM file with the private key and the
 * certificate) or a federated token (a JWT assertion). Tokens come from the shared cache when MSAL
 * has a valid one.
 */
import {X509Certificate} from 'node:crypto'
import {readFile} from 'node:fs/promises'

import type {Cloud} from '../clouds/index.js'
import {CommandError} from '../errors/index.js'
import type {ServicePrincipalEntry} from '../service-principals/index.js'
import {cacheFirst, renewed, TokenRequestGate} from './cache-first.js'
import {createConfidentialClient} from './clients.js'
import type {ClientCredential} from './clients.js'
import {toCommandError} from './msal-errors.js'
import {fromMsalResult} from './token.js'
import type {AccessToken} from './token.js'

const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/

/** The MSAL credential for a stored entry; a certificate file is read and checked here. */
export async function credentialOf(entry: ServicePrincipalEntry): Promise<ClientCredential> {
  if (entry.client_secret !== undefined) return {clientSecret: entry.client_secret}
  if (entry.client_assertion !== undefined) return {clientAssertion: entry.client_assertion}
  if (entry.certificate !== undefined) return certificateCredential(entry.certificate, entry.use_cert_sn_issuer ?? false)
  throw new CommandError(`The stored entry of service principal ${entry.client_id} has no secret, certificate or federated token.`, {
    recommendations: ['Sign it in again with `az login --service-principal`.'],
  })
}

async function certificateCredential(path: string, sendChain: boolean): Promise<ClientCredential> {
  let pem: string
  try {
    pem = await readFile(path, 'utf8')
  } catch (error) {
    throw new CommandError(`Cannot read the certificate file '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
      recommendations: ['Give a PEM file that holds the private key and the certificate with --certificate.'],
    })
  }

  const key = PRIVATE_KEY.exec(pem)?.[0]
  const certificate = CERTIFICATE.exec(pem)?.[0]
  if (!key || !certificate) {
    throw new CommandError(`Invalid certificate, please use a valid PEM file. '${path}' must hold both the private key and the certificate.`)
  }

  const thumbprintSha256 = new X509Certificate(certificate).fingerprint256.replaceAll(':', '')
  return {clientCertificate: {privateKey: key, thumbprintSha256, ...(sendChain ? {x5c: certificate} : {})}}
}

export interface ServicePrincipalTokenRequest {
  cloud: Cloud
  entry: ServicePrincipalEntry
  /** The tenant to get the token from; the entry's own when not given. */
  tenant?: string
  scopes: string[]
  /** The claims (JSON) a claims challenge asked for; such a request never gets a cached token. */
  claims?: string
}

/** A token for a stored service principal: from the shared cache when MSAL has a valid one. */
export function getServicePrincipalToken(request: ServicePrincipalTokenRequest): Promise<AccessToken> {
  return requestToken(request, request.claims ? renewed : cacheFirst)
}

/**
 * `az login --service-principal`: a token asked of Entra ID with the credential given, never
 * answered from the cache. A cached token only proves that some earlier credential worked, so a
 * wrong secret, an unrelated certificate or a bad assertion must fail here, before anything is
 * stored (the Python az makes the same request and fails with Entra ID's error).
 */
export function proveServicePrincipal(request: ServicePrincipalTokenRequest): Promise<AccessToken> {
  return requestToken(request, renewed)
}

async function requestToken(request: ServicePrincipalTokenRequest, strategy: typeof cacheFirst): Promise<AccessToken> {
  const tenant = request.tenant ?? request.entry.tenant
  let gate!: TokenRequestGate
  const {app, network} = await createConfidentialClient(request.cloud, request.entry.client_id, tenant, await credentialOf(request.entry), {
    wrapNetwork: (inner) => (gate = new TokenRequestGate(inner)),
  })
  try {
    // skipCache is how MSAL is told to ask Entra ID whatever the cache holds.
    const claims = request.claims ? {claims: request.claims} : {}
    const result = await strategy(gate, (renew) => app.acquireTokenByClientCredential({...claims, scopes: request.scopes, skipCache: renew}))
    if (!result) throw new CommandError(`No token was returned for service principal ${request.entry.client_id}.`)
    return fromMsalResult(result, tenant)
  } catch (error) {
    throw toCommandError(error, network, {claims: request.claims, servicePrincipal: true})
  }
}
