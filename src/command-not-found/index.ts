/**
 * The command-not-found path: a command line no azx command matched (from the oclif hook, or from
 * help for such a command line) is answered as az answers a typo, or run by the Python az. It loads
 * neither MSAL nor the sign-in services: only the settings, to see whether delegation is on.
 */
import {isAzError} from '@azx/core/errors'

import {pythonAzCommands} from '../python-az/commands.js'
import {delegationTarget} from '../python-az/delegation.js'
import type {DelegationTarget} from '../python-az/delegation.js'
import {exitAs, runPythonAz} from '../python-az/run.js'
import {reportError} from '../report-error.js'
import {decideUnknownCommand} from './decide.js'
import {notRecognized, providerLine, unrecognizedArguments} from './message.js'

/** What of oclif's Config the decision needs. */
export interface CommandTree {
  commandIDs: readonly string[]
  /** The host's root directory (its bin/run.js is azx's own `az`). */
  root: string
  topics: readonly {name: string}[]
}

/** Answers `argv` (the arguments after `az`, exactly as typed), for which azx has no command. */
export async function handleUnknownCommand(config: CommandTree, argv: readonly string[]): Promise<void> {
  const words = argv.slice(0, firstFlag(argv))
  const azx = {commands: new Set(config.commandIDs), topics: new Set(config.topics.map((topic) => topic.name))}
  const decision = decideUnknownCommand(words, azx, pythonAzCommands())
  if (decision.kind === 'mistyped') return usageError(notRecognized(decision.word, decision.guess))
  if (decision.kind === 'unrecognized-arguments') return usageError(unrecognizedArguments(decision.args))

  let target: DelegationTarget
  try {
    target = await delegationTarget(config.root)
  } catch (error) {
    // The config file cannot be read, so whether to delegate cannot be told.
    if (!isAzError(error)) throw error
    return reportError(error)
  }

  if (target.kind !== 'found') {
    const [error, ...advice] = notRecognized(decision.path.at(-1) ?? argv[0] ?? '')
    return usageError([error, providerLine(decision.path, decision.known, target), ...advice])
  }

  try {
    exitAs(await runPythonAz(target.path, argv))
  } catch (error) {
    process.stderr.write(`ERROR: The Python az at '${target.path}' could not be started: ${(error as Error).message}\n`)
    process.exitCode = 1
  }
}

function firstFlag(argv: readonly string[]): number {
  const index = argv.findIndex((arg) => arg.startsWith('-'))
  return index === -1 ? argv.length : index
}

function usageError(lines: readonly string[]): void {
  process.stderr.write(`${lines.join('\n')}\n`)
  process.exitCode = 2
}
