/**
 * `clouds.config`: az's INI file of custom clouds and of per-cloud overrides, including the
 * `subscription = <id>` that login and `account set` record for each cloud.
 *
 * az reads it with configparser, which has two consequences kept here: values are interpolated
 * (`%%` stands for `%`), and a file that does not parse is a problem. az deletes such a file with
 * a warning; azx keeps it beside the original under a new name and says where.
 */
import {statSync} from 'node:fs'

import {CommandError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {IniSyntaxError, parseIniFile, serializeIni} from '../settings/index.js'
import type {IniDocument} from '../settings/index.js'
import {keepBadFile, readTextFile, withFileLock, writeFileAtomic} from '../store/index.js'

/** az creates clouds.config with the default umask (0644); an existing file keeps its mode, as with az. */
const NEW_FILE_MODE = 0o644

/** A value as az reads it: configparser turns `%%` into `%`. */
export function fromIniValue(raw: string): string {
  return raw.replaceAll('%%', '%')
}

/** A value as it must be written so that az reads it back unchanged. */
export function toIniValue(value: string): string {
  return value.replaceAll('%', '%%')
}

/**
 * The sections of clouds.config as stored (values not yet unescaped), or none when it is missing or
 * bad. A section or key written twice is an error (see parseIniFile): the file is left as it is.
 */
export async function readCloudsConfig(path: string): Promise<IniDocument> {
  const text = await readCloudsText(path)
  if (text === undefined) return {}
  try {
    return parseIniFile(path, text)
  } catch (error) {
    if (!(error instanceof IniSyntaxError)) throw error
    // Only one process may move the file aside; the others then read what is left.
    return withFileLock(path, async () => parseOrSetAside(path, await readCloudsText(path)))
  }
}

/**
 * Changes clouds.config under its lock: reads it, lets `change` edit the sections in place and
 * writes the result atomically. A bad file is kept aside first and `change` starts from nothing.
 */
export async function updateCloudsConfig(path: string, change: (doc: IniDocument) => void): Promise<void> {
  await withFileLock(path, async () => {
    const doc = await parseOrSetAside(path, await readCloudsText(path))
    change(doc)
    await writeFileAtomic(path, serializeIni(doc), {mode: currentMode(path)})
  })
}

async function parseOrSetAside(path: string, text: string | undefined): Promise<IniDocument> {
  if (text === undefined) return {}
  try {
    return parseIniFile(path, text)
  } catch (error) {
    if (!(error instanceof IniSyntaxError)) throw error
    const kept = await keepBadFile(path)
    log().warning(
      `'${path}' is in bad format (${error.message.replace(/\.$/, '')}), so azx uses the built-in clouds only. ` +
        `The file has been kept as '${kept}': fix it and rename it back to restore its clouds, or register them again with 'az cloud register'.`,
    )
    return {}
  }
}

async function readCloudsText(path: string): Promise<string | undefined> {
  try {
    return await readTextFile(path)
  } catch (error) {
    throw new CommandError(`Could not read '${path}': ${(error as Error).message}`, {
      cause: error,
      recommendations: ['Check that the file and its folder can be read by you, then run the command again.'],
    })
  }
}

function currentMode(path: string): number {
  try {
    return statSync(path).mode & 0o777
  } catch {
    return NEW_FILE_MODE
  }
}
