// The Python az's command surface for the command groups azx has, read by az_surface.py from the
// parser az itself builds, in the layout of azx's snapshot: global options once, one line each.
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import {referenceGlobals, withoutUndefined} from './definitions.mjs'

const SCRIPT = new URL('az_surface.py', import.meta.url).pathname

/** The Python that runs Debian's az (/usr/bin/az starts with `#!/usr/bin/python3`). */
export const DEBIAN_AZ_PYTHON = '/usr/bin/python3'

/** The surface of every command az has under `groups` (az's first words: `account`, `login`, …). */
export async function azSurface(groups, python = DEBIAN_AZ_PYTHON) {
  const {stdout} = await promisify(execFile)(python, [SCRIPT, ...groups], {maxBuffer: 64 * 1024 * 1024, timeout: 300_000}).catch((error) => {
    throw new Error(
      `${python} could not read the Python az's parser (${error.stderr?.trim() || error.message}). ` +
        'Is the Python az installed? apt-get install -y azure-cli',
    )
  })

  const raw = JSON.parse(stdout)
  const entries = Object.entries(raw.commands).map(([name, {args, options}]) => [
    name,
    {args: args.map(describeArg), options: options.map((option) => [optionKey(option.names), describeOption(option), option.global === true])},
  ])
  const {commands, globals} = referenceGlobals(entries, 'options')
  return {az: raw.az, groups: [...new Set(Object.keys(commands).map((name) => name.split(' ')[0]))].sort(), globalOptions: globals, commands}
}

/** An option's key in the file: its first long name (`-i, --identity` is `--identity`). */
function optionKey(names) {
  return names.find((name) => name.startsWith('--')) ?? names[0]
}

/** az's words: `nargs` null is one value, 0 none, '?' an optional one, '+' one or more, '*' any number. */
function describeOption({choices, deprecated, hidden, names, nargs, required}) {
  return withoutUndefined({names, nargs, choices, required, hidden, deprecated})
}

function describeArg({choices, hidden, name, nargs, required}) {
  return withoutUndefined({name, nargs, choices, required, hidden})
}
