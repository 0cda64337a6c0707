/**
 * The text az prints for a command it does not know, and the line azx adds when the command belongs
 * to the Python az (or an azx plugin) but cannot be handed to it.
 */
import {usageHelpLines} from '@azx/core/errors'

import type {DelegationTarget} from '../python-az/delegation.js'

export const INSTALL_PYTHON_AZ = 'https://learn.microsoft.com/cli/azure/install-azure-cli'

/** azx plugins that add a group the Python az also has, by group: `az plugins install <group>` finds them. */
const AZX_PLUGINS: Readonly<Record<string, string>> = {group: '@azx/plugin-group'}

/** az's lines for an unknown word: the error, a guess, then the lines below every usage error. */
export function notRecognized(word: string, guess?: string): string[] {
  const lines = [`ERROR: '${word}' is misspelled or not recognized by the system.`]
  if (guess) lines.push(`Did you mean '${guess}' ?`)
  return [...lines, ...usageHelpLines()]
}

/** az's lines for words after a command that takes none. */
export function unrecognizedArguments(args: readonly string[]): string[] {
  return [`ERROR: unrecognized arguments: ${args.join(' ')}`, ...usageHelpLines()]
}

/**
 * The one line that says where the command `az <path>` can be had when azx cannot hand it to the
 * Python az (`target` says why); `known` when the Python az is known to have it.
 */
export function providerLine(path: readonly string[], known: boolean, target: Exclude<DelegationTarget, {kind: 'found'}>): string {
  if (target.kind === 'unusable') return `AZX_PYTHON_AZ names '${target.path}', which azx cannot run as the Python az: ${target.reason}.`
  const state =
    target.kind === 'off' ? 'which azx does not run while core.delegate_to_python_az is false' : `which is not installed (${INSTALL_PYTHON_AZ})`
  if (!known) return `azx hands the commands it does not have to the Python az (azure-cli), ${state}.`
  const plugin = path.length === 1 ? AZX_PLUGINS[path[0]] : undefined
  const orPlugin = plugin ? `, and of the azx plugin ${plugin}: az plugins install ${path[0]}` : ''
  return `'az ${path.join(' ')}' is a command of the Python az (azure-cli), ${state}${orPlugin}.`
}
