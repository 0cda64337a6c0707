/**
 * Checks the settings azx reads before they are stored. az stores any text, and then a bad
 * `core.output` or `core.only_show_errors` breaks every later command with a traceback; azx refuses
 * the value instead, with the values it accepts. Keys azx does not know are stored as given.
 */
import {UsageError} from '../errors/index.js'
import {OUTPUT_FORMATS} from '../output/formats.js'
import {FALSE_WORDS, TRUE_WORDS} from './booleans.js'

type Kind = 'boolean' | 'output'

/** The settings azx reads, by `section.name`; each can also come from `AZURE_<SECTION>_<NAME>`. */
const KNOWN_SETTINGS: Readonly<Record<string, Kind>> = {
  /** AZURE_CORE_DELEGATE_TO_PYTHON_AZ: run the commands azx does not have in the Python az (on by default). */
  'core.delegate_to_python_az': 'boolean',
  /** AZURE_CORE_ENABLE_BROKER_ON_WINDOWS: sign in through WAM on Windows. */
  'core.enable_broker_on_windows': 'boolean',
  /** AZURE_CORE_ENCRYPT_TOKEN_CACHE: keep the token cache encrypted (`msal_token_cache.bin`). */
  'core.encrypt_token_cache': 'boolean',
  /** AZURE_CORE_INSTANCE_DISCOVERY: let MSAL check the authority (off for Azure Stack). */
  'core.instance_discovery': 'boolean',
  /** AZURE_CORE_LOGIN_EXPERIENCE_V2: the subscription selector after `az login`. */
  'core.login_experience_v2': 'boolean',
  /** AZURE_CORE_NO_COLOR: no colour, so `WARNING:`/`ERROR:` prefixes. */
  'core.no_color': 'boolean',
  /** AZURE_CORE_ONLY_SHOW_ERRORS: like `--only-show-errors`. */
  'core.only_show_errors': 'boolean',
  /** AZURE_CORE_OUTPUT: the default `--output`. */
  'core.output': 'output',
}

const ALLOWED: Readonly<Record<Kind, readonly string[]>> = {
  boolean: TRUE_WORDS.flatMap((word, index) => [word, FALSE_WORDS[index]]),
  output: OUTPUT_FORMATS,
}

/** True when `section.name` is checked by {@link validateSetting}. */
export function isKnownSetting(section: string, name: string): boolean {
  return Object.hasOwn(KNOWN_SETTINGS, `${section}.${name.toLowerCase()}`)
}

/**
 * Throws a UsageError (exit 2) naming the setting, the value and the allowed values when `value` is
 * not one az accepts for a known setting. Values are compared case-insensitively and trimmed, as az
 * reads them back from the file.
 */
export function validateSetting(section: string, name: string, value: string): void {
  const key = `${section}.${name.toLowerCase()}`
  if (!Object.hasOwn(KNOWN_SETTINGS, key)) return
  const kind = KNOWN_SETTINGS[key]
  if (ALLOWED[kind].includes(value.trim().toLowerCase())) return
  throw new UsageError(`'${value}' is not a valid value for '${key}'. Allowed values: ${ALLOWED[kind].join(', ')}.`)
}
