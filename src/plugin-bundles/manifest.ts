/** The list of a bundle's files (src/plugin-bundles), which the runner reads; apart so that reading it loads no bundler. */

/** `bundle.json` in the bundle's folder. */
export const BUNDLE_MANIFEST = 'bundle.json'

export interface BundleManifest {
  /** The file (relative to the folder) whose exports are each command's module, by oclif ID. */
  commands: Record<string, string>
  /** Extra modules by name (the host's help class, hooks and service registry). */
  modules: Record<string, string>
  /** By plugin, the file that exports oclif's cache of the @oclif/core its commands use, if they use one. */
  oclifCaches: Record<string, string>
}

/**
 * How a bundle file requires another file of its bundle that is not a chunk esbuild links (a module
 * of @oclif/core): `azx-entry:<path in the bundle, without .cjs>`. The runner's loader resolves it
 * and hands over the module's own exports.
 */
export const ENTRY_PREFIX = 'azx-entry:'
