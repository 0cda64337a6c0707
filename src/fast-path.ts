/**
 * The commands the host answers before oclif loads, by their oclif IDs, and the bundled plugin that
 * answers each (see @azx/core/fast-path). Only azx's own plugins take part: a user plugin is found
 * by oclif, which is what the fast path skips.
 */
import type {FastCommands} from '@azx/core/fast-path'

const account = async (): Promise<FastCommands> => (await import('@azx/plugin-account/fast-path')).fastCommands

const FAST_COMMANDS: Readonly<Record<string, () => Promise<FastCommands>>> = {
  'account:get-access-token': account,
  'account:show': account,
}

/** True when a fast command printed the answer to `argv` (the words after `az`); false when oclif must run it. */
export async function runFastCommand(argv: readonly string[]): Promise<boolean> {
  const id = argv.slice(0, 2).join(':')
  const load = FAST_COMMANDS[id]
  if (!load) return false
  const [{runFastPath}, fast] = await Promise.all([import('@azx/core/fast-path'), load()])
  return runFastPath(id, argv.slice(2), fast)
}
