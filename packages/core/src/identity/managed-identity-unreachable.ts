/**
 * Where there is no managed identity endpoint (a container, a laptop), az waits on IMDS and then
 * prints a network error (az issues 14587, 33567). Every endpoint MSAL asks is on this machine or
 * its link (169.254.169.254, localhost), so one that does not connect at once is not there: the
 * connection gets a short limit, and the error says what was asked, that no managed identity is
 * reachable from here, and how to sign in instead.
 */
import {CommandError} from '../errors/index.js'
import {HttpNetworkError} from '../http/index.js'
import type {MsalNetworkClient} from '../http/index.js'

/** How long connecting to an identity endpoint may take before it counts as not there. */
export const MANAGED_IDENTITY_CONNECT_TIMEOUT_MS = 2000

/** No identity endpoint answered: there is no managed identity here (exit 1). */
export class ManagedIdentityUnreachableError extends CommandError {}

/** What MSAL asked, by the name of the source it chose from the environment. */
function describeSource(source: string): {endpoint: string; variable?: string} {
  switch (source) {
    case 'AppService':
    case 'AzureArc':
    case 'ServiceFabric': {
      return {endpoint: 'the managed identity endpoint in IDENTITY_ENDPOINT', variable: 'IDENTITY_ENDPOINT'}
    }

    case 'CloudShell':
    case 'MachineLearning': {
      return {endpoint: 'the managed identity endpoint in MSI_ENDPOINT', variable: 'MSI_ENDPOINT'}
    }

    default: {
      return {endpoint: 'the Azure Instance Metadata Service (IMDS)'}
    }
  }
}

/**
 * The error for a managed identity request that got no answer at all, or undefined when the
 * endpoint answered (an HTTP error is the endpoint's to explain). `source` is MSAL's
 * `getManagedIdentitySource()`.
 */
export function managedIdentityUnreachable(network: MsalNetworkClient, source: string): ManagedIdentityUnreachableError | undefined {
  const failure = network.lastFailure
  if (!(failure instanceof HttpNetworkError)) return undefined
  const {endpoint, variable} = describeSource(source)
  return new ManagedIdentityUnreachableError(`No managed identity is reachable from here. The token was asked of ${endpoint}: ${failure.message}`, {
    cause: failure,
    recommendations: [
      'Managed identities are reachable only on Azure resources that have one (virtual machines, ' +
        'App Service, Functions, Container Apps, AKS, Arc-enabled servers). Elsewhere, sign in another way: ' +
        '`az login` for a user, `az login --service-principal` for an application.',
      ...(variable ? [`If ${variable} names a token endpoint you started, check that it runs and that this machine can reach it.`] : []),
    ],
  })
}
