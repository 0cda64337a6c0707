/**
 * What a user gives for a cloud: flags and `--cloud-config` JSON turned into one CloudInput, and the
 * checks az (and azx) make before a cloud is stored.
 */
import {CommandError} from '../errors/index.js'
import type {CloudInput} from './cloud.js'
import {endpointFlag, toSnakeCase} from './names.js'

/** The endpoints a cloud needs before az can sign in to it, with the flags that set them. */
const REQUIRED_ENDPOINTS = ['resource_manager', 'active_directory', 'active_directory_resource_id', 'active_directory_graph_resource_id'] as const

/**
 * The CloudInput of a `--cloud-config` document, read as az reads it: keys in camelCase (or
 * snake_case), either flat (`endpointResourceManager`, `suffixKeyvaultDns`, `profile`) or nested
 * as `az cloud show` prints a cloud (`endpoints: {resourceManager}`, `suffixes: {keyvaultDns}`).
 * Flat keys win over nested ones; null values are left unset.
 */
export function cloudInputFromConfig(config: unknown): CloudInput {
  if (!isRecord(config)) throw new CommandError('The --cloud-config value must be a JSON object, such as the output of `az cloud show`.')
  const args = Object.fromEntries(Object.entries(config).map(([key, value]) => [toSnakeCase(key), value]))
  const input: Required<CloudInput> = {endpoints: {}, profile: '', suffixes: {}}
  for (const group of ['endpoints', 'suffixes'] as const) {
    const nested = args[group]
    if (nested === undefined || nested === null) continue
    if (!isRecord(nested)) throw new CommandError(`The '${group}' of --cloud-config must be a JSON object.`)
    for (const [key, value] of Object.entries(nested)) setValue(input[group], toSnakeCase(key), value, `${group}.${key}`)
  }

  for (const [key, value] of Object.entries(args)) {
    if (key.startsWith('endpoint_')) setValue(input.endpoints, key.slice('endpoint_'.length), value, key)
    else if (key.startsWith('suffix_')) setValue(input.suffixes, key.slice('suffix_'.length), value, key)
  }

  const profile = args.profile
  if (profile !== undefined && profile !== null && typeof profile !== 'string')
    throw new CommandError(`The 'profile' of --cloud-config must be a string.`)
  return {endpoints: input.endpoints, profile: profile ?? undefined, suffixes: input.suffixes}
}

/** `base` with every value of `override` laid over it (flags over `--cloud-config`). */
export function mergeCloudInputs(base: CloudInput, override: CloudInput): CloudInput {
  return {
    endpoints: {...base.endpoints, ...override.endpoints},
    profile: override.profile ?? base.profile,
    suffixes: {...base.suffixes, ...override.suffixes},
  }
}

/**
 * Rejects an endpoint that is not an https:// URL. az accepts plain http, which would send
 * passwords, codes and tokens in clear text; azx refuses before anything is stored.
 */
export function assertHttpsEndpoints(endpoints: Readonly<Record<string, string | undefined>>): void {
  for (const [name, value] of Object.entries(endpoints)) {
    if (value === undefined || isHttpsUrl(value)) continue
    const flag = endpointFlag(name)
    throw new CommandError(
      `The endpoint ${flag} is '${value}', which is not an https:// URL. azx sends sign-in ` +
        `requests and tokens to a cloud's endpoints, so it only accepts endpoints that use HTTPS.`,
      {recommendations: [`Give ${flag} as an https:// URL (on the command line or in --cloud-config) and run the command again.`]},
    )
  }
}

/** The flags of the required endpoints a cloud lacks, in az's order. */
export function missingRequiredEndpoints(endpoints: Readonly<Record<string, string | undefined>>): string[] {
  return REQUIRED_ENDPOINTS.filter((name) => endpoints[name] === undefined).map((name) => endpointFlag(name))
}

/** az's error for a new cloud that lacks required endpoints. */
export function missingEndpointsError(flags: string[]): CommandError {
  return new CommandError(
    'The following endpoints are required for the CLI to function and were not ' +
      'specified on the command line, in the cloud config or could not be autodetected.\n' +
      `Specify them on the command line or through the cloud config file:\n${flags.join(', ')}`,
  )
}

function setValue(target: Record<string, string>, name: string, value: unknown, key: string): void {
  if (value === undefined || value === null) return
  if (typeof value !== 'string') throw new CommandError(`The value of '${key}' in --cloud-config must be a string.`)
  target[name] = value
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
