/**
 * What `az login`'s flags ask for, checked with az's rules and messages before anything signs in.
 * Pure, so every combination is unit-tested.
 */
import {CommandError} from '@azx/core'
import {claimsFromBase64, isTenantId} from '@azx/core/auth'
import type {FederatedTokenSource} from '@azx/core/auth'

export interface LoginFlags {
  'allow-no-subscriptions'?: boolean
  certificate?: string
  'claims-challenge'?: string
  'client-id'?: string
  'federated-token'?: string
  'federated-token-file'?: string
  'federated-token-provider'?: 'github' | 'azure-pipelines'
  identity?: boolean
  'object-id'?: string
  password?: string
  'resource-id'?: string
  scope?: string[]
  'service-principal'?: boolean
  'skip-subscription-discovery'?: boolean
  subscription?: string
  tenant?: string
  'use-cert-sn-issuer'?: boolean
  'use-device-code'?: boolean
  username?: string
}

export type LoginMethod =
  /** `claims`: the JSON of a claims challenge (`--claims-challenge`, decoded), for the new token to carry. */
  | {claims?: string; kind: 'interactive'; useDeviceCode: boolean}
  | {kind: 'managed-identity'; clientId?: string; objectId?: string; resourceId?: string}
  | {kind: 'password'; password?: string; username: string}
  | {
      certificate?: string
      clientId: string
      /** A static federated token (`--federated-token`). */
      federatedToken?: string
      /** Where new federated tokens come from (`--federated-token-file`, `--federated-token-provider`); a file's path as given. */
      federatedTokenSource?: FederatedTokenSource
      kind: 'service-principal'
      secret?: string
      useCertSnIssuer: boolean
    }

export interface LoginRequest {
  allowNoSubscriptions: boolean
  method: LoginMethod
  scopes?: string[]
  /**
   * `--skip-subscription-discovery`: no tenant or subscription list; only `subscription` (an ID) is
   * read, or a tenant-level account is stored. Never the selector.
   */
  skipSubscriptionDiscovery: boolean
  subscription?: string
  tenant?: string
}

/** The claims JSON of `--claims-challenge`, which is base64, as az prints it in its advice. */
function decodeClaimsChallenge(value: string): string {
  const claims = claimsFromBase64(value)
  if (claims !== undefined) return claims
  throw new CommandError(
    "usage error: '--claims-challenge' must be the base64-encoded claims challenge that a resource returned in its WWW-Authenticate header.",
    {
      recommendations: ['Copy it from the `az login ... --claims-challenge "..."` command that the failed command printed.'],
    },
  )
}

/** `--skip-subscription-discovery` needs the tenant, and reads a subscription by ID only. */
function checkSkipDiscovery(flags: LoginFlags): void {
  if (!flags['skip-subscription-discovery']) return
  if (flags.tenant === undefined) throw new CommandError("'--skip-subscription-discovery' requires '--tenant'")
  if (flags.subscription !== undefined && !isTenantId(flags.subscription)) {
    throw new CommandError(`'--subscription' must be a subscription ID with '--skip-subscription-discovery', not a name: '${flags.subscription}'.`, {
      recommendations: ['Give the subscription ID, or leave out --skip-subscription-discovery to find the subscription by name.'],
    })
  }
}

/** The variable the AzureCLI@2 and AzurePowerShell@5 tasks set to the ID of the job's service connection. */
const SERVICE_CONNECTION_VARIABLE = 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID'

const CREDENTIAL_FLAGS = '--password, --certificate, --federated-token, --federated-token-file and --federated-token-provider'

/** The request `flags` make; `env` supplies the Azure Pipelines service connection. */
export function loginRequest(flags: LoginFlags, env: NodeJS.ProcessEnv = process.env): LoginRequest {
  const identitySelectors = [flags['client-id'], flags['object-id'], flags['resource-id']].filter((value) => value !== undefined)
  if (flags.identity && (flags.password !== undefined || flags['service-principal'] || flags.tenant !== undefined)) {
    throw new CommandError("usage error: '--identity' is not applicable with other arguments")
  }

  if (flags.identity && flags.username !== undefined) {
    throw new CommandError(
      'Passing the managed identity ID with --username is no longer supported. Use --client-id, --object-id or --resource-id instead.',
    )
  }

  if (flags['use-device-code'] && (flags.password !== undefined || flags['service-principal'] || flags.username !== undefined || flags.identity)) {
    throw new CommandError("usage error: '--use-device-code' is not applicable with other arguments")
  }

  if (flags['use-cert-sn-issuer'] && !flags['service-principal']) {
    throw new CommandError("usage error: '--use-sn-issuer' is only applicable with a service principal")
  }

  if (flags['service-principal'] && flags.username === undefined) {
    throw new CommandError('usage error: --service-principal --username NAME --password SECRET --tenant TENANT')
  }

  if (identitySelectors.length > 0 && !flags.identity) {
    throw new CommandError('usage error: --client-id, --object-id and --resource-id are only applicable with --identity')
  }

  if (identitySelectors.length > 1) throw new CommandError('Usage error: Provide only one of --client-id, --object-id, --resource-id.')

  if (flags['claims-challenge'] !== undefined && (flags.identity || flags['service-principal'] || flags.username !== undefined)) {
    throw new CommandError("usage error: '--claims-challenge' is only applicable to an interactive sign-in (browser, device code or broker)")
  }

  checkSkipDiscovery(flags)
  const credentials = [
    flags.password,
    flags.certificate,
    flags['federated-token'],
    flags['federated-token-file'],
    flags['federated-token-provider'],
  ].filter((value) => value !== undefined)
  if (credentials.length > 1) throw new CommandError(`usage error: give only one of ${CREDENTIAL_FLAGS}`)
  const servicePrincipalOnly = [flags.certificate, flags['federated-token'], flags['federated-token-file'], flags['federated-token-provider']]
  if (servicePrincipalOnly.some((value) => value !== undefined) && !flags['service-principal']) {
    throw new CommandError('usage error: --certificate and the --federated-token options are only applicable with --service-principal')
  }

  const common = {
    allowNoSubscriptions: flags['allow-no-subscriptions'] ?? false,
    scopes: flags.scope,
    skipSubscriptionDiscovery: flags['skip-subscription-discovery'] ?? false,
    subscription: flags.subscription,
    tenant: flags.tenant,
  }
  if (flags.identity) {
    return {
      ...common,
      method: {clientId: flags['client-id'], kind: 'managed-identity', objectId: flags['object-id'], resourceId: flags['resource-id']},
    }
  }

  if (flags['service-principal']) {
    if (flags.tenant === undefined) {
      throw new CommandError('usage error: --service-principal --username NAME --password SECRET --tenant TENANT', {
        recommendations: ['The tenant must be provided when using a service principal.'],
      })
    }

    return {
      ...common,
      method: {
        certificate: flags.certificate,
        clientId: flags.username!,
        federatedToken: flags['federated-token'],
        federatedTokenSource: federatedTokenSource(flags, env),
        kind: 'service-principal',
        secret: flags.password,
        useCertSnIssuer: flags['use-cert-sn-issuer'] ?? false,
      },
    }
  }

  if (flags.username !== undefined) return {...common, method: {kind: 'password', password: flags.password, username: flags.username}}
  const claims = flags['claims-challenge'] === undefined ? {} : {claims: decodeClaimsChallenge(flags['claims-challenge'])}
  return {...common, method: {...claims, kind: 'interactive', useDeviceCode: flags['use-device-code'] ?? false}}
}

function federatedTokenSource(flags: LoginFlags, env: NodeJS.ProcessEnv): FederatedTokenSource | undefined {
  if (flags['federated-token-file'] !== undefined) return {path: flags['federated-token-file'], provider: 'file'}
  if (flags['federated-token-provider'] === 'github') return {provider: 'github'}
  if (flags['federated-token-provider'] !== 'azure-pipelines') return undefined
  const serviceConnectionId = env[SERVICE_CONNECTION_VARIABLE]
  if (!serviceConnectionId) {
    throw new CommandError(
      `usage error: --federated-token-provider azure-pipelines needs the ID of the service connection in ${SERVICE_CONNECTION_VARIABLE}`,
      {
        recommendations: [
          `Run az in an AzureCLI@2 task with the service connection (it sets ${SERVICE_CONNECTION_VARIABLE}), or set it to the connection's ID.`,
        ],
      },
    )
  }

  return {provider: 'azure-pipelines', serviceConnectionId}
}
