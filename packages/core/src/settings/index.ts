/**
 * az's settings: the INI file `config` in the config dir, overridden per key by the environment
 * variable `AZURE_<SECTION>_<KEY>` (for example `AZURE_CORE_OUTPUT=yaml`), read and written as az
 * reads and writes them, plus the local `config` files that `az config --local` uses (see
 * config-files.ts).
 */
import {readFileSync} from 'node:fs'

import {CommandError} from '../errors/index.js'
import {readTextFile, withFileLock, writeFileAtomic} from '../store/index.js'
import {parseBoolean} from './booleans.js'
import {configFileChain, globalConfigPath, localConfigPath} from './config-files.js'
import {DEFAULT_SECTION, emptyDocument, emptyRecord, IniSyntaxError, sectionView, serializeIni} from './ini.js'
import type {IniDocument} from './ini.js'
import {parseIniFile} from './ini-file.js'
import {interpolate, strayPercentPosition} from './interpolation.js'
import type {SettingAssignment, SettingKey} from './keys.js'

export {parseBoolean} from './booleans.js'
export {DEFAULT_SECTION, IniDuplicateError, IniSyntaxError, parseIni, sectionView, serializeIni} from './ini.js'
export type {IniDocument} from './ini.js'
export {parseIniFile} from './ini-file.js'
export {parseSettingAssignment, parseSettingKey, splitSettingQuery} from './keys.js'
export type {SettingAssignment, SettingKey} from './keys.js'

/** One setting as `az config get` reports it. */
export interface SettingEntry {
  name: string
  /** The file the value was read from, or the name of the environment variable that set it. */
  source: string
  value: string
}

export interface ScopeOptions {
  /**
   * `--local`: read the local config files (nearest first) before the global one, or write the one
   * in the working directory. Without it only the global file is used, as az does for settings.
   */
  local?: boolean
}

/** The cloud az records in a new config dir (`[cloud] name = AzureCloud`, env AZURE_CLOUD_NAME). */
const DEFAULT_CLOUD = 'AzureCloud'

/** Settings for the whole process; one instance through the service registry. */
export class SettingsService {
  /** Parsed files by path; dropped by {@link reload} and by every write. */
  private readonly documents = new Map<string, IniDocument>()

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly cwd: () => string = () => process.cwd(),
  ) {}

  /** A setting's value: the environment variable `AZURE_<SECTION>_<KEY>` first, then the file(s). */
  get(section: string, key: string, options: ScopeOptions = {}): string | undefined {
    const fromEnv = this.env[envVarName(section, key)]
    if (fromEnv !== undefined) return fromEnv
    for (const path of this.files(options)) {
      const view = sectionView(this.document(path), section)
      const raw = view?.[key.toLowerCase()]
      if (view && raw !== undefined) return interpolate(raw, view)
    }

    return undefined
  }

  /** A boolean setting, with `fallback` when it is unset or not a boolean word. */
  getBoolean(section: string, key: string, fallback: boolean): boolean {
    const value = this.get(section, key)
    return value === undefined ? fallback : (parseBoolean(value) ?? fallback)
  }

  /** The sections of the file(s) in file order, without configparser's `DEFAULT`. */
  sections(options: ScopeOptions = {}): string[] {
    const names = new Set<string>()
    for (const path of this.files(options)) {
      for (const name of Object.keys(this.document(path))) if (name !== DEFAULT_SECTION) names.add(name)
    }

    return [...names]
  }

  /**
   * A section's settings as `az config get <section>` lists them: the environment variables
   * `AZURE_<SECTION>_*` first, then each file's keys not seen yet, nearest file first.
   */
  entries(section: string, options: ScopeOptions = {}): SettingEntry[] {
    const found = new Map<string, SettingEntry>()
    const pattern = new RegExp(`^${escapeRegExp(envVarName(section, ''))}([0-9A-Z_]+)$`)
    for (const [variable, value] of Object.entries(this.env)) {
      const match = pattern.exec(variable)
      if (match && value !== undefined) found.set(match[1].toLowerCase(), {name: match[1].toLowerCase(), source: variable, value})
    }

    for (const path of this.files(options)) {
      const view = sectionView(this.document(path), section)
      if (!view) continue
      for (const [name, raw] of Object.entries(view)) {
        if (!found.has(name)) found.set(name, {name, source: path, value: interpolate(raw, view)})
      }
    }

    return [...found.values()]
  }

  /** One setting with its source, or undefined when it is not set anywhere. */
  entry(section: string, name: string, options: ScopeOptions = {}): SettingEntry | undefined {
    const wanted = name.toLowerCase()
    return this.entries(section, options).find((entry) => entry.name === wanted)
  }

  /** Every section with its settings, as `az config get` lists them. */
  list(options: ScopeOptions = {}): Record<string, SettingEntry[]> {
    const result = emptyRecord<SettingEntry[]>()
    for (const section of this.sections(options)) result[section] = this.entries(section, options)
    return result
  }

  /**
   * Stores settings (`az config set`): all are checked first, then written together under the
   * file's lock, so a bad value leaves the file untouched. Known settings are validated (a bad value
   * is a UsageError), other values are stored as given.
   */
  async set(assignments: SettingAssignment[], options: ScopeOptions = {}): Promise<void> {
    const {validateSetting} = await import('./validation.js')
    for (const {name, section, value} of assignments) {
      validateSetting(section, name, value)
      if (strayPercentPosition(value) >= 0) {
        throw new CommandError(`The value '${value}' of '${section}.${name}' has a '%' that az cannot store.`, {
          recommendations: [`Write '%%' for a '%' sign: az reads '%%' back as '%'.`],
        })
      }
    }

    await this.update(this.writePath(options), (doc) => {
      for (const {name, section, value} of assignments) (doc[section] ??= emptyRecord())[name.toLowerCase()] = value
      return true
    })
  }

  /**
   * Removes settings (`az config unset`); a missing one is no error. With `local`, each is removed
   * from the nearest file that has it. Emptied sections stay, as configparser leaves them.
   */
  async unset(keys: SettingKey[], options: ScopeOptions = {}): Promise<void> {
    for (const {name, section} of keys) {
      const key = name.toLowerCase()
      const path = this.files(options).find((candidate) => this.document(candidate)[section]?.[key] !== undefined)
      if (!path) continue
      await this.update(path, (doc) => {
        if (doc[section]?.[key] === undefined) return false
        delete doc[section][key]
        return true
      })
    }
  }

  /** Sets `[section] key = value` in the global file, or removes the key when `value` is undefined. */
  async write(section: string, key: string, value: string | undefined): Promise<void> {
    await (value === undefined ? this.unset([{name: key, section}]) : this.set([{name: key, section, value}]))
  }

  /**
   * Records the default cloud when none is set, as az does at the start of every command; the
   * config commands call it so that `az config get` shows what az shows in a new config dir.
   */
  async ensureDefaultCloud(): Promise<void> {
    if (this.get('cloud', 'name') !== undefined) return
    await this.update(globalConfigPath(this.env), () => true)
  }

  /** Forgets what was read, so the next read sees the files as they are now. */
  reload(): void {
    this.documents.clear()
  }

  private files(options: ScopeOptions): string[] {
    return options.local ? configFileChain(this.env, this.cwd) : [globalConfigPath(this.env)]
  }

  private writePath(options: ScopeOptions): string {
    return options.local ? localConfigPath(this.env, this.cwd) : globalConfigPath(this.env)
  }

  private document(path: string): IniDocument {
    let doc = this.documents.get(path)
    if (!doc) {
      let text: string | undefined
      try {
        text = readFileSync(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(path, error)
      }

      doc = text === undefined ? emptyDocument() : parseFile(path, text)
      this.documents.set(path, doc)
    }

    return doc
  }

  /**
   * Read-modify-write of one file under its lock. `change` returns false when it changed nothing.
   * The global file also gets the default cloud when it has none, as az's first run writes it.
   */
  private async update(path: string, change: (doc: IniDocument) => boolean): Promise<void> {
    const isGlobal = path === globalConfigPath(this.env)
    try {
      await withFileLock(path, async () => {
        const text = await readTextFile(path).catch((error: unknown) => {
          throw unreadable(path, error)
        })
        const doc = text === undefined ? emptyDocument() : parseFile(path, text)
        const seeded = isGlobal && this.seedDefaultCloud(doc)
        if (!change(doc) && !seeded) return
        // 0600 because az makes it so; the directory is 0700 when azx creates it.
        await writeFileAtomic(path, serializeIni(doc), {dirMode: 0o700, mode: 0o600})
      })
    } finally {
      this.documents.delete(path)
    }
  }

  private seedDefaultCloud(doc: IniDocument): boolean {
    if (this.env[envVarName('cloud', 'name')] !== undefined || sectionView(doc, 'cloud')?.name !== undefined) return false
    const cloud = (doc.cloud ??= emptyRecord())
    cloud.name = DEFAULT_CLOUD
    return true
  }
}

/** `AZURE_<SECTION>_<KEY>`, the variable that overrides a setting. */
function envVarName(section: string, key: string): string {
  return `AZURE_${section}_${key}`.toUpperCase()
}

function escapeRegExp(text: string): string {
  return text.replaceAll(/[$()*+.?[\\\]^{|}]/g, String.raw`\$&`)
}

/** A file that does not parse is reported, never replaced: a user may have edited it by hand. */
function parseFile(path: string, text: string): IniDocument {
  try {
    return parseIniFile(path, text)
  } catch (error) {
    if (!(error instanceof IniSyntaxError)) throw error
    throw new CommandError(`The config file '${path}' is not in a format az can read: ${error.message}.`, {
      recommendations: ['Correct or remove the file, then run the command again.'],
    })
  }
}

function unreadable(path: string, error: unknown): CommandError {
  return new CommandError(`The config file '${path}' could not be read: ${(error as Error).message}`, {cause: error})
}
