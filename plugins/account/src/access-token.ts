/**
 * `az account get-access-token`: which scopes a request means, and the JSON az prints for the
 * token. The hot path of every SDK credential chain that shells out to az, so it loads only what
 * it needs: the profile, the cloud, and the token cache; MSAL only when the cache cannot answer.
 */
import {requiredEndpoint} from '@azx/core/clouds'
import {CommandError, UsageError} from '@azx/core/errors'
import {service} from '@azx/core/registry'
import type {Cloud, StoredSubscription} from '@azx/core'

/** `--resource-type` values and the cloud endpoint each names, in az's order. */
export const RESOURCE_TYPES = {
  'oss-rdbms': 'ossrdbms_resource_id',
  arm: 'active_directory_resource_id',
  'aad-graph': 'active_directory_graph_resource_id',
  'ms-graph': 'microsoft_graph_resource_id',
  batch: 'batch_resource_id',
  media: 'media_resource_id',
  'data-lake': 'active_directory_data_lake_resource_id',
} as const

export type ResourceType = keyof typeof RESOURCE_TYPES

interface AccessTokenRequest {
  resource?: string
  resourceType?: ResourceType
  scopes?: string[]
  subscription?: string
  tenant?: string
  /** The token must stay valid at least this many seconds (`--min-validity`). */
  minValiditySeconds?: number
}

/** What az prints, keys as az names them (sorted when rendered). */
export interface AccessTokenOutput {
  accessToken: string
  expiresOn: string
  expires_on: number
  subscription?: string
  tenant: string
  tokenType: 'Bearer'
}

/** The command's own flags, as oclif parses them. */
export interface AccessTokenFlags {
  'min-validity'?: number
  resource?: string
  'resource-type'?: ResourceType
  scope?: string[]
  subscription?: string
  tenant?: string
}

/** The request the command's flags make: `--scope` values may each hold several space-separated scopes. */
export function accessTokenRequest(flags: AccessTokenFlags): AccessTokenRequest {
  return {
    minValiditySeconds: flags['min-validity'],
    resource: flags.resource,
    resourceType: flags['resource-type'],
    scopes: flags.scope?.flatMap((scope) => scope.split(' ').filter(Boolean)),
    subscription: flags.subscription,
    tenant: flags.tenant,
  }
}

/** `--min-validity`: a whole number of seconds, 0 or more, as argparse's `type=int` reads it. */
export function parseMinValidity(input: string): number {
  const value = input.trim()
  if (!/^[+-]?\d+$/.test(value)) throw new UsageError(`argument --min-validity: invalid int value: '${input}'`)
  const seconds = Number(value)
  if (seconds < 0) throw new UsageError(`argument --min-validity: must be 0 or more seconds, not ${seconds}`)
  return seconds
}

/** The scopes a request means: `--scope` wins, then `--resource`, then `--resource-type` (ARM by default). */
export function scopesFor(request: AccessTokenRequest, cloud: Cloud): string[] {
  if (request.scopes && request.scopes.length > 0) return request.scopes
  if (request.resource) return [`${request.resource}/.default`]
  return [`${requiredEndpoint(cloud, RESOURCE_TYPES[request.resourceType ?? 'arm'])}/.default`]
}

/** `2026-11-21 06:02:24.000000`: local wall-clock time, as az's deprecated `expiresOn` has it. */
export function localExpiresOn(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0')
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.000000`
  )
}

export async function getAccessToken(request: AccessTokenRequest): Promise<AccessTokenOutput> {
  const target = await tokenTarget(request)
  // The narrow entry point: a cached token is read without loading the sign-in code.
  const {tokenForAccount} = await import('@azx/core/account-token')
  return toOutput(await tokenForAccount(target), target.account, request.tenant)
}

/** Which account, cloud, tenant and scopes the request is for. */
async function tokenTarget(request: AccessTokenRequest) {
  if (request.subscription !== undefined && request.tenant !== undefined) {
    throw new CommandError('Please specify only one of subscription and tenant, not both')
  }

  const [profile, clouds] = await Promise.all([service('profile'), service('clouds')])
  const [account, cloud] = await Promise.all([profile.getSubscription(request.subscription), clouds.activeCloud()])
  return {account, cloud, minValiditySeconds: request.minValiditySeconds, scopes: scopesFor(request, cloud), tenant: request.tenant}
}

function toOutput(token: {expiresOn: Date; token: string}, account: StoredSubscription, tenant: string | undefined): AccessTokenOutput {
  const output: AccessTokenOutput = {
    accessToken: token.token,
    expiresOn: localExpiresOn(token.expiresOn),
    expires_on: Math.floor(token.expiresOn.getTime() / 1000),
    tenant: tenant ?? account.tenantId,
    tokenType: 'Bearer',
  }
  if (tenant === undefined) output.subscription = account.id
  return output
}
