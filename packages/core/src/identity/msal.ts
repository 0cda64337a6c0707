import {createRequire} from 'node:module'

/** The @azure/msal-node module type, for type-only use elsewhere. */
export type Msal = typeof import('@azure/msal-node')

let loaded: Msal | undefined

/**
 * Loads MSAL Node on first use. Through `require` it loads one CommonJS bundle, about 40 ms
 * cheaper than its ESM files, and keeps MSAL out of commands that never sign in.
 */
export function loadMsal(): Msal {
  loaded ??= createRequire(import.meta.url)('@azure/msal-node') as Msal
  return loaded
}
