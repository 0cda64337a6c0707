/**
 * The services the registry knows, by name. Type-only: importing it loads nothing.
 * A service added to @azx/core gets an entry here and a factory in core-services.ts.
 */
export interface CoreServices {
  /** Placeholder until the first stateful service lands; replaced as services are added. */
  readonly 'settings': import('../settings/index.js').SettingsService
}
