/**
 * The clouds service: the registered clouds (built-in and custom), the active cloud, and the
 * changes `az cloud register|update|unregister|set` and login make to them.
 *
 * Names are matched exactly, as az matches them, except by {@link CloudService.setActive}, which
 * (like `az cloud set`) accepts any casing.
 */
import {CommandError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {ConfigFile, configFile} from '../paths/index.js'
import type {IniDocument, SettingsService} from '../settings/index.js'
import {API_PROFILES, DEFAULT_CLOUD_NAME, isApiProfile, isBuiltInCloud} from './builtin.js'
import type {ApiProfile} from './builtin.js'
import {cloudsFromDocument, sectionEntries} from './cloud.js'
import type {Cloud, CloudInput} from './cloud.js'
import {fromIniValue, readCloudsConfig, toIniValue, updateCloudsConfig} from './clouds-file.js'
import {assertHttpsEndpoints, missingEndpointsError, missingRequiredEndpoints} from './input.js'
import {completeFromMetadata, needsMetadata} from './metadata.js'

export interface CloudServiceOptions {
  /** Where the active cloud (`[cloud] name`) is read and written. */
  settings: Pick<SettingsService, 'get' | 'write'>
  env?: NodeJS.ProcessEnv
  /** The fetch used for ARM metadata; the global one by default. */
  fetch?: typeof globalThis.fetch
}

/** What `az cloud set` changed. */
export interface CloudSwitch {
  /** The cloud, with the casing it was registered with. */
  cloud: Cloud
  /** False when the cloud was already the active one (az then says nothing). */
  changed: boolean
}

interface Snapshot {
  active: string
  clouds: Cloud[]
  file: IniDocument
}

export class CloudService {
  private readonly env: NodeJS.ProcessEnv
  private readonly settings: CloudServiceOptions['settings']
  private readonly fetchImpl: typeof globalThis.fetch | undefined

  constructor(options: CloudServiceOptions) {
    this.env = options.env ?? process.env
    this.settings = options.settings
    this.fetchImpl = options.fetch
  }

  /** The path of clouds.config in the config dir. */
  get path(): string {
    return configFile(ConfigFile.clouds, this.env)
  }

  /** The API profiles a cloud may use (`az cloud list-profiles`). */
  profiles(): readonly ApiProfile[] {
    return API_PROFILES
  }

  /** Every registered cloud: the built-in ones, then custom ones in file order. */
  async list(): Promise<Cloud[]> {
    const {clouds} = await this.snapshot()
    for (const cloud of clouds) this.assertSupportedProfile(cloud)
    return clouds
  }

  /** The cloud registered under exactly `name`, or undefined. */
  async find(name: string): Promise<Cloud | undefined> {
    const {clouds} = await this.snapshot()
    return clouds.find((cloud) => cloud.name === name)
  }

  /** The cloud registered under exactly `name`; az's error when there is none. */
  async get(name: string): Promise<Cloud> {
    const cloud = await this.find(name)
    if (!cloud) throw notRegistered(name)
    this.assertSupportedProfile(cloud)
    return cloud
  }

  /** The name of the active cloud (`[cloud] name` in config, AzureCloud by default). */
  async activeCloudName(): Promise<string> {
    return (await this.snapshot()).active
  }

  /** The active cloud. */
  async activeCloud(): Promise<Cloud> {
    return this.get(await this.activeCloudName())
  }

  /**
   * Registers a custom cloud. Missing Active Directory endpoints are read from the cloud's ARM
   * metadata when a resource manager is given; a cloud without the required endpoints, or with an
   * endpoint that is not https, is refused.
   */
  async register(name: string, input: CloudInput): Promise<Cloud> {
    assertValidName(name)
    this.assertValidInput(input)
    const {clouds} = await this.snapshot()
    if (clouds.some((cloud) => cloud.name === name)) throw alreadyRegistered(name)
    const endpoints = await this.autodetect(input.endpoints ?? {})
    const missing = missingRequiredEndpoints(endpoints)
    if (missing.length > 0) throw missingEndpointsError(missing)
    await updateCloudsConfig(this.path, (doc) => {
      // Another process may have registered it since the check above.
      if (isBuiltInCloud(name) || Object.hasOwn(doc, name)) throw alreadyRegistered(name)
      doc[name] = sectionEntries({...input, endpoints})
    })
    return this.get(name)
  }

  /**
   * Changes the given values of a registered cloud (the active one when `name` is undefined),
   * leaving the others as they are. A built-in cloud gets a section of overrides in clouds.config.
   */
  async update(name: string | undefined, input: CloudInput): Promise<Cloud> {
    this.assertValidInput(input)
    const snapshot = await this.snapshot()
    const cloudName = name ?? snapshot.active
    if (!snapshot.clouds.some((cloud) => cloud.name === cloudName)) throw notRegistered(cloudName)
    // As az: a new resource manager brings its own AD endpoints, unless they are given too.
    const endpoints = await this.autodetect(input.endpoints ?? {})
    await updateCloudsConfig(this.path, (doc) => {
      if (!isBuiltInCloud(cloudName) && !Object.hasOwn(doc, cloudName)) throw notRegistered(cloudName)
      doc[cloudName] = {...doc[cloudName], ...sectionEntries({...input, endpoints})}
    })
    return this.get(cloudName)
  }

  /** Removes a custom cloud; the active cloud and built-in clouds cannot be removed. */
  async unregister(name: string): Promise<void> {
    const {active, clouds} = await this.snapshot()
    if (!clouds.some((cloud) => cloud.name === name)) throw notRegistered(name)
    if (name === active) throw new CommandError(`The cloud '${name}' cannot be unregistered as it's currently active.`)
    if (isBuiltInCloud(name)) throw new CommandError(`The cloud '${name}' cannot be unregistered as it's not a custom cloud.`)
    await updateCloudsConfig(this.path, (doc) => {
      delete doc[name]
    })
  }

  /**
   * Makes a cloud the active one, matching its name in any casing, and records it in config. The
   * caller switches the default subscription (see ProfileService.switchCloud).
   */
  async setActive(name: string): Promise<CloudSwitch> {
    const {active, clouds} = await this.snapshot()
    const lowered = name.toLowerCase()
    const cloud = clouds.find((candidate) => candidate.name.toLowerCase() === lowered)
    if (!cloud) throw notRegistered(name)
    if (cloud.name === active) return {changed: false, cloud}
    await this.settings.write('cloud', 'name', cloud.name)
    return {changed: true, cloud: {...cloud, isActive: true}}
  }

  /** The default subscription recorded for a cloud (`subscription =` in its clouds.config section). */
  async subscriptionOf(cloudName: string): Promise<string | undefined> {
    const file = await readCloudsConfig(this.path)
    const value = file[cloudName]?.subscription
    return value === undefined ? undefined : fromIniValue(value)
  }

  /** Records (or, with undefined, forgets) a cloud's default subscription in clouds.config. */
  async setSubscriptionOf(cloudName: string, subscriptionId: string | undefined): Promise<void> {
    const {clouds} = await this.snapshot()
    if (!clouds.some((cloud) => cloud.name === cloudName)) throw notRegistered(cloudName)
    await updateCloudsConfig(this.path, (doc) => {
      if (subscriptionId !== undefined) doc[cloudName] = {...doc[cloudName], subscription: toIniValue(subscriptionId)}
      else if (doc[cloudName]) delete doc[cloudName].subscription
    })
  }

  private async snapshot(): Promise<Snapshot> {
    const file = await readCloudsConfig(this.path)
    const configured = this.settings.get('cloud', 'name') ?? DEFAULT_CLOUD_NAME
    let clouds = cloudsFromDocument(file, configured)
    if (clouds.some((cloud) => cloud.name === configured)) return {active: configured, clouds, file}

    // az's own recovery (and words) when config names a cloud that is not registered.
    log().warning(`The cloud '${configured}' is not registered.`)
    log().warning(`Resetting active cloud to'${DEFAULT_CLOUD_NAME}'.`)
    await this.settings.write('cloud', 'name', DEFAULT_CLOUD_NAME)
    clouds = cloudsFromDocument(file, DEFAULT_CLOUD_NAME)
    return {active: DEFAULT_CLOUD_NAME, clouds, file}
  }

  private async autodetect(endpoints: Record<string, string>): Promise<Record<string, string>> {
    if (!needsMetadata(endpoints)) return endpoints
    const completed = await completeFromMetadata(endpoints, {fetch: this.fetchImpl})
    assertHttpsEndpoints(completed)
    return completed
  }

  private assertValidInput(input: CloudInput): void {
    assertHttpsEndpoints(input.endpoints ?? {})
    if (input.profile !== undefined && !isApiProfile(input.profile)) {
      throw new CommandError(`Profile ${input.profile} does not exist or is not supported.`, {
        recommendations: [`Use one of: ${API_PROFILES.join(', ')}.`],
      })
    }
  }

  private assertSupportedProfile(cloud: Cloud): void {
    if (isApiProfile(cloud.profile)) return
    throw new CommandError(`Profile ${cloud.profile} does not exist or is not supported.`, {
      recommendations: [
        `Run 'az cloud update -n ${cloud.name} --profile latest', or correct 'profile' in the [${cloud.name}] section of '${this.path}'.`,
      ],
    })
  }
}

function notRegistered(name: string): CommandError {
  return new CommandError(`The cloud '${name}' is not registered.`)
}

function alreadyRegistered(name: string): CommandError {
  return new CommandError(`The cloud '${name}' is already registered.`)
}

/** A name configparser can hold as a section header and read back as the same name. */
function assertValidName(name: string): void {
  if (name.trim() === name && name !== '' && name !== 'DEFAULT' && !/[[\]\r\n]/.test(name)) return
  throw new CommandError(`'${name}' cannot be used as a cloud name.`, {
    recommendations: ["Choose a name without '[', ']', line breaks or leading and trailing spaces (and not 'DEFAULT')."],
  })
}
