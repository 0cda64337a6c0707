/**
 * The process-wide service registry.
 *
 * A third-party plugin may bundle its own copy of @azx/core. Every copy looks services up in one
 * table kept on `globalThis` under `Symbol.for('azx.core.services.v1')`, and the first copy to
 * register a service's factory wins. The host registers its factories in bin/run.js before any
 * command loads, so every plugin in the process shares the host's instances (one in-memory token
 * cache, one settings reader). Factories are lazy: nothing is imported until a command asks.
 *
 * An instance serves only the config dir it was built for (see {@link instanceKey}), as sfdx-core
 * keeps one StateAggregator per global dir: a process that changes `AZURE_CONFIG_DIR` between two
 * commands (a test, a plugin's own tooling) gets the other dir's services without asking for them.
 */
import type {CoreServices} from './services.js'

export type {CoreServices} from './services.js'

const KEY = Symbol.for('azx.core.services.v1')

type Factory = () => Promise<unknown>

interface Registry {
  /** Which copy of @azx/core registered first (its module URL), for `--debug` and tests. */
  readonly owner: string
  readonly factories: Map<string, Factory>
  /**
   * Instances by {@link instanceKey}. An older copy of @azx/core looks instances up by bare name:
   * it finds none of these and builds its own with the same factories, as before.
   */
  readonly instances: Map<string, Promise<unknown>>
}

function registry(): Registry {
  const store = globalThis as unknown as Record<symbol, Registry | undefined>
  store[KEY] ??= {factories: new Map(), instances: new Map(), owner: import.meta.url}
  return store[KEY]
}

/** Registers a service factory unless one is already registered under that name. */
export function defineService<K extends keyof CoreServices & string>(name: K, factory: () => Promise<CoreServices[K]>): void {
  const {factories} = registry()
  if (!factories.has(name)) factories.set(name, factory)
}

/** Loaded by the first {@link service} call, not at start-up: `az plugins` never needs it. */
let paths: Promise<typeof import('../paths/index.js')> | undefined

/**
 * What an instance of `name` is built for: the config dir (`AZURE_CONFIG_DIR`, resolved; default
 * `~/.azure`) and `AZURE_CORE_ENCRYPT_TOKEN_CACHE`, which chooses the token cache's file when the
 * token-cache service is built. The services read everything else (the files, other
 * `AZURE_<SECTION>_<KEY>` overrides, the working directory) when they use it.
 */
async function instanceKey(name: string): Promise<string> {
  paths ??= import('../paths/index.js')
  const {configDir} = await paths
  return JSON.stringify([name, configDir(), process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE ?? null])
}

/**
 * The instance of a service for the current config dir, created on first use there by the
 * registered factory. A dir gets the same instance for the life of the process, also when other
 * dirs were used in between: what a service holds in memory, such as the token cache's refresh
 * lock, stays one per dir.
 */
export async function service<K extends keyof CoreServices & string>(name: K): Promise<CoreServices[K]> {
  const key = await instanceKey(name)
  const reg = registry()
  let instance = reg.instances.get(key)
  if (!instance) {
    if (!reg.factories.has(name)) {
      const {registerCoreServices} = await import('./core-services.js')
      registerCoreServices()
    }

    const factory = reg.factories.get(name)
    if (!factory) throw new Error(`No service named '${name}' is registered.`)
    instance = factory()
    reg.instances.set(key, instance)
  }

  return instance as Promise<CoreServices[K]>
}

/** The module URL of the @azx/core copy whose registry is in use. */
export function registryOwner(): string {
  return registry().owner
}

/**
 * Forgets every instance of every config dir, so the next `service()` call builds afresh and reads
 * its files again: for a test that changes a file behind a live service (a settings file, or
 * `core.encrypt_token_cache` in it). A change of `AZURE_CONFIG_DIR` needs no reset.
 */
export function resetServiceInstances(): void {
  registry().instances.clear()
}

/**
 * Forgets the registry altogether, factories and owner included (tests that register their own).
 */
export function forgetServices(): void {
  delete (globalThis as unknown as Record<symbol, Registry | undefined>)[KEY]
}

/** Registers this copy's factories; bin/run.js calls it first so the host's copy wins. */
export async function registerHostServices(): Promise<void> {
  const {registerCoreServices} = await import('./core-services.js')
  registerCoreServices()
}
