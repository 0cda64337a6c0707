// Where azx's command surface differs from the Python az's, in the command groups az has, and
// which of those differences are recorded (with their reasons) as intended.
import {resolveGlobal} from './definitions.mjs'

/**
 * Every difference between the two surfaces, in a stable order. Flags are matched by any option
 * string they share (`--subscription` matches `-s, --subscription, -n, --name`); az's `-h,
 * --help` is oclif's help flag, which is not in the manifests.
 */
export function azDifferences(azx, az) {
  const differences = []
  const azxCommands = Object.keys(azx.commands).filter((name) => az.groups.includes(name.split(' ')[0]))
  for (const command of Object.keys(az.commands)) {
    if (!(command in azx.commands)) differences.push({command, difference: 'command only in az'})
  }

  for (const command of azxCommands) {
    if (command in az.commands)
      differences.push(
        ...commandDifferences(command, azxFlags(azx, command), azOptions(az, command), azx.commands[command].args, az.commands[command].args),
      )
    else differences.push({command, difference: 'command only in azx'})
  }

  return differences
}

/** azx's flags of a command, each with its option strings and az's words for its value. */
function azxFlags(azx, command) {
  const flags = Object.entries(azx.commands[command].flags).map(([name, definition]) => {
    const flag = resolveGlobal(definition, azx.globalFlags, name)
    const names = [
      `--${name}`,
      ...(flag.char ? [`-${flag.char}`] : []),
      ...(flag.aliases ?? []).map((alias) => `--${alias}`),
      ...(flag.charAliases ?? []).map((alias) => `-${alias}`),
      ...(flag.allowNo ? [`--no-${name}`] : []),
    ]
    return {
      key: `--${name}`,
      names,
      value: flag.type === 'boolean' ? 'none' : flag.multiple ? 'one or more' : 'one',
      choices: flag.options,
      required: flag.required === true,
      hidden: flag.hidden === true,
    }
  })
  const help = {key: '--help', names: azx.helpFlags, value: 'none', required: false, hidden: false}
  return [help, ...flags]
}

function azOptions(az, command) {
  return Object.entries(az.commands[command].options).map(([key, definition]) => {
    const option = resolveGlobal(definition, az.globalOptions, key)
    return {
      key,
      names: option.names,
      value: nargsValue(option.nargs),
      choices: option.choices,
      required: option.required === true,
      hidden: option.hidden === true,
    }
  })
}

/** argparse's nargs in words. */
function nargsValue(nargs) {
  const words = {0: 'none', '?': 'optional', '+': 'one or more', '*': 'any number'}
  return nargs === null ? 'one' : (words[nargs] ?? `${nargs}`)
}

function commandDifferences(command, azxFlags, azOptions, azxArgs, azArgs) {
  const differences = []
  const matched = new Set()
  for (const option of azOptions) {
    const flag = azxFlags.find((candidate) => candidate.names.some((name) => option.names.includes(name)))
    if (!flag) {
      differences.push({command, flag: option.key, difference: 'flag only in az'})
      continue
    }

    matched.add(flag)
    const compared = [
      ['names', sorted(option.names), sorted(flag.names)],
      ['value', option.value, flag.value],
      ['choices', option.choices && sorted(option.choices), flag.choices && sorted(flag.choices)],
      ['required', option.required, flag.required],
      ['hidden', option.hidden, flag.hidden],
    ]
    for (const [difference, azValue, azxValue] of compared) {
      if (JSON.stringify(azValue) !== JSON.stringify(azxValue))
        differences.push({command, flag: option.key, difference, az: azValue ?? null, azx: azxValue ?? null})
    }
  }

  for (const flag of azxFlags) if (!matched.has(flag)) differences.push({command, flag: flag.key, difference: 'flag only in azx'})
  differences.push(...argDifferences(command, azxArgs, azArgs))
  return differences
}

/** Positional arguments, compared by name and by how many values they take. */
function argDifferences(command, azxArgs, azArgs) {
  const differences = []
  for (const arg of azArgs) {
    const azxArg = azxArgs.find((candidate) => candidate.name === arg.name)
    if (!azxArg) differences.push({command, arg: arg.name, difference: 'argument only in az'})
    else if (nargsValue(arg.nargs) !== argValue(azxArg))
      differences.push({command, arg: arg.name, difference: 'value', az: nargsValue(arg.nargs), azx: argValue(azxArg)})
  }

  for (const arg of azxArgs)
    if (!azArgs.some((candidate) => candidate.name === arg.name)) differences.push({command, arg: arg.name, difference: 'argument only in azx'})
  return differences
}

function argValue({multiple, required}) {
  if (multiple) return required ? 'one or more' : 'any number'
  return required ? 'one' : 'optional'
}

function sorted(list) {
  return [...list].sort()
}

/**
 * The differences no entry of `recorded` accounts for, and the entries that no longer match a
 * difference. An entry matches a difference with the same command, flag or argument, kind and
 * values; an entry for a command that only one side has may name a group (`account lock`), which
 * covers every command under it.
 */
export function reconcile(differences, recorded) {
  const used = new Set()
  const unrecorded = differences.filter((difference) => {
    const entry = recorded.find((candidate) => matches(candidate, difference))
    if (entry) used.add(entry)
    return !entry
  })
  return {stale: recorded.filter((entry) => !used.has(entry)), unrecorded}
}

const IDENTITY = ['flag', 'arg', 'difference', 'az', 'azx']

function matches(entry, difference) {
  const coversCommand =
    entry.command === difference.command || (difference.difference.startsWith('command only') && difference.command.startsWith(`${entry.command} `))
  return coversCommand && IDENTITY.every((field) => JSON.stringify(entry[field]) === JSON.stringify(difference[field]))
}
