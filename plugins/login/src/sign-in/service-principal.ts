/**
 * A service principal signing in with a secret, a certificate or a federated token (given, or
 * fetched from its source). As az does, its credential is stored only once Entra ID has answered
 * it with a token.
 */
import {homedir} from 'node:os'
import {resolve} from 'node:path'

import type {FederatedTokenSource, ServicePrincipalEntry} from '@azx/core/auth'

import type {LoginMethod} from './request.js'
import type {SignedInAccount, SignInContext} from './signed-in-account.js'
import {secretFromTerminal} from './terminal.js'

type ServicePrincipalMethod = Extract<LoginMethod, {kind: 'service-principal'}>

export async function signInServicePrincipal(method: ServicePrincipalMethod, context: SignInContext): Promise<SignedInAccount> {
  const {auth, cloud} = context
  const federatedTokens = federatedTokenSource(method)
  const proved = await auth.proveServicePrincipal({
    cloud,
    entry: await servicePrincipalEntry(method, context),
    federatedTokens,
    scopes: context.scopes ?? context.armScopes,
  })
  const {entry} = proved
  await auth.saveServicePrincipal(entry, federatedTokens)
  // Discovery needs an ARM token: the one that proved the credential, unless --scope asked for another resource.
  const armToken = context.scopes
    ? (await auth.getServicePrincipalToken({cloud, entry, federatedTokens, scopes: context.armScopes})).token
    : proved.token.token
  return {
    tenant: entry.tenant,
    tokenFor: async (_tenant, claims) =>
      claims ? (await auth.getServicePrincipalToken({claims, cloud, entry, federatedTokens, scopes: context.armScopes})).token : armToken,
    user: {name: method.clientId, type: 'servicePrincipal', ...(method.useCertSnIssuer ? {useCertSNIssuerAuth: true} : {})},
  }
}

/** The entry to prove; with a federated token source it has no credential yet (the first token fetched becomes it). */
async function servicePrincipalEntry(method: ServicePrincipalMethod, context: SignInContext): Promise<ServicePrincipalEntry> {
  const base = {client_id: method.clientId, tenant: context.tenant!}
  if (method.certificate !== undefined)
    return {...base, certificate: absolutePath(method.certificate), ...(method.useCertSnIssuer ? {use_cert_sn_issuer: true} : {})}
  if (method.federatedToken !== undefined) return {...base, client_assertion: method.federatedToken}
  if (method.federatedTokenSource !== undefined) return base
  return {...base, client_secret: method.secret ?? (await secretFromTerminal(context.terminal))}
}

/** The source of new federated tokens, a file's path made absolute (later commands run elsewhere). */
function federatedTokenSource(method: ServicePrincipalMethod): FederatedTokenSource | undefined {
  const source = method.federatedTokenSource
  return source?.provider === 'file' ? {...source, path: absolutePath(source.path)} : source
}

/** A path as the shell would have expanded `~`, made absolute. */
function absolutePath(path: string): string {
  return resolve(path.replace(/^~(?=$|\/)/, homedir()))
}
