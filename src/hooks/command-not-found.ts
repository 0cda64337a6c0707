/**
 * An unknown command: az's "is misspelled or not recognized" error with a "Did you mean" guess,
 * exit 2. Runs only when no command matched, so it costs nothing on the normal path.
 */
import type {Hook} from '@oclif/core'
import {closestWord, usageHelpLines} from '@azx/core'

const hook: Hook.CommandNotFound = async function (options) {
  const words = options.id.split(':')
  // The first word that does not continue a known command or topic is the one that is wrong.
  const known = [...options.config.commandIDs, ...options.config.topics.map((topic) => topic.name)]
  let depth = 0
  while (depth < words.length && known.some((id) => id === words.slice(0, depth + 1).join(':') || id.startsWith(`${words.slice(0, depth + 1).join(':')}:`))) depth++
  const wrong = words[depth] ?? words.at(-1) ?? ''
  const prefix = words.slice(0, depth).join(':')
  const candidates = new Set(
    known.filter((id) => (prefix ? id.startsWith(`${prefix}:`) : true)).map((id) => id.split(':')[depth]).filter((word): word is string => Boolean(word)),
  )
  const guess = closestWord(wrong, [...candidates])
  const lines = [`ERROR: '${wrong}' is misspelled or not recognized by the system.`]
  if (guess) lines.push(`Did you mean '${guess}' ?`)
  process.stderr.write(`${[...lines, ...usageHelpLines()].join('\n')}\n`)
  process.exitCode = 2
  // Returning ends the run without oclif's own "command not found" error.
  return undefined as never
}

export default hook
