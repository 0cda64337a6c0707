/**
 * The process-wide service registry.
 *
 * A third-party plugin may bundle its own copy of @azx/core. Every copy looks services up in one
 * table kept on `globalThis` under `Symbol.for('azx.core.services.v1')`, and the first copy to
 * register a service's factory wins. The host registers its factories in bin/run.js before any
 * command loads, so every plugin in the process shares the host's instances (one in-memory token
 * cache, one settings reader). Factories are lazy: nothing is imported until a command asks.
 */
import type {CoreServices} from './services.js'

export type {CoreServices} from './services.js'

const KEY = Symbol.for('azx.core.services.v1')

type Factory = () => Promise<unknown>

interface Registry {
  /** Which copy of @azx/core registered first (its module URL), for `--debug` and tests. */
  readonly owner: string
  readonly factories: Map<string, Factory>
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

/** The process-wide instance of a service, created on first use by the registered factory. */
export async function service<K extends keyof CoreServices & string>(name: K): Promise<CoreServices[K]> {
  const reg = registry()
  let instance = reg.instances.get(name)
  if (!instance) {
    if (!reg.factories.has(name)) {
      const {registerCoreServices} = await import('./core-services.js')
      registerCoreServices()
    }

    const factory = reg.factories.get(name)
    if (!factory) throw new Error(`No service named '${name}' is registered.`)
    instance = factory()
    reg.instances.set(name, instance)
  }

  return instance as Promise<CoreServices[K]>
}

/** The module URL of the @azx/core copy whose registry is in use. */
export function registryOwner(): string {
  return registry().owner
}

/** Forgets every instance, so the next `service()` call builds afresh (tests, or after `AZURE_CONFIG_DIR` changes). */
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
