/**
 * Helpers for usage errors: the "did you mean" guess and the lines az prints below a usage error.
 */

/** The lines az prints after a usage error (offline, its knowledge-base examples are just links). */
export function usageHelpLines(): string[] {
  return ['', 'Examples from AI knowledge base:', 'https://aka.ms/cli_ref', 'Read more about the command in reference docs']
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
