/**
 * oclif found no command for the command line: a typo of an azx command gets az's answer (exit 2),
 * anything else goes to the Python az (src/command-not-found). Runs only when no command matched,
 * so it costs nothing on the normal path.
 */
import type {Hook} from '@oclif/core'

import {handleUnknownCommand} from '../command-not-found/index.js'

const hook: Hook.CommandNotFound = async function (options) {
  // The command line exactly as typed, which the Python az gets unchanged (oclif's `id` is its own rewriting of it).
  await handleUnknownCommand(options.config, process.argv.slice(2))
  // Returning ends the run without oclif's own "command not found" error.
  return undefined as never
}

export default hook
