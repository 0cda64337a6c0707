/**
 * Helpers for usage errors: the "did you mean" guess and the lines az prints below a usage error.
 */

/** What az prints below a usage error that names `--query`, instead of examples. */
export const QUERY_REFERENCE = "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'"

/**
 * The lines az prints below a usage error when it has no example to show (an error of the
 * top-level parser, such as an unrecognized argument, or a command without examples).
 */
export function usageHelpLines(): string[] {
  return usageExampleLines('', [], [], () => undefined)
}

/** A help example: the command line (`az …`) and what it does. */
export interface UsageExample {
  command: string
  description: string
}

/**
 * The lines az prints below an error of a command's own parser. Without its online knowledge base
 * (which azx never asks), az shows up to three of the command's help examples: those naming most of
 * the flags the user typed first, then those with fewer flags, in their order otherwise.
 * `standardName` gives a flag's standard spelling (`-u` → `--username`), or undefined for a word
 * that is not one of the command's flags.
 */
export function usageExampleLines(
  command: string,
  examples: readonly UsageExample[],
  typed: readonly string[],
  standardName: (name: string) => string | undefined,
): string[] {
  const flagsOf = (words: readonly string[]) => parameterNames(words).flatMap((name) => standardName(name) ?? [])
  const wanted = new Set(flagsOf(typed))
  const ranked = examples
    .map((example) => {
      const words = example.command.split(/\s+/).filter(Boolean)
      const flags = flagsOf(words)
      const matches = words.join(' ').startsWith(`az ${command}`) ? flags.filter((flag) => wanted.has(flag)).length : -1
      return {example, flagCount: flags.length, matches}
    })
    .sort((a, b) => b.matches - a.matches || a.flagCount - b.flagCount)
    .slice(0, 3)
  const lines = ranked.flatMap(({example}) => [example.command.split(/\s+/).filter(Boolean).join(' '), example.description, ''])
  return ['', 'Examples from AI knowledge base:', ...lines, 'https://aka.ms/cli_ref', 'Read more about the command in reference docs']
}

/** The flag names among command-line words, as az's recommender extracts them: `--name` before any '=', `-x` of a short word. */
function parameterNames(words: readonly string[]): string[] {
  return words
    .filter((word) => word.startsWith('-') && !word.startsWith('---') && word.length > 1)
    .map((word) => (word.startsWith('--') ? word.split('=')[0] : word.slice(0, 2)))
}

/** The candidate closest to `word` by edit distance, if it is close enough to be a typo. */
export function closestWord(word: string, candidates: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }

  // Like difflib's cutoff in az: a guess must share most of its letters with the word.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(Math.max(word.length, best.length) * 0.4)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }

    previous = current
  }

  return previous[b.length]
}
