/**
 * The profile service: the subscriptions in azureProfile.json and the default one per cloud.
 *
 * Every change is a read-modify-write under the file's lock, written atomically, so parallel az
 * and azx processes lose no update. A file that cannot be used is never silently replaced: reads
 * fail with a message that says which file, what is wrong and what to do, and changes that do not
 * need the old content (login, logout, clear) keep it beside the new one and warn.
 */
import type {Cloud} from '../clouds/cloud.js'
import type {CloudService} from '../clouds/service.js'
import {CommandError, isAzError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {ConfigFile, configFile} from '../paths/index.js'
import {keepBadFile, withFileLock} from '../store/index.js'
import {readProfileFile, writeProfileFile} from './profile-file.js'
import type {ProfileRead} from './profile-file.js'
import {matchesSubscription, normalizeSubscription, pickWorkingSubscription} from './subscription.js'
import type {NewSubscription, ProfileDocument, StoredSubscription} from './types.js'

/** az's message whenever no subscription is stored for the active cloud. */
export const LOGIN_MESSAGE = "Please run 'az login' to setup account."

export interface ProfileServiceOptions {
  clouds: Pick<CloudService, 'activeCloudName' | 'setActive' | 'setSubscriptionOf' | 'subscriptionOf'>
  env?: NodeJS.ProcessEnv
}

export interface ListOptions {
  /** Only this cloud's subscriptions; the active cloud's by default. */
  cloud?: string
  /** Every cloud's subscriptions (`az account list --all`). */
  allClouds?: boolean
}

export interface SaveOptions {
  /** Keep the stored subscriptions that the login did not find (az's default); false replaces them all. */
  merge?: boolean
}

/** What `az cloud set` did. */
export interface CloudSwitchOutcome {
  cloud: Cloud
  /** False when the cloud was already active: nothing else happened. */
  changed: boolean
  /** The subscription that became the default, if one did. */
  subscription?: StoredSubscription
  /** Why the recorded subscription could not become the default (az then warns and goes on). */
  subscriptionError?: string
}

interface ChangeOptions {
  /** The change does not need the old content, so a bad file may be kept aside and replaced. */
  replaceBad: boolean
}

export class ProfileService {
  private readonly clouds: ProfileServiceOptions['clouds']
  private readonly env: NodeJS.ProcessEnv

  constructor(options: ProfileServiceOptions) {
    this.clouds = options.clouds
    this.env = options.env ?? process.env
  }

  /** The path of azureProfile.json in the config dir. */
  get path(): string {
    return configFile(ConfigFile.profile, this.env)
  }

  /** The whole stored profile (no subscriptions when the file does not exist). */
  async read(): Promise<ProfileDocument> {
    return this.usable(await readProfileFile(this.path))
  }

  /** The stored subscriptions of the active cloud, of one cloud, or of every cloud. */
  async listSubscriptions(options: ListOptions = {}): Promise<StoredSubscription[]> {
    const {subscriptions} = await this.read()
    if (options.allClouds) return subscriptions
    const cloud = options.cloud ?? (await this.clouds.activeCloudName())
    return subscriptions.filter((subscription) => subscription.environmentName === cloud)
  }

  /** The default subscription of a cloud (the active one by default), if it has one. */
  async defaultSubscription(cloud?: string): Promise<StoredSubscription | undefined> {
    const subscriptions = await this.listSubscriptions({cloud})
    return subscriptions.find((subscription) => subscription.isDefault)
  }

  /**
   * The subscription `idOrName` names in the active cloud (ID or name, any casing), or the
   * default one when it is undefined, with az's errors (`az account show`, `--subscription`).
   * Several subscriptions of that name are an error that lists their IDs.
   */
  async getSubscription(idOrName?: string): Promise<StoredSubscription> {
    const cloud = await this.clouds.activeCloudName()
    const subscriptions = await this.listSubscriptions({cloud})
    if (subscriptions.length === 0) throw new CommandError(LOGIN_MESSAGE)
    if (idOrName === undefined || idOrName === '') {
      const found = subscriptions.find((subscription) => subscription.isDefault)
      if (!found) throw new CommandError("No subscription found. Run 'az account set' to select a subscription.")
      return found
    }

    const matches = subscriptions.filter((subscription) => matchesSubscription(subscription, idOrName))
    if (matches.length === 0) throw new CommandError(`Subscription '${idOrName}' not found. Check the spelling and casing and try again.`)
    if (matches.length > 1) {
      throw new CommandError(`Multiple subscriptions with the name '${idOrName}' found. Specify the subscription ID.`, {
        recommendations: candidates(matches, cloud),
      })
    }

    return matches[0]
  }

  /**
   * Makes the subscription `idOrName` names in the active cloud the default (`az account set`): as
   * az, every stored entry in every cloud stops being the default, and the choice is recorded in
   * the cloud's clouds.config section. A Disabled subscription may be chosen.
   */
  async setDefaultSubscription(idOrName: string): Promise<StoredSubscription> {
    const cloud = await this.clouds.activeCloudName()
    return this.change(
      (document) => {
        const lowered = idOrName.toLowerCase()
        const matches = document.subscriptions.filter(
          (subscription) => subscription.environmentName === cloud && matchesSubscription(subscription, lowered),
        )
        // az lowercases the value in these two messages.
        if (matches.length === 0) throw new CommandError(`The subscription of '${lowered}' doesn't exist in cloud '${cloud}'.`)
        if (matches.length > 1) {
          throw new CommandError(`The subscription of '${lowered}' has more than one match in cloud '${cloud}'.`, {
            recommendations: candidates(matches, cloud),
          })
        }

        for (const subscription of document.subscriptions) subscription.isDefault = false
        matches[0].isDefault = true
        return matches[0]
      },
      {replaceBad: false},
      (chosen) => this.clouds.setSubscriptionOf(cloud, chosen.id),
    )
  }

  /**
   * Stores the subscriptions a login found (all for the active cloud), as az does: merged with
   * the stored ones by subscription ID (or replacing them all with `merge: false`); the previous
   * default stays the default if the login found it again, otherwise the first Enabled one found
   * becomes the default, and is recorded for the active cloud in clouds.config.
   * Returns the default subscription, or undefined when nothing is stored.
   */
  async saveSubscriptions(found: readonly NewSubscription[], options: SaveOptions = {}): Promise<StoredSubscription | undefined> {
    const cloud = await this.clouds.activeCloudName()
    const added = found.map((subscription) => normalizeSubscription(subscription))
    return this.change(
      (document) => {
        const previousDefault = document.subscriptions.find((subscription) => subscription.isDefault)
        const byId = new Map<string, StoredSubscription>()
        if (options.merge ?? true) for (const subscription of document.subscriptions) byId.set(subscription.id, subscription)
        // Map#set on a known key keeps its place, as Python's dict.update does.
        for (const subscription of added) byId.set(subscription.id, subscription)
        document.subscriptions = [...byId.values()]
        if (added.length === 0) return document.subscriptions.find((subscription) => subscription.isDefault)

        const again = previousDefault && added.find((subscription) => subscription.id === previousDefault.id)
        const chosen = byId.get((again ?? pickWorkingSubscription(added))!.id)!
        for (const subscription of document.subscriptions) subscription.isDefault = false
        chosen.isDefault = true
        return chosen
      },
      {replaceBad: true},
      async (chosen) => {
        if (chosen && added.length > 0) await this.clouds.setSubscriptionOf(cloud, chosen.id)
      },
    )
  }

  /** Removes every subscription (in every cloud) signed in as `userName`, any casing (`az logout`). Returns them. */
  async removeUser(userName: string): Promise<StoredSubscription[]> {
    const lowered = userName.toLowerCase()
    return this.change(
      (document) => {
        const removed = document.subscriptions.filter((subscription) => subscription.user.name.toLowerCase() === lowered)
        document.subscriptions = document.subscriptions.filter((subscription) => !removed.includes(subscription))
        return removed
      },
      {replaceBad: true},
    )
  }

  /** Forgets every subscription (`az account clear`); other members such as installationId stay. */
  async clear(): Promise<void> {
    await this.change(
      (document) => {
        document.subscriptions = []
      },
      {replaceBad: true},
    )
  }

  /**
   * `az cloud set`: makes a cloud active and then, as az does, makes its recorded subscription
   * (clouds.config `subscription =`) or its first Enabled one the default.
   */
  async switchCloud(name: string): Promise<CloudSwitchOutcome> {
    const {changed, cloud} = await this.clouds.setActive(name)
    if (!changed) return {changed, cloud}
    // The cloud has switched by now; like az, a subscription that cannot be chosen is only reported.
    try {
      const recorded = await this.clouds.subscriptionOf(cloud.name)
      const candidate = recorded ?? pickEnabled(await this.listSubscriptions({cloud: cloud.name}))?.id
      if (candidate === undefined) return {changed, cloud}
      return {changed, cloud, subscription: await this.setDefaultSubscription(candidate)}
    } catch (error) {
      if (!isAzError(error)) throw error
      return {changed, cloud, subscriptionError: error.message}
    }
  }

  /**
   * Runs `change` on the stored document under the file's lock, writes the result atomically,
   * then runs `afterWrite` (still under the lock, so clouds.config agrees with the profile).
   */
  private async change<T>(change: (document: ProfileDocument) => T, options: ChangeOptions, afterWrite?: (result: T) => Promise<void>): Promise<T> {
    return withFileLock(this.path, async () => {
      const read = await readProfileFile(this.path)
      const document = read.status === 'bad' && options.replaceBad ? await this.setAside(read) : this.usable(read)
      const result = change(document)
      await writeProfileFile(this.path, document)
      if (afterWrite) await afterWrite(result)
      return result
    })
  }

  private usable(read: ProfileRead): ProfileDocument {
    if (read.status === 'missing') return {subscriptions: []}
    if (read.status === 'ok') return read.document
    const recommendations = [`Run 'az login' to sign in again: azx then keeps this file beside it under a new name and starts a new one.`]
    if (!read.foreign) recommendations.push('Or repair the JSON by hand and run the command again.')
    if (read.hasPrivateKey) recommendations.push(privateKeyAdvice(this.path))
    throw new CommandError(`The file '${this.path}' cannot be used: ${read.problem}.`, {recommendations})
  }

  private async setAside(read: Extract<ProfileRead, {status: 'bad'}>): Promise<ProfileDocument> {
    const kept = await keepBadFile(this.path)
    log().warning(`The file '${this.path}' could not be used (${read.problem}); it has been kept as '${kept}' and a new one has been started.`)
    if (read.hasPrivateKey) log().warning(privateKeyAdvice(kept))
    return {subscriptions: []}
  }
}

function candidates(matches: readonly StoredSubscription[], cloud: string): string[] {
  return [`Subscriptions that match in cloud '${cloud}':`, ...matches.map((subscription) => `  ${subscription.id}  ${subscription.name}`)]
}

function pickEnabled(subscriptions: readonly StoredSubscription[]): StoredSubscription | undefined {
  return subscriptions.find((subscription) => subscription.state === 'Enabled')
}

function privateKeyAdvice(path: string): string {
  return `'${path}' holds a management certificate's private key in plain text: delete it once you no longer need that certificate.`
}
