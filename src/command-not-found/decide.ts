/**
 * What to do with a command line azx has no command for: a mistyped azx command gets az's "Did you
 * mean" answer, words after a complete azx command are unrecognized arguments, and everything else
 * belongs to the Python az.
 */
import {closestWord} from '@azx/core/errors'

import {pythonAzHas} from '../python-az/commands.js'
import type {PythonAzCommands} from '../python-az/commands.js'

/** azx's commands and topics by oclif ID (`account:tenant:list`, `account:tenant`; oclif counts each command as a topic too). */
export interface AzxCommands {
  readonly commands: ReadonlySet<string>
  readonly topics: ReadonlySet<string>
}

export type UnknownCommand =
  /**
   * For the Python az. `path` is the command words up to the first azx does not have; `known` when
   * the Python az is known to have it (otherwise it may be an extension's, or a typo the Python az reports).
   */
  | {kind: 'python-az'; known: boolean; path: string[]}
  /** `word` names no azx command; `guess` is the azx command it is closest to. */
  | {kind: 'mistyped'; word: string; guess?: string}
  /** Words after an azx command that takes no arguments. */
  | {kind: 'unrecognized-arguments'; args: string[]}

/**
 * Decides for `words`, the command words of the command line (the arguments before the first flag).
 *
 * The words azx knows are skipped; the first one it does not know decides:
 * - after a complete azx command (`az login foo`): unrecognized arguments;
 * - a command or group the Python az is known to have (`az vm`, `az configure`, `az account lock`):
 *   the Python az, even when it looks like a typo of azx's (`configure` and `config`);
 * - close to an azx command at that place (`az acount`, `az account shw`): mistyped;
 * - otherwise, where the Python az may have it (the top level, where its extensions add groups, or
 *   inside a group it shares with azx): the Python az, which runs it or reports it in its own words;
 * - otherwise (inside a group only azx has, such as `plugins`): mistyped, without a guess.
 */
export function decideUnknownCommand(words: readonly string[], azx: AzxCommands, pythonAz: PythonAzCommands): UnknownCommand {
  // A command line that starts with a flag (`az --debug vm list`, which the Python az accepts) names no command azx could have.
  if (words.length === 0) return {known: false, kind: 'python-az', path: []}
  const ids = [...azx.commands, ...azx.topics]
  const known = (path: readonly string[]) => {
    const id = path.join(':')
    return ids.some((candidate) => candidate === id || candidate.startsWith(`${id}:`))
  }

  let depth = 0
  while (depth < words.length && known(words.slice(0, depth + 1))) depth++
  const prefix = words.slice(0, depth)
  const word = words[depth] ?? words.at(-1)!
  const prefixId = prefix.join(':')
  const hasSubcommands = ids.some((id) => id.startsWith(`${prefixId}:`))
  if (depth > 0 && azx.commands.has(prefixId) && !hasSubcommands) return {args: words.slice(depth), kind: 'unrecognized-arguments'}
  const path = [...prefix, word]
  if (pythonAzHas(pythonAz, path)) return {known: true, kind: 'python-az', path}

  const siblings = new Set(
    ids
      .filter((id) => (depth === 0 ? true : id.startsWith(`${prefixId}:`)))
      .map((id) => id.split(':')[depth])
      .filter(Boolean),
  )
  const guess = closestWord(word, [...siblings])
  if (guess) return {guess, kind: 'mistyped', word}
  if (depth === 0 || pythonAzHas(pythonAz, [prefix[0]])) return {known: false, kind: 'python-az', path}
  return {kind: 'mistyped', word}
}
