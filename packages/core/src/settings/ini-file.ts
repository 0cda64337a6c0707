/**
 * An INI file of the config dir (`config`, `clouds.config`, a local `.azure/config`) read by
 * configparser's strict rules, with what a person must do when it cannot be read that way.
 */
import {CommandError} from '../errors/index.js'
import {IniDuplicateError, parseIni} from './ini.js'
import type {IniDocument} from './ini.js'

/**
 * The file's sections. A section or key written twice is refused, never resolved: az cannot read
 * such a file either, and keeping one of the two values would silently change a setting (a second
 * `[cloud]` section switches the active cloud) and drop the other at the next write. A line that
 * does not parse at all throws IniSyntaxError, for the caller to report.
 */
export function parseIniFile(path: string, text: string): IniDocument {
  try {
    return parseIni(text)
  } catch (error) {
    if (error instanceof IniDuplicateError) throw duplicateError(path, error)
    throw error
  }
}

function duplicateError(path: string, {firstLine, key, line, section}: IniDuplicateError): CommandError {
  const lines = `lines ${firstLine} and ${line}`
  if (key === undefined) {
    return new CommandError(`'${path}' has the section [${section}] twice (${lines}), so it cannot be read: az refuses such a file too.`, {
      recommendations: [`Edit '${path}': merge the two [${section}] sections into one, keeping the values you want, then run the command again.`],
    })
  }

  return new CommandError(`'${path}' sets '${key}' twice in the section [${section}] (${lines}), so it cannot be read: az refuses such a file too.`, {
    recommendations: [`Edit '${path}': keep one '${key}' line in [${section}], the one with the value you want, then run the command again.`],
  })
}
