/**
 * Autodetection of a cloud's sign-in endpoints from its Resource Manager: when a cloud is given
 * `--endpoint-resource-manager` but not all of the Active Directory endpoints, az reads
 * `{resourceManager}/metadata/endpoints?api-version=2015-01-01` and fills in what is missing.
 */
import {CommandError} from '../errors/index.js'

const METADATA_PATH = '/metadata/endpoints?api-version=2015-01-01'

/** The endpoints the metadata document can supply (and gallery, which it supplies too). */
const AUTODETECTED = ['active_directory_graph_resource_id', 'active_directory_resource_id', 'active_directory'] as const

const TIMEOUT_MS = 30_000

interface MetadataOptions {
  /** The fetch to use; the global one by default (tests pass their own). */
  fetch?: typeof globalThis.fetch
  timeoutMs?: number
}

/** The metadata URL of a Resource Manager endpoint. */
export function metadataUrl(resourceManager: string): string {
  // az appends the path to the endpoint as given, which doubles the slash of `https://host/`.
  return resourceManager.replace(/\/+$/, '') + METADATA_PATH
}

/** True when az would fetch the metadata: a resource manager is given and an AD endpoint is not. */
export function needsMetadata(endpoints: Readonly<Record<string, string | undefined>>): boolean {
  return endpoints.resource_manager !== undefined && AUTODETECTED.some((name) => endpoints[name] === undefined)
}

/**
 * `endpoints` with the missing AD endpoints and gallery filled in from the cloud's metadata. Fails
 * with az's "Unable to get endpoints from the cloud." errors.
 */
export async function completeFromMetadata(
  endpoints: Readonly<Record<string, string>>,
  options: MetadataOptions = {},
): Promise<Record<string, string>> {
  const url = metadataUrl(endpoints.resource_manager)
  const metadata = await fetchMetadata(url, options)
  const authentication = isRecord(metadata.authentication) ? metadata.authentication : undefined
  if (!authentication) throw unableToGetEndpoints(`The response of ${url} has no 'authentication' section.`)
  const audiences = Array.isArray(authentication.audiences) ? authentication.audiences : []
  const found: Record<string, unknown> = {
    gallery: metadata.galleryEndpoint,
    active_directory_graph_resource_id: metadata.graphEndpoint,
    active_directory: authentication.loginEndpoint,
    active_directory_resource_id: audiences[0],
  }
  const completed = {...endpoints}
  for (const [name, value] of Object.entries(found)) {
    if (completed[name] === undefined && typeof value === 'string') completed[name] = value
  }

  return completed
}

async function fetchMetadata(url: string, options: MetadataOptions): Promise<Record<string, unknown>> {
  const fetchImpl = options.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await fetchImpl(url, {headers: {accept: 'application/json'}, signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS)})
  } catch (error) {
    throw unableToGetEndpoints(`Please ensure you have network connection. Error detail: ${errorDetail(error)}`, error)
  }

  if (response.status !== 200) throw unableToGetEndpoints(`Server returned status code ${response.status} for ${url}`)
  let body: unknown
  try {
    body = JSON.parse(await response.text())
  } catch (error) {
    throw unableToGetEndpoints(`Response body does not contain valid json. Error detail: ${errorDetail(error)}`, error)
  }

  if (!isRecord(body))
    throw unableToGetEndpoints(`Response body does not contain valid json. Error detail: the response of ${url} is not a JSON object.`)
  return body
}

function unableToGetEndpoints(detail: string, cause?: unknown): CommandError {
  return new CommandError(`Unable to get endpoints from the cloud.\n${detail}`, {cause})
}

/** The most telling message: Node's fetch hides the network error ("fetch failed") in its cause. */
function errorDetail(error: unknown): string {
  const cause = (error as {cause?: unknown}).cause
  if (cause instanceof Error && cause.message) return cause.message
  return error instanceof Error ? error.message : String(error)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
