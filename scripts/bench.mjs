#!/usr/bin/env node
/**
 * `npm run bench`: azx against the Python az (Debian's azure-cli), both signed in to the bundled
 * Entra ID + ARM emulator, each in its own temporary config dir, HOME and data dir. azx reaches
 * the emulator directly (NODE_EXTRA_CA_CERTS, set only for commands that need the network: it
 * slows Node's start-up); the Python az through the emulator's CONNECT proxy (MSAL Python insists
 * on login.microsoftonline.com for discovery). Each CLI registers and selects the emulator's cloud
 * with its own `az cloud register` / `az cloud set`.
 *
 *   B1  `az account get-access-token` with a cached token
 *   B2  `az --version` and `az account show`
 *   B3  `az login --use-device-code` of a person reaching 25 tenants × 4 subscriptions (approved by
 *       the emulator), and a service principal login, with 50 ms added to every emulator request
 *   B4  32 concurrent cached `get-access-token` calls: total wall time, failures
 *   B5  peak resident memory of B1
 *   B6  the start-up of every command: each built-in command, a third-party plugin's command (the
 *       example plugin's `group list`, up to its first request), help, an unknown command and a
 *       usage error; wall time and peak memory, with the Python az and `node -e 0` in turn
 *   then a cached token through `az account identity-endpoint` (one HTTP request) next to B1's
 *   get-access-token, and, last, the cost of an installed third-party plugin on azx's `--version`
 *   and `config get`.
 *
 * Medians after warm-up runs, azx, az and `node -e 0` (the floor of any Node CLI) taken in turn so
 * that drift in the machine's load hits all alike. Prints a Markdown table with the ratios and the
 * issue's targets, and writes it into BENCHMARKS.md between `<!-- bench:start -->` and
 * `<!-- bench:end -->`, with the date, machine and versions. Figures, not test assertions.
 *
 * Environment:
 *   BENCH_RUNS    measured runs of each command (default 21; the targets want at least 20)
 *   BENCH_ONLY    a subset while developing, e.g. `B1,B3`, `endpoint` or `plugin` (BENCHMARKS.md is then left alone)
 *   BENCH_MEMORY_RUNS  measured runs of each command's peak memory in B6 (default 5: it hardly varies)
 *   BENCH_PLUGIN  `0` skips the plugin measurement
 *
 * Needs the Python az on PATH (`apt-get install -y azure-cli`), python3 (for getrusage) and openssl
 * (the emulator's certificates). Takes about 10 minutes on a 2-core machine at the default
 * BENCH_RUNS, B4 (the Python az's 32 processes) and B3 (its sign-ins) most of it.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'

import {startEmulator} from '@azx/emulator'

import {concurrentGetAccessToken, cachedGetAccessToken, peakMemory, startUp} from './bench/cached.mjs'
import {azxCli, nodeCli, pythonAzCli, pythonAzPath, ROOT, signInWithDeviceCode, useEmulatorCloud} from './bench/clis.mjs'
import {measureIdentityEndpoint, renderIdentityEndpoint} from './bench/identity-endpoint.mjs'
import {LATENCY_MS, signIns} from './bench/login.mjs'
import {killRunning} from './bench/processes.mjs'
import {measurePluginCost} from './bench/plugin-cost.mjs'
import {describeMachine, renderReport, renderStartup, writeBenchmarks} from './bench/report.mjs'
import {manyTenantsSeed} from './bench/seed.mjs'
import {prepareStartup, startupOfEveryCommand} from './bench/startup.mjs'

const BENCHMARKS = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']
const RUNS = positiveInteger('BENCH_RUNS', 21)
const MEMORY_RUNS = positiveInteger('BENCH_MEMORY_RUNS', 5)
const WARMUPS = 3
// A sign-in takes seconds and each starts on a fresh config dir: one warm-up (file cache, Python's
// bytecode) is enough.
const LOGIN_WARMUPS = 1
const ONLY = process.env.BENCH_ONLY
  ? new Set(
      process.env.BENCH_ONLY.toUpperCase()
        .split(/[\s,]+/)
        .filter(Boolean),
    )
  : undefined
const CACHED_USER = 'alice@contoso.example'

function positiveInteger(name, fallback) {
  const value = process.env[name] === undefined || process.env[name] === '' ? fallback : Number(process.env[name])
  if (!Number.isInteger(value) || value < 1) fail(`${name} must be a positive integer`)
  return value
}

function fail(message) {
  console.error(message)
  process.exit(1)
}

const wanted = (id) => ONLY === undefined || ONLY.has(id)
const started = Date.now()
/** Progress on stderr, so that stdout holds only the report. */
const progress = (message) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`)

/** What an interrupted run must still close and remove (finally blocks do not run on a signal). */
const live = {emulators: new Set(), tempRoot: undefined}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    progress(`${signal}: stopping the commands under test, closing the emulators, removing the temporary files`)
    killRunning()
    await Promise.allSettled([...live.emulators].map((emulator) => emulator.close()))
    if (live.tempRoot) rmSync(live.tempRoot, {force: true, recursive: true})
    process.exit(130)
  })
}

/** Runs `work(emulator)` on an emulator that is closed afterwards, whatever happens. */
async function withEmulator(options, work) {
  const emulator = await startEmulator(options)
  live.emulators.add(emulator)
  try {
    return await work(emulator)
  } finally {
    await emulator.close()
    live.emulators.delete(emulator)
  }
}

/** azx and the Python az with the emulator's cloud registered and set, each in its own sandbox. */
async function prepareClis(emulator, tempRoot, azPath) {
  const azx = azxCli(emulator, tempRoot)
  const az = pythonAzCli(emulator, tempRoot, azPath)
  await Promise.all([useEmulatorCloud(azx, emulator), useEmulatorCloud(az, emulator)])
  return {azx, az, node: nodeCli(emulator, tempRoot)}
}

/** The versions for the report, asked once of each program. */
async function collectVersions({azx, az}) {
  const azxVersion = JSON.parse((await azx.runChecked(['version'])).stdout).azx
  let azVersion
  try {
    azVersion = JSON.parse((await az.runChecked(['version'], {timeoutMs: 60_000})).stdout)['azure-cli']
  } catch {
    azVersion = (await az.runChecked(['--version'], {timeoutMs: 60_000})).stdout.split('\n')[0].replace(/\s+/g, ' ').trim()
  }

  return {node: process.version, azx: azxVersion, az: azVersion}
}

/** B1, B2, B4, B5 and the identity endpoint: both CLIs signed in as alice on the default seed. */
async function cachedBenchmarks(tempRoot, azPath, results) {
  await withEmulator({}, async (emulator) => {
    const clis = await prepareClis(emulator, tempRoot, azPath)
    results.versions ??= await collectVersions(clis)
    progress('signing azx and the Python az in (device code, approved by the emulator)')
    // One at a time: each sign-in turns the emulator's auto-approval on, then off again.
    await signInWithDeviceCode(clis.azx, emulator, CACHED_USER)
    await signInWithDeviceCode(clis.az, emulator, CACHED_USER)
    const options = {runs: RUNS, warmups: WARMUPS}
    for (const [id, title, measure] of [
      ['B1', 'cached get-access-token', () => cachedGetAccessToken(clis, emulator, options)],
      ['B2', '--version and account show', () => startUp(clis, emulator, options)],
      ['B4', '32 concurrent get-access-token', () => concurrentGetAccessToken(clis, options)],
      ['B5', 'peak memory of B1', () => peakMemory(clis, options)],
    ]) {
      if (!wanted(id)) continue
      progress(`${id}: ${title}, ${RUNS} runs after ${WARMUPS} warm-ups`)
      results.rows.push(...(await measure()))
    }

    if (wanted('ENDPOINT')) {
      progress(`identity endpoint: a cached token through it and through get-access-token, ${RUNS} runs after ${WARMUPS} warm-ups`)
      results.endpoint = await measureIdentityEndpoint(clis, emulator, options)
    }
  })
}

/** B6: every command's start-up, on its own emulator with fresh sign-ins (the run takes a while; no token may expire during it). */
async function startupBenchmarks(tempRoot, azPath, results) {
  await withEmulator({}, async (emulator) => {
    const clis = await prepareClis(emulator, tempRoot, azPath)
    results.versions ??= await collectVersions(clis)
    progress('B6: signing in, installing the example plugin')
    await signInWithDeviceCode(clis.azx, emulator, CACHED_USER)
    await signInWithDeviceCode(clis.az, emulator, CACHED_USER)
    await prepareStartup(clis, emulator)
    progress(`B6: every command's start-up, ${RUNS} runs after ${WARMUPS} warm-ups, then peak memory (${MEMORY_RUNS} runs)`)
    results.startup = await startupOfEveryCommand(clis, emulator, {memoryRuns: MEMORY_RUNS, runs: RUNS, warmups: WARMUPS})
  })
}

/** B3: sign-ins on the 25-tenant seed, with added latency. */
async function loginBenchmarks(tempRoot, azPath, results) {
  await withEmulator({seed: manyTenantsSeed()}, async (emulator) => {
    const clis = await prepareClis(emulator, tempRoot, azPath)
    results.versions ??= await collectVersions(clis)
    progress(`B3: sign-ins with +${LATENCY_MS} ms per request, ${RUNS} runs after ${LOGIN_WARMUPS} warm-up`)
    results.rows.push(...(await signIns([clis.azx, clis.az], emulator, {runs: RUNS, warmups: LOGIN_WARMUPS})))
  })
}

/** What a reader needs to judge the figures, beyond the numbers: for the benchmarks that ran. */
function staticNotes() {
  const notes = [
    [
      true,
      "azx reaches the emulator directly; the Python az through the emulator's CONNECT proxy, " +
        'as MSAL Python insists on asking login.microsoftonline.com for instance discovery.',
    ],
    [
      wanted('B2'),
      "The Python az's `--version` looks for a newer release on every call (a HEAD to https://azure.microsoft.com, " +
        "then GitHub; nothing cached in the config dir). Here the HEAD goes to the emulator's proxy, " +
        'whose certificate does not name azure.microsoft.com, so it fails at once and az warns that ' +
        'it cannot check; on a machine with a network it costs a round trip or more (its timeout is 1 s).',
    ],
    [
      wanted('B3'),
      `B3: the +${LATENCY_MS} ms applies to every HTTPS request, through the proxy's tunnels too, but not to the CONNECT that ` +
        'opens a tunnel. The device code is approved when it is issued, and MSAL Node (azx) and MSAL Python (az) both poll at ' +
        `once and sleep the interval (1 s, the least the emulator accepts) only after \`authorization_pending\`, so the polling ` +
        'interval is not in the figures. Each sign-in starts on a fresh copy of a config dir where only the cloud is registered.',
    ],
    [wanted('B5'), 'B5: `ru_maxrss` of the command (its largest process), observed by python3 `resource.getrusage(RUSAGE_CHILDREN)`.'],
    [
      wanted('B6'),
      'B6: commands that change files run on a fresh copy of the config dir each time (the copy is not timed). ' +
        'The plugin row times azx from its spawn to its first Resource Manager request reaching the emulator, ' +
        "with the example plugin installed by `az plugins install` and REQUESTS_CA_BUNDLE naming the emulator's " +
        "CA alone (as a user names a company CA; NODE_EXTRA_CA_CERTS would load the system's roots too, " +
        'at every start); the Python az runs its own `az group list`, through the proxy. Peak memory as in B5.',
    ],
  ]
  return notes.filter(([relevant]) => relevant).map(([, note]) => note)
}

async function main() {
  if (ONLY) {
    const unknown = [...ONLY].filter((id) => !BENCHMARKS.includes(id) && id !== 'ENDPOINT' && id !== 'PLUGIN')
    if (unknown.length > 0) fail(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')}, endpoint, plugin)`)
  }

  const azPath = pythonAzPath()
  if (!azPath)
    fail("The benchmarks compare azx with the Python az (Debian's azure-cli), which is not on PATH. Install it: apt-get install -y azure-cli")
  const tempRoot = (live.tempRoot = mkdtempSync(join(tmpdir(), 'azx-bench-')))
  const loadBefore = loadavg()[0]
  const results = {rows: [], versions: undefined, endpoint: undefined, startup: undefined}
  try {
    if (['B1', 'B2', 'B4', 'B5', 'ENDPOINT'].some(wanted)) await cachedBenchmarks(tempRoot, azPath, results)
    if (wanted('B3')) await loginBenchmarks(tempRoot, azPath, results)
    if (wanted('B6')) await startupBenchmarks(tempRoot, azPath, results)
    let plugin
    if (process.env.BENCH_PLUGIN !== '0' && wanted('PLUGIN')) {
      progress(`plugin cost on azx's --version and config get, ${RUNS} runs after ${WARMUPS} warm-ups`)
      plugin = await measurePluginCost(tempRoot, {runs: RUNS, warmups: WARMUPS})
    }

    const order = (row) => BENCHMARKS.indexOf(row.id)
    const rows = results.rows.sort((a, b) => order(a) - order(b))
    const markdown = renderReport({
      context: {
        date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        machine: describeMachine(),
        // The 1-minute load average before and after: another job on the machine shows here.
        load: [loadBefore, loadavg()[0]].map((load) => load.toFixed(1)).join(' → '),
        // Asked of the CLIs in the emulator's sandboxes; not asked when only the plugin ran.
        ...(results.versions ?? {node: process.version, azx: '(not asked)', az: '(not asked)'}),
        runs: RUNS,
        warmups: WARMUPS,
        loginRuns: RUNS,
        loginWarmups: LOGIN_WARMUPS,
      },
      rows,
      notes: [...staticNotes(), ...rows.flatMap((row) => row.notes ?? [])],
      sections: [
        ...(results.startup ? [renderStartup(results.startup)] : []),
        ...(results.endpoint ? [renderIdentityEndpoint(results.endpoint)] : []),
      ],
      plugin,
    })
    console.log(markdown)
    progress(`done in ${((Date.now() - started) / 60_000).toFixed(1)} min`)
    if (ONLY) progress('BENCH_ONLY is set: BENCHMARKS.md left as it was')
    else writeBenchmarks(join(ROOT, 'BENCHMARKS.md'), markdown)
  } finally {
    rmSync(tempRoot, {force: true, recursive: true})
  }
}

await main()
