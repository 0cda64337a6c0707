// The identity endpoint (`az account identity-endpoint start`): what a program pays for a cached
// token through it, one HTTP request, next to running `az account get-access-token` (azx and the
// Python az) for the same token. The endpoint runs on azx's signed-in sandbox, in the background of
// the rotation; the request is made on a new connection (an SDK's first request) and on a kept-alive
// one. All four taken in turn, as the other benchmarks are.
import {spawn} from 'node:child_process'
import {Agent, request} from 'node:http'

import {checkToken} from './cached.mjs'
import {interleave, run, describeFailure} from './processes.mjs'
import {summarize, format} from './stats.mjs'

const ARM = 'https://management.core.windows.net/'
const GET_TOKEN = ['account', 'get-access-token']

/** Starts azx's endpoint (quiet) and resolves with its environment and a function that stops it. */
async function startEndpoint(azx) {
  const child = spawn(azx.prefix[0], [...azx.prefix.slice(1), 'account', 'identity-endpoint', 'start', '--format', 'dotenv', '--quiet'], {
    ...azx.options(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)))
  const env = await new Promise((resolve, reject) => {
    const check = () => {
      const found = Object.fromEntries([...stdout.matchAll(/^(IDENTITY_\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]))
      if (found.IDENTITY_ENDPOINT && found.IDENTITY_HEADER && stderr.includes('Serving tokens of')) resolve(found)
    }

    child.stdout.on('data', check)
    child.stderr.on('data', check)
    void exited.then((code) => reject(new Error(`the identity endpoint exited with ${code} before it was ready: ${stderr}`)))
  })
  return {
    env,
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}

/** One GET for ARM's token; resolves with its wall time in ms, fails loudly unless it is a 200 with a token. */
function timedRequest(env, agent) {
  const url = new URL(env.IDENTITY_ENDPOINT)
  url.searchParams.set('api-version', '2019-08-01')
  url.searchParams.set('resource', ARM)
  const start = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {agent, headers: {'X-IDENTITY-HEADER': env.IDENTITY_HEADER}}, (response) => {
      let text = ''
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk))
      response.on('end', () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6
        if (response.statusCode !== 200 || !JSON.parse(text).access_token)
          reject(new Error(`the identity endpoint answered ${response.statusCode}: ${text.slice(0, 300)}`))
        else resolve(ms)
      })
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}

/**
 * {rows: [{label, summary}], notes}: the endpoint's latency on a new and on a kept-alive
 * connection, and the wall time of azx's and the Python az's `account get-access-token`.
 */
export async function measureIdentityEndpoint(clis, emulator, {runs, warmups}) {
  const endpoint = await startEndpoint(clis.azx)
  const keepAlive = new Agent({keepAlive: true, maxSockets: 1})
  // As in B1: without the emulator's CA, which a cached token does not need.
  const getAccessToken = (cli) => async () => {
    const argv = cli.argv(GET_TOKEN)
    const result = await run(argv, {...cli.options(undefined, {network: false}), timeoutMs: 60_000})
    const problem = result.code === 0 ? checkToken(result) : describeFailure(argv, result)
    if (problem) throw new Error(`${cli.name}: ${problem}`)
    return result.ms
  }
  const cases = [
    {name: 'new-connection', measure: () => timedRequest(endpoint.env, false)},
    {name: 'kept-alive', measure: () => timedRequest(endpoint.env, keepAlive)},
    {name: 'azx', measure: getAccessToken(clis.azx)},
    {name: 'az', measure: getAccessToken(clis.az)},
  ]
  let endpointRequests = 0
  try {
    const values = await interleave(cases, {runs, warmups}, async (entry) => {
      emulator.requests.clear()
      const ms = await entry.measure()
      if (entry.name === 'new-connection' || entry.name === 'kept-alive') endpointRequests += emulator.requests.count()
      return ms
    })
    const rows = [
      {label: 'one `GET` to `az account identity-endpoint`, new connection', summary: summarize(values['new-connection'])},
      {label: 'one `GET` to `az account identity-endpoint`, kept-alive connection', summary: summarize(values['kept-alive'])},
      {label: 'azx `az account get-access-token` (a process)', summary: summarize(values.azx)},
      {label: 'the Python az `az account get-access-token` (a process)', summary: summarize(values.az)},
    ]
    const notes = [
      `The endpoint made ${endpointRequests} requests to the emulator for its ${2 * (runs + warmups)} answers: ` +
        `each came from the token cache file, as get-access-token's does.`,
      'Ratio of the medians, azx get-access-token / endpoint request on a new connection: ' +
        `${format(rows[2].summary.median / rows[0].summary.median, 0)}.`,
    ]
    return {notes, rows}
  } finally {
    keepAlive.destroy()
    await endpoint.stop()
  }
}

/** The section of the report. */
export function renderIdentityEndpoint({notes, rows}) {
  const line = ({label, summary}) => `| ${label} | ${format(summary.median, 1)} | ${format(summary.min, 1)} | ${format(summary.max, 1)} |`
  return [
    'A cached ARM token for a program: through the identity endpoint, or by running get-access-token, taken in turn (ms).',
    '',
    '| way | median | min | max |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(line),
    '',
    ...notes.map((note) => `- ${note}`),
  ].join('\n')
}
