#!/usr/bin/env node
// `npm run bench`: start-up and hot-path timings. Each command runs a few times to warm the file
// cache, then RUNS times; the median, min and max wall times (process spawn included) are printed
// as a Markdown table. Figures, not assertions: compare them with BENCHMARKS.md.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const RUNS = Number(process.env.BENCH_RUNS ?? 21)
const WARMUP = 3
const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'run.js')
const configDir = mkdtempSync(join(tmpdir(), 'azx-bench-'))
const env = {...process.env, AZURE_CONFIG_DIR: configDir, AZURE_CORE_COLLECT_TELEMETRY: 'false'}

/** Wall time of one run, in ms; fails loudly when the command fails. */
function timeOnce(command, args) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {env, stdio: ['ignore', 'ignore', 'pipe']})
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`)
  return elapsed
}

function measure(label, command, args) {
  for (let i = 0; i < WARMUP; i++) timeOnce(command, args)
  const times = Array.from({length: RUNS}, () => timeOnce(command, args)).sort((a, b) => a - b)
  return {label, max: times.at(-1), median: times[Math.floor(times.length / 2)], min: times[0]}
}

const cases = [
  ['node -e 0 (baseline)', process.execPath, ['-e', '0']],
  ['az --version', process.execPath, [bin, '--version']],
  ['az version', process.execPath, [bin, 'version']],
  ['az config get', process.execPath, [bin, 'config', 'get']],
  ['az cloud list', process.execPath, [bin, 'cloud', 'list']],
]

try {
  const rows = cases.map(([label, command, args]) => measure(label, command, args))
  console.log(`Node ${process.version}, ${RUNS} runs each after ${WARMUP} warm-up runs (ms)\n`)
  console.log('| command | median | min | max |\n| --- | ---: | ---: | ---: |')
  for (const row of rows) console.log(`| ${row.label} | ${row.median.toFixed(1)} | ${row.min.toFixed(1)} | ${row.max.toFixed(1)} |`)
} finally {
  rmSync(configDir, {force: true, recursive: true})
}
