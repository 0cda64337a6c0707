// B6: the start-up of every command: each built-in command (reading, then writing), a third-party
// plugin's command up to its first request, help, an unknown command and a usage error, each with
// the Python az and `node -e 0` taken in turn (the order rotating), then the peak memory of each.
// Rows: {id, label, unit, azx, az, node (summaries), rss: {azx, az, node}, target, met, notes}.
//
// The cached commands run without the variables only a network call needs (NODE_EXTRA_CA_CERTS:
// see Cli.options); commands that change files run on a fresh copy of the config dir each time
// (the copy is not timed). The plugin's command is timed from its spawn to the moment its first
// Resource Manager request reaches the emulator: for azx with the example plugin installed by `az
// plugins install` and its trust in the emulator from REQUESTS_CA_BUNDLE (its CA alone, as a user
// points it at a company CA), for the Python az its own `az group list` through the proxy.
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'

import {ROOT} from './clis.mjs'
import {interleave, peakRssMiB, run, runChecked, describeFailure} from './processes.mjs'
import {summarize} from './stats.mjs'

const CONTOSO_DEV = '50000000-0000-4000-8000-000000000001'

/**
 * The command lines, with the targets (× `node -e 0` and × the Python az, medians). `az`:
 * the Python az's line where it differs, null where it has no such command. `fresh`: run on a
 * fresh copy of the config dir. `expect`: the exit code the line must end with.
 */
export const STARTUP_COMMANDS = [
  {label: 'cached `account get-access-token`', args: ['account', 'get-access-token'], node: 1.3},
  {label: '`account show`', args: ['account', 'show'], node: 2, az: 0.25},
  {label: '`account list`', args: ['account', 'list'], node: 2, az: 0.25},
  {label: '`config get`', args: ['config', 'get'], node: 2, az: 0.25},
  {label: '`cloud list`', args: ['cloud', 'list'], node: 2, az: 0.25},
  {label: '`cloud show`', args: ['cloud', 'show'], node: 2, az: 0.25},
  {label: '`cloud list-profiles`', args: ['cloud', 'list-profiles'], node: 2, az: 0.25},
  {label: '`version`', args: ['version'], node: 2, az: 0.25},
  {label: '`plugins list`', args: ['plugins', 'list'], azArgs: ['extension', 'list'], node: 2},
  {label: '`account import FILE` (an error, exit 1)', args: ['account', 'import', 'missing.publishsettings'], azArgs: null, expect: 1},
  {label: '`config mode arm`', args: ['config', 'mode', 'arm'], azArgs: null},
  {label: '`account identity-endpoint list`', args: ['account', 'identity-endpoint', 'list'], azArgs: null},
  {label: '`account tenant list` (1 request; not in az 2.45)', args: ['account', 'tenant', 'list'], azArgs: null, network: true},
  {label: '`account status` (a live check: 1 token request)', args: ['account', 'status'], azArgs: null, network: true},
  {label: '`account set`', args: ['account', 'set', '--subscription', CONTOSO_DEV], node: 2.5},
  {label: '`config set`', args: ['config', 'set', 'core.only_show_errors=false'], node: 2.5},
  {label: '`config unset`', args: ['config', 'unset', 'core.only_show_errors'], fresh: true},
  {label: '`cloud set`', args: ['cloud', 'set', '--name', 'Emu'], node: 2.5},
  {label: '`cloud register` (reads the cloud’s metadata: 1 request)', args: 'register', fresh: true, network: true},
  {label: '`cloud update`', args: ['cloud', 'update', '--name', 'Emu', '--profile', 'latest']},
  {label: '`cloud unregister`', args: ['cloud', 'unregister', '--name', 'Spare'], fresh: true},
  {label: '`logout`', args: ['logout'], fresh: true},
  {label: '`account clear`', args: ['account', 'clear'], fresh: true},
  {label: '`account show --help`', args: ['account', 'show', '--help'], node: 3},
  {label: 'an unknown command (`acount list`, az’s “did you mean”, exit 2)', args: ['acount', 'list'], node: 3, expect: 2},
  {label: 'a usage error (`account set` without `--subscription`, exit 2)', args: ['account', 'set'], expect: 2},
  {label: 'a plugin’s command: `group list` up to its first request', args: ['group', 'list'], node: 2, plugin: true},
]

/** Installs the example plugin into azx's sandbox (its tarball, no registry), and registers the spare cloud `cloud unregister` removes. */
export async function prepareStartup(clis, emulator) {
  const packDir = join(ROOT, '.bench')
  const {tarball} = JSON.parse(
    execFileSync(process.execPath, [join(ROOT, 'test', 'fixtures', 'plugin-group', 'build.mjs'), '--pack', packDir], {encoding: 'utf8'}),
  )
  const offline = {npm_config_cache: join(clis.azx.root, 'npm-cache'), npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9'}
  const options = clis.azx.options(undefined, {network: false})
  await runChecked(clis.azx.argv(['plugins', 'install', tarball]), {...options, env: {...options.env, ...offline}, timeoutMs: 300_000})
  for (const cli of [clis.azx, clis.az]) {
    await cli.runChecked(registerCloud(emulator, 'Spare'), {timeoutMs: 60_000})
    await cli.runChecked(['config', 'set', 'core.only_show_errors=false'], {timeoutMs: 60_000})
  }
}

let copies = 0

/**
 * `az cloud register` of a cloud whose Resource Manager and Entra ID are the emulator's. The
 * Resource Manager without a trailing slash: the Python az appends `/metadata/endpoints` to it as
 * given, and the emulator does not answer `//metadata/endpoints`.
 */
function registerCloud(emulator, name) {
  const endpoints = {activeDirectory: emulator.url, activeDirectoryResourceId: 'https://management.core.windows.net/', resourceManager: emulator.url}
  return ['cloud', 'register', '--name', name, '--cloud-config', JSON.stringify({endpoints})]
}

/** B6, every row of STARTUP_COMMANDS. */
export async function startupOfEveryCommand(clis, emulator, {runs, warmups, memoryRuns}) {
  const rows = []
  for (const command of STARTUP_COMMANDS) {
    const entries = caseEntries(clis, emulator, command)
    const times = await interleave(entries, {runs, warmups}, (entry) => measure(entry, command, emulator))
    const rss = await interleave(entries, {runs: memoryRuns, warmups: 1}, (entry) =>
      peakRssMiB(entry.argv, {...entry.options(), expectCode: entry.name === 'node' ? 0 : (command.expect ?? 0), timeoutMs: 60_000}),
    )
    rows.push(rowOf(command, times, rss))
  }

  return rows
}

/** azx, az (unless it has no such command) and `node -e 0`, each with a function that gives its run options (a fresh copy when asked). */
function caseEntries(clis, emulator, command) {
  const args = command.args === 'register' ? registerCloud(emulator, 'Other') : command.args
  const azArgs = command.azArgs === undefined ? args : command.azArgs
  const entries = [{cli: clis.azx, args}, ...(azArgs ? [{cli: clis.az, args: azArgs}] : []), {cli: clis.node, args: []}]
  return entries.map(({cli, args}) => {
    // A boolean always: Cli.options takes an undefined `network` as its default, true.
    const network = command.network === true || (command.plugin === true && cli.name === 'az')
    const base = (configDir) => cli.options(configDir, {network})
    const options = () => {
      if (!command.fresh || cli.name === 'node') return withPluginTrust(base(undefined), cli, command, emulator)
      return base(cli.copyConfigDir(`fresh-${copies++}`))
    }

    return {name: cli.name, argv: cli.argv(args), options}
  })
}

/**
 * azx's trust in the emulator for the plugin's request: its CA alone, in REQUESTS_CA_BUNDLE (NODE_EXTRA_CA_CERTS would load
 * the system's roots too, at every start).
 */
function withPluginTrust(options, cli, command, emulator) {
  if (!command.plugin || cli.name !== 'azx') return options
  return {...options, env: {...options.env, REQUESTS_CA_BUNDLE: emulator.ca}}
}

/** One timed run: wall time of the whole command, or for the plugin's command up to its first request. */
async function measure(entry, command, emulator) {
  const options = entry.options()
  if (command.plugin && entry.name !== 'node') emulator.requests.clear()
  const started = Date.now()
  const result = await run(entry.argv, {...options, timeoutMs: 120_000})
  const expected = entry.name === 'node' ? 0 : (command.expect ?? 0)
  if (result.code !== expected) throw new Error(`${entry.name}: expected exit ${expected}; ${describeFailure(entry.argv, result)}`)
  if (!command.plugin || entry.name === 'node') return result.ms
  const [first] = emulator.requests.entries({route: 'resource-groups'})
  if (!first) throw new Error(`${entry.name} ${entry.argv.join(' ')} sent no resource-groups request`)
  return Date.parse(first.time) - started
}

function rowOf(command, times, rss) {
  const row = {id: 'B6', label: command.label, unit: 'ms', azx: summarize(times.azx), az: summarize(times.az), node: summarize(times.node)}
  row.rss = {azx: summarize(rss.azx), az: summarize(rss.az), node: summarize(rss.node)}
  const targets = []
  const checks = []
  if (command.node) {
    targets.push(`azx/node ≤ ${command.node}`)
    checks.push(row.azx.median <= command.node * row.node.median)
  }

  if (command.az && row.az) {
    targets.push(`azx/az ≤ ${command.az}`)
    checks.push(row.azx.median <= command.az * row.az.median)
  }

  // Peak memory: the target for every start.
  targets.push('RSS ≤ 1.3 × node')
  checks.push(row.rss.azx.median <= 1.3 * row.rss.node.median)
  row.target = targets.join(', ')
  row.met = checks.every(Boolean)
  return row
}
