#!/usr/bin/env node
// `npm run bench`: start-up and hot-path timings. Each command runs a few times to warm the file
// cache, then RUNS times; the median, min and max wall times (process spawn included) are printed
// as a Markdown table. Figures, not assertions: compare them with BENCHMARKS.md.
//
// Then `az --version` with and without the example third-party plugin (test/fixtures/plugin-group,
// with its manifest) installed by `az plugins install` into a temporary data dir, the two runs
// interleaved so that load on the machine affects both alike. BENCH_PLUGIN=0 skips that part.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const RUNS = Number(process.env.BENCH_RUNS ?? 21)
const WARMUP = 3
const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'run.js')
const configDir = mkdtempSync(join(tmpdir(), 'azx-bench-'))
const dataDir = mkdtempSync(join(tmpdir(), 'azx-bench-data-'))
// An empty data dir: no user plugins unless the plugin comparison installs one.
const env = {...process.env, AZURE_CONFIG_DIR: configDir, AZURE_CORE_COLLECT_TELEMETRY: 'false', XDG_DATA_HOME: dataDir}

/** Wall time of one run, in ms; fails loudly when the command fails. */
function timeOnce(command, args, runEnv = env) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {env: runEnv, stdio: ['ignore', 'ignore', 'pipe']})
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`)
  return elapsed
}

function summary(label, times) {
  const sorted = [...times].sort((a, b) => a - b)
  return {label, max: sorted.at(-1), median: sorted[Math.floor(sorted.length / 2)], min: sorted[0]}
}

function measure(label, command, args) {
  for (let i = 0; i < WARMUP; i++) timeOnce(command, args)
  return summary(label, Array.from({length: RUNS}, () => timeOnce(command, args)))
}

function printRows(rows) {
  console.log('| command | median | min | max |\n| --- | ---: | ---: | ---: |')
  for (const row of rows) console.log(`| ${row.label} | ${row.median.toFixed(1)} | ${row.min.toFixed(1)} | ${row.max.toFixed(1)} |`)
}

/**
 * `az --version` without and with the example plugin installed from its tarball (offline: its
 * dependencies are bundled), alternating runs. The difference of the medians is the plugin's cost
 * on every command: oclif reads its package.json and manifest, and imports none of its modules.
 */
function measurePluginCost() {
  const packDir = join(root, '.bench')
  const {tarball} = JSON.parse(execFileSync(process.execPath, [join(root, 'test', 'fixtures', 'plugin-group', 'build.mjs'), '--pack', packDir], {encoding: 'utf8'}))
  const pluginData = mkdtempSync(join(tmpdir(), 'azx-bench-plugin-'))
  const withPlugin = {...env, XDG_DATA_HOME: pluginData}
  try {
    // No registry needed (the tarball bundles its dependencies); npm's cache stays in the temporary dir.
    const offline = {...withPlugin, npm_config_cache: join(pluginData, 'npm-cache'), npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9'}
    const install = spawnSync(process.execPath, [bin, 'plugins', 'install', tarball], {encoding: 'utf8', env: offline})
    if (install.status !== 0) throw new Error(`az plugins install ${tarball} failed: ${install.stderr}`)
    const args = [bin, '--version']
    for (let i = 0; i < WARMUP; i++) {
      timeOnce(process.execPath, args)
      timeOnce(process.execPath, args, withPlugin)
    }

    const without = []
    const withIt = []
    for (let i = 0; i < RUNS; i++) {
      // Which of the pair goes first alternates, so neither profits from the other's warm caches.
      if (i % 2 === 0) without.push(timeOnce(process.execPath, args))
      withIt.push(timeOnce(process.execPath, args, withPlugin))
      if (i % 2 === 1) without.push(timeOnce(process.execPath, args))
    }

    // Each pair ran back to back, so the median of their differences shrugs off slow drifts in load.
    const differences = withIt.map((time, i) => time - without[i])
    return {
      pairedDifference: summary('difference', differences).median,
      rows: [summary('az --version, no user plugin', without), summary('az --version, @azx/plugin-group installed', withIt)],
    }
  } finally {
    rmSync(pluginData, {force: true, recursive: true})
  }
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
  printRows(rows)
  if (process.env.BENCH_PLUGIN !== '0') {
    const {pairedDifference, rows: pluginRows} = measurePluginCost()
    const [without, withPlugin] = pluginRows
    console.log(`\nA third-party plugin (the example, with its manifest), runs interleaved (ms)\n`)
    printRows(pluginRows)
    console.log(
      `\nCost of the installed plugin on \`az --version\`: ${(withPlugin.median - without.median).toFixed(1)} ms (difference of the medians), ${pairedDifference.toFixed(1)} ms (median of the paired differences)`,
    )
  }
} finally {
  rmSync(configDir, {force: true, recursive: true})
  rmSync(dataDir, {force: true, recursive: true})
}
