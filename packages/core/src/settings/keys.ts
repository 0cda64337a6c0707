/**
 * Settings as `az config` names them on the command line: `section.name` and `section.name=value`.
 * Malformed arguments get az's messages; az raises them as command errors, so they exit with 1.
 */
import {CommandError} from '../errors/index.js'

/** A setting: `[section] name` in the INI file; the name is stored lower-cased. */
export interface SettingKey {
  section: string
  name: string
}

export interface SettingAssignment extends SettingKey {
  value: string
}

const ASSIGNMENT_USAGE = 'usage error: [section].[name]=[value] ...'
const KEY_USAGE = 'usage error: [section].[name]'

/**
 * `section.name=value`, split at the first `=` and the first `.` as az splits it. A value of `''`
 * or `""` is the empty string (what a shell leaves when quotes are nested).
 */
export function parseSettingAssignment(text: string): SettingAssignment {
  const equals = text.indexOf('=')
  if (equals < 0) throw new CommandError(ASSIGNMENT_USAGE)
  const key = parseKey(text.slice(0, equals), ASSIGNMENT_USAGE)
  const value = text.slice(equals + 1)
  return {...key, value: value === "''" || value === '""' ? '' : value}
}

/** `section.name`, for `az config unset`. */
export function parseSettingKey(text: string): SettingKey {
  return parseKey(text, KEY_USAGE)
}

/**
 * What `az config get` was asked for: everything (no text), a section (`core`, or `core.`), or one
 * setting (`core.output`).
 */
export function splitSettingQuery(text: string | undefined): {section?: string; name?: string} {
  if (!text) return {}
  const dot = text.indexOf('.')
  if (dot < 0) return {section: text}
  const name = text.slice(dot + 1)
  return name === '' ? {section: text.slice(0, dot)} : {name, section: text.slice(0, dot)}
}

function parseKey(text: string, usage: string): SettingKey {
  const dot = text.indexOf('.')
  if (dot < 0) throw new CommandError(usage)
  const section = text.slice(0, dot)
  const name = text.slice(dot + 1)
  // az writes such names, and then neither az nor azx can read the file back as it was meant.
  const problem = sectionProblem(section) ?? nameProblem(name)
  if (problem) throw new CommandError(usage, {recommendations: [problem]})
  return {name: name.toLowerCase(), section}
}

function sectionProblem(section: string): string | undefined {
  if (section === '') return 'The section name is empty.'
  if (/[\r\n]/.test(section)) return 'A section name cannot span lines.'
  return undefined
}

function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'The setting name is empty.'
  if (/[:\r\n]/.test(name)) return `The setting name '${name}' cannot contain ':' or span lines.`
  if (name !== name.trim() || /^[#;[]/.test(name))
    return `The setting name '${name}' cannot start with '#', ';' or '[', or start or end with a space.`
  return undefined
}
