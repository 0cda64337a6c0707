// The report: the machine, the versions, the table of medians and ratios against the targets, the
// spread, notes; and its place in BENCHMARKS.md, between the bench markers.
import {readFileSync, writeFileSync} from 'node:fs'
import {availableParallelism, totalmem} from 'node:os'

import {format, ratio} from './stats.mjs'

const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'
const HEADING = '## Latest `npm run bench`'

function readOr(path, fallback) {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return fallback
  }
}

/** CPU model, core count, memory and OS, as one line. */
export function describeMachine() {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readOr('/proc/cpuinfo', ''))?.[1]?.trim() ?? 'unknown CPU'
  const os = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readOr('/etc/os-release', ''))?.[1] ?? process.platform
  return `${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${os}`
}

/** The met? column: yes, no, or a dash for a row without a target. */
function verdict(met) {
  return met === undefined ? '—' : met ? 'yes' : 'no'
}

function mainTable(rows) {
  const lines = ['| benchmark | azx | az | node -e 0 | azx/az | azx/node | target | met? |', '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |']
  for (const row of rows) {
    const digits = row.digits ?? 0
    const cells = [row.azx, row.az, row.node].map((summary) => format(summary?.median, digits))
    lines.push(
      `| ${row.id} ${row.label} (${row.unit}) | ${cells.join(' | ')} | ${format(ratio(row.azx, row.az), 2)} ` +
        `| ${format(ratio(row.azx, row.node), 2)} | ${row.target} | ${verdict(row.met)} |`,
    )
    if (row.failures) {
      const {azx, az, node, calls} = row.failures
      lines.push(
        `| ${row.id} failed calls (of ${calls} each, warm-ups included) | ${azx} | ${az} | ${node} | | | none for azx | ${verdict(azx === 0)} |`,
      )
    }
  }

  return lines.join('\n')
}

function spreadTable(rows) {
  const range = (summary, digits) => (summary ? `${format(summary.min, digits)}–${format(summary.max, digits)}` : '—')
  const lines = ['| benchmark | azx | az | node -e 0 |', '| --- | ---: | ---: | ---: |']
  for (const row of rows)
    lines.push(
      `| ${row.id} ${row.label} (${row.unit}) | ${[row.azx, row.az, row.node].map((summary) => range(summary, row.digits ?? 0)).join(' | ')} |`,
    )
  return lines.join('\n')
}

function pluginSection(plugin) {
  const line = (label, summary) => `| ${label} | ${format(summary.median, 1)} | ${format(summary.min, 1)} | ${format(summary.max, 1)} |`
  const lines = [
    'A third-party plugin (the example `@azx/plugin-group`, with its manifest): azx commands in turn without ' +
      'and with it, on an empty config dir (ms). Both start through the runner, from the command index.',
    '',
    '| azx command | median | min | max |',
    '| --- | ---: | ---: | ---: |',
  ]
  for (const entry of plugin)
    lines.push(line(`\`${entry.command}\`, no user plugin`, entry.without), line(`\`${entry.command}\`, \`@azx/plugin-group\` installed`, entry.with))
  lines.push('', 'Cost of the installed plugin (target: at most 5 ms):', '')
  for (const entry of plugin) {
    lines.push(
      `- \`${entry.command}\`: ${format(entry.with.median - entry.without.median, 1)} ms (difference ` +
        `of the medians), ${format(entry.pairedDifference, 1)} ms (median of the paired differences).`,
    )
  }

  return lines.join('\n')
}

/** B6: every command's start-up, with peak memory and the targets; then the spread. */
export function renderStartup(rows) {
  const ratio2 = (a, b) => format(ratio(a, b), 2)
  const lines = [
    'B6: the start-up of every command (wall time, ms; peak RSS, MiB). Medians; azx, the Python az and `node -e 0` in turn, the order rotating.',
    '',
    '| command | azx | az | node -e 0 | azx/node | azx/az | RSS azx | RSS az | RSS node | RSS azx/node | target | met? |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ]
  for (const row of rows) {
    const times = [row.azx, row.az, row.node].map((summary) => format(summary?.median))
    const rss = [row.rss.azx, row.rss.az, row.rss.node].map((summary) => format(summary?.median, 1))
    lines.push(
      `| ${row.label} | ${times.join(' | ')} | ${ratio2(row.azx, row.node)} | ${ratio2(row.azx, row.az)} ` +
        `| ${rss.join(' | ')} | ${ratio2(row.rss.azx, row.rss.node)} | ${row.target} | ${verdict(row.met)} |`,
    )
  }

  lines.push('', 'B6 spread (min–max, ms):', '', '| command | azx | az | node -e 0 |', '| --- | ---: | ---: | ---: |')
  const range = (summary) => (summary ? `${format(summary.min)}–${format(summary.max)}` : '—')
  for (const row of rows) lines.push(`| ${row.label} | ${range(row.azx)} | ${range(row.az)} | ${range(row.node)} |`)
  return lines.join('\n')
}

/**
 * The report in Markdown. `context`: date, machine, load, versions (node, azx, az), runs, warm-ups,
 * loginRuns, loginWarmups; `rows` from the benchmarks; `notes`; `sections`: Markdown of measurements
 * outside the main table (optional); `plugin` (optional).
 */
export function renderReport({context, rows, notes, sections = [], plugin}) {
  const parts = [
    `${context.date}. Machine: ${context.machine}; load average ${context.load} over the run. ` +
      `Node ${context.node}, azx ${context.azx}, the Python az (Debian's azure-cli) ${context.az}.`,
    '',
    `Medians of ${context.runs} runs each after ${context.warmups} warm-up runs (B3: ` +
      `${context.loginRuns} sign-ins each after ${context.loginWarmups}), ` +
      "azx, az and `node -e 0` taken in turn with the order rotating, so drift in the machine's load hits all alike. " +
      'Wall time of whole commands, process start included. azx/node compares azx with ' +
      '`node -e 0` in the same environment (see the notes on NODE_EXTRA_CA_CERTS). ' +
      'Figures, not test assertions.',
    '',
    mainTable(rows),
    '',
    'Spread (min–max):',
    '',
    spreadTable(rows),
  ]
  if (notes.length > 0) parts.push('', 'Notes:', '', ...notes.map((note) => `- ${note}`))
  for (const section of sections) parts.push('', section)
  if (plugin) parts.push('', pluginSection(plugin))
  return parts.join('\n')
}

/**
 * Puts `markdown` between the bench markers of BENCHMARKS.md; without them, adds a section with the
 * markers after the intro paragraph (before the first `## ` heading). The rest stays as it is.
 */
export function writeBenchmarks(path, markdown) {
  const text = readOr(path, '# Benchmarks\n')
  const block = `${START}\n${markdown}\n${END}`
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  let updated
  if (start >= 0 && end > start) {
    updated = text.slice(0, start) + block + text.slice(end + END.length)
  } else {
    const section = `${HEADING}\n\n${block}\n\n`
    const firstHeading = text.search(/^## /m)
    updated = firstHeading >= 0 ? text.slice(0, firstHeading) + section + text.slice(firstHeading) : `${text.trimEnd()}\n\n${section}`
  }

  writeFileSync(path, updated)
}
