/**
 * az's settings: the INI file `config` in the config dir, overridden per key by the environment
 * variable `AZURE_<SECTION>_<KEY>` (for example `AZURE_CORE_OUTPUT=yaml`), as az reads them.
 */
import {readFileSync} from 'node:fs'

import {ConfigFile, configFile} from '../paths/index.js'
import {readTextFile, withFileLock, writeFileAtomic} from '../store/index.js'
import {parseIni, serializeIni} from './ini.js'
import type {IniDocument} from './ini.js'

export {parseIni, serializeIni} from './ini.js'
export type {IniDocument} from './ini.js'

/** configparser's boolean words, which az accepts for every on/off setting. */
const TRUE_WORDS = new Set(['1', 'on', 'true', 'yes'])
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off'])

/** A configparser boolean, or undefined when the text is not one. */
export function parseBoolean(value: string): boolean | undefined {
  const word = value.trim().toLowerCase()
  if (TRUE_WORDS.has(word)) return true
  if (FALSE_WORDS.has(word)) return false
  return undefined
}

/** Reads settings; one instance per process through the service registry. */
export class SettingsService {
  private file: IniDocument | undefined

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** A setting's value: the environment variable first, then the config file. */
  get(section: string, key: string): string | undefined {
    const fromEnv = this.env[`AZURE_${section}_${key}`.toUpperCase()]
    if (fromEnv !== undefined) return fromEnv
    return this.document()[section]?.[key]
  }

  /** A boolean setting, with `fallback` when it is unset or not a boolean word. */
  getBoolean(section: string, key: string, fallback: boolean): boolean {
    const value = this.get(section, key)
    return value === undefined ? fallback : (parseBoolean(value) ?? fallback)
  }

  /**
   * Sets `[section] key = value` in the config file (read, changed and written under its lock),
   * or removes the key when `value` is undefined; an emptied section is removed too.
   */
  async write(section: string, key: string, value: string | undefined): Promise<void> {
    const path = configFile(ConfigFile.config, this.env)
    await withFileLock(path, async () => {
      const text = await readTextFile(path)
      const doc = text === undefined ? {} : parseIni(text)
      if (value === undefined) {
        if (doc[section]) delete doc[section][key]
        if (doc[section] && Object.keys(doc[section]).length === 0) delete doc[section]
      } else {
        doc[section] = {...doc[section], [key]: value}
      }

      await writeFileAtomic(path, serializeIni(doc), {mode: 0o600})
    })
    this.reload()
  }

  /** Forgets what was read, so the next `get` reads the file again (after `az config set`). */
  reload(): void {
    this.file = undefined
  }

  private document(): IniDocument {
    if (!this.file) {
      let text: string | undefined
      try {
        text = readFileSync(configFile(ConfigFile.config, this.env), 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }

      this.file = text === undefined ? {} : parseIni(text)
    }

    return this.file
  }
}
