/**
 * A cloud as azx uses it, and how it is made from clouds.config sections: the built-in clouds
 * first, with the file's sections laid over them (a section may override a built-in cloud's
 * values), as az does.
 */
import type {IniDocument} from '../settings/index.js'
import {BUILT_IN_CLOUDS, DEFAULT_PROFILE, ENDPOINT_NAMES, SUFFIX_NAMES} from './builtin.js'
import type {BuiltInCloud, CloudEndpoints, CloudSuffixes} from './builtin.js'
import {fromIniValue, toIniValue} from './clouds-file.js'
import {normalizeEndpoints} from './endpoints.js'

/** A registered cloud: built-in or custom, with clouds.config applied. */
export interface Cloud {
  readonly name: string
  /** The API profile, `latest` unless the cloud names another. */
  readonly profile: string
  readonly isActive: boolean
  /** The endpoints azx uses: the Active Directory and Resource Manager ones normalised (see normalizeEndpoints). */
  readonly endpoints: CloudEndpoints
  /** The endpoints as clouds.config (or az's built-in list) has them, which `az cloud show` prints as az does. */
  readonly writtenEndpoints: CloudEndpoints
  readonly suffixes: CloudSuffixes
}

/** Endpoints, suffixes and profile given for a cloud (register, update, `--cloud-config`). */
export interface CloudInput {
  profile?: string
  /** By snake_case name. */
  endpoints?: Record<string, string>
  /** By snake_case name. */
  suffixes?: Record<string, string>
}

const ENDPOINT_PREFIX = 'endpoint_'
const SUFFIX_PREFIX = 'suffix_'

/** The clouds of a clouds.config document, built-in ones first, in az's order. */
export function cloudsFromDocument(file: IniDocument, activeName: string): Cloud[] {
  const sections = new Map<string, Record<string, string>>()
  for (const cloud of BUILT_IN_CLOUDS) sections.set(cloud.name, builtInSection(cloud))
  for (const [name, entries] of Object.entries(file)) {
    // configparser's DEFAULT is not a section of its own, so az never lists it as a cloud.
    if (name === 'DEFAULT') continue
    sections.set(name, {...sections.get(name), ...entries})
  }

  return [...sections].map(([name, entries]) => cloudFromSection(name, entries, name === activeName))
}

/** The keys az writes for a cloud: profile, then endpoints and suffixes in az's order, values escaped. */
export function sectionEntries(input: CloudInput): Record<string, string> {
  const entries: Record<string, string> = {}
  if (input.profile !== undefined) entries.profile = toIniValue(input.profile)
  for (const name of inAzOrder(input.endpoints ?? {}, ENDPOINT_NAMES)) entries[ENDPOINT_PREFIX + name] = toIniValue(input.endpoints![name])
  for (const name of inAzOrder(input.suffixes ?? {}, SUFFIX_NAMES)) entries[SUFFIX_PREFIX + name] = toIniValue(input.suffixes![name])
  return entries
}

function cloudFromSection(name: string, entries: Record<string, string>, isActive: boolean): Cloud {
  const endpoints: Record<string, string> = {}
  const suffixes: Record<string, string> = {}
  for (const [key, raw] of Object.entries(entries)) {
    if (key.startsWith(ENDPOINT_PREFIX)) endpoints[key.slice(ENDPOINT_PREFIX.length)] = fromIniValue(raw)
    else if (key.startsWith(SUFFIX_PREFIX)) suffixes[key.slice(SUFFIX_PREFIX.length)] = fromIniValue(raw)
  }

  // az falls back to the resource manager for a cloud that names no management endpoint.
  if (endpoints.management === undefined && endpoints.resource_manager !== undefined) endpoints.management = endpoints.resource_manager
  const profile = entries.profile === undefined ? DEFAULT_PROFILE : fromIniValue(entries.profile)
  return {endpoints: normalizeEndpoints(endpoints), isActive, name, profile, suffixes, writtenEndpoints: endpoints}
}

function builtInSection(cloud: BuiltInCloud): Record<string, string> {
  return sectionEntries({endpoints: cloud.endpoints as Record<string, string>, suffixes: cloud.suffixes as Record<string, string>})
}

/** The names set in `values`: the known ones in az's order, then any others as given. */
function inAzOrder(values: Record<string, string>, known: readonly string[]): string[] {
  const set = Object.keys(values).filter((name) => values[name] !== undefined)
  return [...known.filter((name) => set.includes(name)), ...set.filter((name) => !known.includes(name))]
}
