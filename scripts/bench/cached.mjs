// B1, B2, B4 and B5: commands on a signed-in config dir, azx and the Python az taken in turn,
// `node -e 0` in the same rotation as the floor. Each returns table rows:
// {id, label, unit, digits, azx, az, node (summaries), target, met, notes}.
import {interleave, peakRssMiB, run, runConcurrently, describeFailure} from './processes.mjs'
import {RequestTally} from './request-tally.mjs'
import {summarize} from './stats.mjs'

const GET_TOKEN = ['account', 'get-access-token']
export const CONCURRENT_CALLS = 32

/** Complains unless the output is JSON with an access token (the default output of get-access-token). */
export function checkToken(result) {
  try {
    const token = JSON.parse(result.stdout).accessToken
    return typeof token === 'string' && token.length > 0 ? undefined : 'no accessToken in the output'
  } catch {
    return `the output is not JSON: ${result.stdout.slice(0, 200)}`
  }
}

/**
 * The three cases of a rotation: `args` for azx and az, nothing more for `node -e 0`; all without
 * the variables only a network call needs (NODE_EXTRA_CA_CERTS: see Cli.options).
 */
function cases({azx, az, node}, args) {
  return [azx, az, node].map((cli) => ({
    name: cli.name,
    argv: cli.argv(cli.name === 'node' ? [] : args),
    options: cli.options(undefined, {network: false}),
  }))
}

/** Times one run; fails loudly if it fails or `check` complains. */
async function timed(entry, check, timeoutMs = 60_000) {
  const result = await run(entry.argv, {...entry.options, timeoutMs})
  const problem = result.code === 0 ? check?.(result) : describeFailure(entry.argv, result)
  if (problem) throw new Error(`${entry.name}: ${problem}`)
  return result
}

/** Medians of a rotation, as a row. */
function row(values, fields) {
  return {azx: summarize(values.azx), az: summarize(values.az), node: summarize(values.node), ...fields}
}

/** B1: `az account get-access-token` with a cached token. */
export async function cachedGetAccessToken(clis, emulator, {runs, warmups}) {
  const tally = new RequestTally(emulator, runs)
  // Also `node -e 0` with the emulator's CA bundle, as azx has it when it signs in: what reading it costs.
  const withCa = {name: 'node-ca', argv: clis.node.argv([]), options: clis.node.options(undefined, {network: true})}
  const values = await interleave([...cases(clis, GET_TOKEN), withCa], {runs, warmups}, (entry, round) =>
    tally.around(entry.name, round >= warmups, async () => (await timed(entry, entry.name.startsWith('node') ? undefined : checkToken)).ms),
  )
  const withCaMs = summarize(values['node-ca']).median
  const withoutMs = summarize(values.node).median
  const notes = [
    ...tally.describe('account get-access-token'),
    'Node 20 loads its CA store at start-up when NODE_EXTRA_CA_CERTS is set, connection or not: ' +
      `\`node -e 0\` takes ${withCaMs.toFixed(0)} ms with it (the emulator's bundle: the system's CAs + its own), ` +
      `${withoutMs.toFixed(0)} ms without. The cached commands (B1, B2, B4, B5) need no network, ` +
      `so azx and \`node -e 0\` run them without it, as on a user's machine; azx's sign-ins (B3) need it, so its B3 figures ` +
      `include about ${(withCaMs - withoutMs).toFixed(0)} ms that a user signing in to Entra ID does not pay.`,
  ]
  const result = row(values, {id: 'B1', label: 'cached `account get-access-token`', unit: 'ms', notes})
  result.target = 'azx/az ≤ 0.30 and azx/node ≤ 1.8'
  result.met = result.azx.median <= 0.3 * result.az.median && result.azx.median <= 1.8 * result.node.median
  return [result]
}

/**
 * B2: `az --version` and `az account show`. The Python az's `--version` looks for a newer release
 * on every call (a HEAD to https://azure.microsoft.com, then GitHub; it has no cache for that): here
 * the HEAD goes to the emulator's proxy, whose certificate does not name azure.microsoft.com, so it
 * fails at once. Elsewhere it would wait for the network, up to its 1 s timeout.
 */
export async function startUp(clis, emulator, {runs, warmups}) {
  const rows = []
  for (const [args, check] of [
    [['--version'], (result) => (/^(azx|azure-cli)\s/m.test(result.stdout) ? undefined : 'no version in the output')],
    [['account', 'show'], (result) => (JSON.parse(result.stdout).id ? undefined : 'no subscription id in the output')],
  ]) {
    const command = args.join(' ')
    const tally = new RequestTally(emulator, runs)
    const values = await interleave(cases(clis, args), {runs, warmups}, (entry, round) =>
      tally.around(entry.name, round >= warmups, async () => (await timed(entry, entry.name === 'node' ? undefined : check, 30_000)).ms),
    )
    const result = row(values, {id: 'B2', label: `\`${command}\``, unit: 'ms', target: 'azx/node ≤ 2.5', notes: tally.describe(command)})
    result.met = result.azx.median <= 2.5 * result.node.median
    rows.push(result)
  }

  return rows
}

/** B4: CONCURRENT_CALLS cached `get-access-token` calls started at once; the total wall time. */
export async function concurrentGetAccessToken(clis, {runs, warmups}) {
  const failures = {azx: [], az: [], node: []}
  const values = await interleave(cases(clis, GET_TOKEN), {runs, warmups}, async (entry) => {
    const outcome = await runConcurrently(entry.argv, CONCURRENT_CALLS, {
      ...entry.options,
      timeoutMs: 180_000,
      check: entry.name === 'node' ? undefined : checkToken,
    })
    failures[entry.name].push(...outcome.failures)
    return outcome.ms
  })
  const calls = (runs + warmups) * CONCURRENT_CALLS
  const notes = Object.entries(failures)
    .filter(([, list]) => list.length > 0)
    .map(([cli, list]) => `${cli}: ${list.length} of ${calls} concurrent calls failed, e.g. ${list[0].replace(/\s+/g, ' ').slice(0, 300)}`)
  const result = row(values, {id: 'B4', label: `${CONCURRENT_CALLS} concurrent cached \`get-access-token\`, total`, unit: 'ms', notes})
  result.target = 'no failures; azx/az ≤ 0.3'
  result.failures = {azx: failures.azx.length, az: failures.az.length, node: failures.node.length, calls}
  result.met = failures.azx.length === 0 && result.azx.median <= 0.3 * result.az.median
  return [result]
}

/** B5: peak resident memory of one B1 run (the largest process; python3's getrusage observes). */
export async function peakMemory(clis, {runs, warmups}) {
  const values = await interleave(cases(clis, GET_TOKEN), {runs, warmups}, (entry) => peakRssMiB(entry.argv, {...entry.options, timeoutMs: 60_000}))
  const result = row(values, {id: 'B5', label: 'peak RSS of B1', unit: 'MiB', digits: 1, target: 'azx ≤ az'})
  result.met = result.azx.median <= result.az.median
  return [result]
}
