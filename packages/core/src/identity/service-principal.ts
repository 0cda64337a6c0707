/**
 * Service principals: a client secret, a certificate (a PEM file with the private key and the
 * certificate), a federated token (a JWT assertion) stored at sign-in, or federated tokens fetched
 * anew from their source whenever Entra ID needs one (federated-token.ts). Tokens come from the
 * shared cache when MSAL has a valid one.
 */
import {X509Certificate} from 'node:crypto'
import {readFile} from 'node:fs/promises'

import type {AuthenticationResult} from '@azure/msal-node'

import type {Cloud} from '../clouds/index.js'
import {CommandError} from '../errors/index.js'
import type {ServicePrincipalEntry} from '../service-principals/index.js'
import {cacheFirst, checked, renewed, TokenRequestGate} from './cache-first.js'
import type {Acquisition} from './cache-first.js'
import {createConfidentialClient} from './clients.js'
import type {ClientCredential} from './clients.js'
import {fetchFederatedToken} from './federated-token.js'
import type {FederatedTokenSource} from './federated-token.js'
import {aadstsCode, toCommandError} from './msal-errors.js'
import {fromMsalResult, livesAtLeast} from './token.js'
import type {AccessToken} from './token.js'

const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/

/**
 * What MSAL is handed for a federated token while the cache is tried: MSAL asks for the assertion
 * before it looks in the cache, and a token request carrying this one is refused by the closed
 * token endpoint before it leaves the process (cache-first.ts), so no token is fetched for nothing.
 */
const NOT_FETCHED = 'federated-token-not-fetched-while-the-cache-is-tried'

/** The MSAL credential for a stored entry; a certificate file is read and checked here. */
export async function credentialOf(entry: ServicePrincipalEntry): Promise<ClientCredential> {
  if (entry.client_secret !== undefined) return {clientSecret: entry.client_secret}
  if (entry.client_assertion !== undefined) return {clientAssertion: entry.client_assertion}
  if (entry.certificate !== undefined) return certificateCredential(entry.certificate, entry.use_cert_sn_issuer ?? false)
  throw new CommandError(`The stored entry of service principal ${entry.client_id} has no secret, certificate or federated token.`, {
    recommendations: ['Sign it in again with `az login --service-principal`.'],
  })
}

/** When the certificate in a PEM file stops being valid. */
export async function certificateExpiry(path: string): Promise<Date> {
  const {certificate} = await readCertificateFile(path)
  return new Date(new X509Certificate(certificate).validTo)
}

async function certificateCredential(path: string, sendChain: boolean): Promise<ClientCredential> {
  const {certificate, key} = await readCertificateFile(path)
  const thumbprintSha256 = new X509Certificate(certificate).fingerprint256.replaceAll(':', '')
  return {clientCertificate: {privateKey: key, thumbprintSha256, ...(sendChain ? {x5c: certificate} : {})}}
}

async function readCertificateFile(path: string): Promise<{certificate: string; key: string}> {
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

  return {certificate, key}
}

export interface ServicePrincipalTokenRequest {
  cloud: Cloud
  entry: ServicePrincipalEntry
  /** The tenant to get the token from; the entry's own when not given. */
  tenant?: string
  scopes: string[]
  /** The claims (JSON) a claims challenge asked for; such a request never gets a cached token. */
  claims?: string
  /**
   * Where new federated tokens come from (`--federated-token-file`, `--federated-token-provider`):
   * one is fetched for every token request, instead of using the entry's own credential.
   */
  federatedTokens?: FederatedTokenSource
  /** A cached token counts only if it stays valid this many seconds more (`--min-validity`). */
  minValiditySeconds?: number
}

/** What `az login --service-principal` proved, and the entry to store for it. */
export interface ProvedServicePrincipal {
  token: AccessToken
  /**
   * The entry as service_principal_entries.json keeps it: for a federated token source, with the
   * token that proved it as `client_assertion`, the static form the Python az reads.
   */
  entry: ServicePrincipalEntry
}

/** A token for a stored service principal: from the shared cache when MSAL has a valid one. */
export async function getServicePrincipalToken(request: ServicePrincipalTokenRequest): Promise<AccessToken> {
  return (await requestToken(request, 'cache-first')).token
}

/**
 * `az login --service-principal`: a token asked of Entra ID with the credential given, never
 * answered from the cache. A cached token only proves that some earlier credential worked, so a
 * wrong secret, an unrelated certificate or a bad assertion must fail here, before anything is
 * stored (the Python az makes the same request and fails with Entra ID's error).
 */
export async function proveServicePrincipal(request: ServicePrincipalTokenRequest): Promise<ProvedServicePrincipal> {
  const {token, federatedToken} = await requestToken(request, 'renew')
  return {entry: federatedToken === undefined ? request.entry : {...request.entry, client_assertion: federatedToken}, token}
}

/**
 * A live check that the stored credential still works (`az account status`): a token asked of
 * Entra ID and kept nowhere, so no file changes.
 */
export async function checkServicePrincipal(request: ServicePrincipalTokenRequest): Promise<AccessToken> {
  return (await requestToken(request, 'check')).token
}

type Fetch = 'cache-first' | 'renew' | 'check'

async function requestToken(request: ServicePrincipalTokenRequest, fetch: Fetch): Promise<{token: AccessToken; federatedToken?: string}> {
  const tenant = request.tenant ?? request.entry.tenant
  let gate!: TokenRequestGate
  let federatedToken: string | undefined
  const source = request.federatedTokens
  const credential: ClientCredential = source
    ? {
        clientAssertion: async () => {
          if (!gate.isOpen) return NOT_FETCHED
          federatedToken = await fetchFederatedToken(source)
          return federatedToken
        },
      }
    : await credentialOf(request.entry)
  const {app, network} = await createConfidentialClient(request.cloud, request.entry.client_id, tenant, credential, {
    readOnlyCache: fetch === 'check',
    wrapNetwork: (inner) => (gate = new TokenRequestGate(inner)),
  })
  // skipCache is how MSAL is told to ask Entra ID whatever the cache holds; claims skip it too.
  const claims = request.claims ? {claims: request.claims} : {}
  const acquire: Acquisition<AuthenticationResult | null> = (renew) =>
    app.acquireTokenByClientCredential({...claims, scopes: request.scopes, skipCache: renew})
  try {
    const result =
      fetch === 'check'
        ? await checked(gate, acquire)
        : fetch === 'renew' || request.claims
          ? await renewed(gate, acquire)
          : await cacheFirst(gate, acquire, (cached) => livesAtLeast(cached?.expiresOn, request.minValiditySeconds ?? 0))
    if (!result) throw new CommandError(`No token was returned for service principal ${request.entry.client_id}.`)
    return {federatedToken, token: fromMsalResult(result, tenant)}
  } catch (error) {
    if (aadstsCode(error) === 700_024 && !source && request.entry.client_assertion !== undefined) {
      throw storedTokenExpired(request.entry, fetch === 'renew' ? 'given' : 'stored', error)
    }

    throw toCommandError(error, network, {claims: request.claims, servicePrincipal: true})
  }
}

/**
 * A static federated token (`--federated-token`) that Entra ID refused as expired: nothing can
 * renew it, so the message names the two ways of signing in that fetch a new one when needed.
 */
function storedTokenExpired(entry: ServicePrincipalEntry, which: 'given' | 'stored', cause: unknown): CommandError {
  const login = `az login --service-principal -u ${entry.client_id} --tenant ${entry.tenant}`
  const what =
    which === 'given'
      ? 'The federated token given with --federated-token'
      : `The federated token stored by \`az login --federated-token\` for service principal ${entry.client_id}`
  return new CommandError(`${what} has expired (AADSTS700024), and a federated token given once cannot be renewed.`, {
    cause,
    recommendations: [
      'Sign in so that a new one is fetched whenever one is needed:',
      `${login} --federated-token-file PATH   (a file your platform keeps fresh, e.g. $AZURE_FEDERATED_TOKEN_FILE on AKS)`,
      `${login} --federated-token-provider github|azure-pipelines   (in a GitHub Actions or Azure Pipelines job)`,
    ],
  })
}
