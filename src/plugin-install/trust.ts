/**
 * Which plugins install without asking: azx's own (the `@azx` npm scope) and those the user listed
 * in the trust list, a JSON array of package names in azx's config dir
 * (`~/.config/azx/trusted-plugins.json`; `$XDG_CONFIG_HOME/azx` or `AZ_CONFIG_DIR` when set), like
 * the Salesforce CLI's `unsignedPluginAllowList.json`. Any other plugin runs code of a publisher azx
 * knows nothing about, with the user's files and Azure sign-in, so `az plugins install` asks first.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {CommandError} from '@azx/core/errors'

const TRUST_LIST_FILE = 'trusted-plugins.json'
const AZX_SCOPE = '@azx/'

/** The trust list's path in azx's config dir (oclif's `config.configDir`). */
export function trustListPath(azxConfigDir: string): string {
  return join(azxConfigDir, TRUST_LIST_FILE)
}

/** The package names in the trust list; none when there is no file. A file that is not a list of names is an error. */
export function readTrustList(path: string): string[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new CommandError(`The trust list ${path} cannot be read: ${(error as Error).message}`)
  }

  let names: unknown
  try {
    names = JSON.parse(text)
  } catch {
    names = undefined
  }

  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
    throw new CommandError(`The trust list ${path} is not a JSON array of package names.`, {
      recommendations: ['Fix it, for example ["@contoso/azx-plugin-vm"], or delete it.'],
    })
  }

  return names
}

/** True when installing `name` needs the user's consent; an unknown name (a repository) always does. */
export function needsConsent(name: string | undefined, trustList: readonly string[]): boolean {
  if (name === undefined) return true
  return !name.startsWith(AZX_SCOPE) && !trustList.includes(name)
}
