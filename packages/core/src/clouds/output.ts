/**
 * A cloud as `az cloud show` and `az cloud list` print it: every known endpoint (as written) and
 * suffix under its camelCase name, null when unset, plus any other names the cloud carries.
 */
import {ENDPOINT_NAMES, SUFFIX_NAMES} from './builtin.js'
import type {Cloud} from './cloud.js'
import {toCamelCase} from './names.js'

/** The output of `az cloud show`. */
export interface CloudOutput {
  name: string
  endpoints: Record<string, string | null>
  suffixes: Record<string, string | null>
  profile: string
  isActive: boolean
}

/**
 * The shape az prints for a cloud. Keys come in az's order (name, endpoints, suffixes, profile,
 * isActive); JSON output sorts them, but `--query` with table and tsv output keeps this order.
 */
export function toCloudOutput(cloud: Cloud): CloudOutput {
  return {
    name: cloud.name,
    endpoints: camelCaseValues(cloud.writtenEndpoints, ENDPOINT_NAMES),
    suffixes: camelCaseValues(cloud.suffixes, SUFFIX_NAMES),
    profile: cloud.profile,
    isActive: cloud.isActive,
  }
}

function camelCaseValues(values: Readonly<Record<string, string | undefined>>, known: readonly string[]): Record<string, string | null> {
  const result: Record<string, string | null> = {}
  for (const name of known) result[toCamelCase(name)] = values[name] ?? null
  for (const [name, value] of Object.entries(values)) if (!known.includes(name)) result[toCamelCase(name)] = value ?? null
  return result
}
