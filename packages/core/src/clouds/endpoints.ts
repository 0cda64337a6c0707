/**
 * A cloud's endpoints as azx uses them: the addresses it connects to normalised once, when a cloud
 * is read (clouds.config keeps what the user wrote, as az keeps it), and every lookup of an
 * endpoint a command needs, with one error when the cloud lacks it.
 */
import {CommandError} from '../errors/index.js'
import type {EndpointName} from './builtin.js'
import type {Cloud} from './cloud.js'
import {endpointFlag, FLAGGED_ENDPOINTS, toCamelCase} from './names.js'

/**
 * The endpoints azx sends requests to. The others are left as written: most are resource IDs,
 * token audiences that Entra ID compares as strings (`https://management.core.windows.net/` and
 * its trailing slash), and the rest are only shown.
 */
const ADDRESSES = ['active_directory', 'resource_manager'] as const

/** A URL's scheme and authority, then the rest of it. */
const SCHEME_AND_AUTHORITY = /^([a-z][\d+.a-z-]*:\/\/[^/?#]*)(.*)$/is

/**
 * `endpoints` with the addresses normalised: scheme and host lower-cased and a default port
 * dropped (`https://Login.Contoso.Example:443` is `https://login.contoso.example`), so that the
 * host MSAL computes from the authority is the one azx gives it metadata for and finds tokens
 * under, as for any cloud. The Active Directory endpoint also loses its trailing slashes: az
 * strips them before it adds a tenant, and ADFS is recognised by the `/adfs` at its end.
 */
export function normalizeEndpoints(endpoints: Record<string, string>): Record<string, string> {
  const normalized = {...endpoints}
  for (const name of ADDRESSES) {
    const value = normalized[name]
    if (value !== undefined) normalized[name] = normalizeAddress(value, name === 'active_directory')
  }

  return normalized
}

/** The URL with its scheme and authority as the URL parser writes them; the path is kept as written. */
function normalizeAddress(url: string, dropTrailingSlashes: boolean): string {
  const match = SCHEME_AND_AUTHORITY.exec(url)
  if (!match) return url
  let origin: string
  try {
    const parsed = new URL(match[1])
    origin = `${parsed.protocol}//${parsed.host}`
  } catch {
    // Not a URL: left for whatever uses it to report.
    return url
  }

  const path = dropTrailingSlashes ? match[2].replace(/\/+$/, '') : match[2]
  return origin + path
}

/**
 * The endpoint `name` of `cloud`, which the command cannot do without. A cloud registered without
 * it (or edited by hand) gets an error naming the endpoint and the cloud, with the `az cloud update`
 * command that sets it (exit 1).
 */
export function requiredEndpoint(cloud: Pick<Cloud, 'endpoints' | 'name'>, name: EndpointName): string {
  const value = cloud.endpoints[name]
  if (value) return value
  throw new CommandError(`The endpoint '${name}' for the cloud '${cloud.name}' is not set but is used.`, {
    recommendations: [`Set it with \`az cloud update --name ${shellWord(cloud.name)} ${settingArguments(name)}\`, then run the command again.`],
  })
}

/** What `az cloud update` takes to set the endpoint: its flag, or `--cloud-config` for the endpoints az has no flag for. */
function settingArguments(name: EndpointName): string {
  if (FLAGGED_ENDPOINTS.includes(name)) return `${endpointFlag(name)} URL`
  return `--cloud-config '${JSON.stringify({endpoints: {[toCamelCase(name)]: 'URL'}})}'`
}

/** A cloud name as one word of a POSIX shell command line. */
function shellWord(word: string): string {
  return /^[\w%+,./:=@-]+$/.test(word) ? word : `'${word.replaceAll("'", String.raw`'\''`)}'`
}
