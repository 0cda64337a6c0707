// Summaries of repeated measurements. The median, not the mean: one run slowed by something else
// on the machine should not move the figure.

/** Median, min, max and count of `values` (undefined for none). */
export function summarize(values) {
  if (!values?.length) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  return {median, min: sorted[0], max: sorted.at(-1), runs: sorted.length}
}

/** a / b of two summaries' medians, or undefined when either is missing. */
export function ratio(a, b) {
  return a && b ? a.median / b.median : undefined
}

/** A number for the table: `digits` decimals, or an em dash for none. */
export function format(value, digits = 0) {
  return value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits)
}
