// azx's command surface: every command the CLI ships (the host's and its bundled plugins'), its
// aliases, arguments and flags, as oclif reads them at start-up from the manifests the build
// writes. User-installed plugins are left out: they are not part of what azx ships.
import {Config} from '@oclif/core'

import {nonEmpty, referenceGlobals, withoutUndefined} from './definitions.mjs'

/** The help group of the flags AzCommand gives every command (`--output`, `--query`, …). */
const GLOBAL_HELP_GROUP = 'GLOBAL'

/** The surface of the CLI whose package.json is in `root`. */
export async function azxSurface(root) {
  const config = await Config.load({devPlugins: false, root, userPlugins: false})
  // oclif lists each alias as a command of its own, whose aliases include its id.
  const commands = config.commands.filter((command) => !command.aliases.includes(command.id))
  const {commands: described, globals} = referenceGlobals(
    commands.map((command) => [commandName(command.id), describeCommand(command)]),
    'flags',
  )
  return {
    helpFlags: ['--help', ...(config.pjson.oclif.additionalHelpFlags ?? [])],
    versionFlags: ['--version', ...(config.pjson.oclif.additionalVersionFlags ?? [])],
    globalFlags: globals,
    commands: described,
  }
}

/** A command id as users type it: `account:get-access-token` is `account get-access-token`. */
function commandName(id) {
  return id.replaceAll(':', ' ')
}

function describeCommand(command) {
  return withoutUndefined({
    plugin: command.pluginName,
    aliases: command.aliases.map(commandName).sort(),
    hiddenAliases: nonEmpty(command.hiddenAliases?.map(commandName).sort()),
    hidden: command.hidden || undefined,
    state: command.state,
    args: Object.values(command.args ?? {}).map(describeArg),
    flags: Object.values(command.flags).map((flag) => [flag.name, describeFlag(flag), flag.helpGroup === GLOBAL_HELP_GROUP]),
  })
}

/** What a user can type for a flag: its names, whether it takes a value (and how many, which), whether it must be given. */
function describeFlag(flag) {
  return withoutUndefined({
    type: flag.type,
    char: flag.char,
    aliases: nonEmpty(flag.aliases),
    charAliases: nonEmpty(flag.charAliases),
    allowNo: flag.allowNo || undefined,
    multiple: flag.multiple || undefined,
    options: nonEmpty(flagOptions(flag)),
    required: flag.required || undefined,
    hidden: flag.hidden || undefined,
  })
}

/**
 * The values a flag accepts, where they are fixed: oclif's `options`, or those of @azx/core's
 * enumFlag, which lists them only in its help value (`{a,b,c}`) so that oclif leaves checking
 * them to the flag's parser.
 */
function flagOptions(flag) {
  if (flag.options) return flag.options
  return /^\{(.+)\}$/.exec(flag.helpValue ?? '')?.[1].split(',')
}

function describeArg(arg) {
  return withoutUndefined({
    name: arg.name,
    required: arg.required || undefined,
    multiple: arg.multiple || undefined,
    options: nonEmpty(arg.options),
    hidden: arg.hidden || undefined,
  })
}
