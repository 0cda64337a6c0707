// B3: sign-ins under 50 ms of added latency on every emulator request: a person who reaches 25
// tenants with 4 subscriptions each (device code flow, approved by the emulator when the code is
// issued), and a service principal with a secret. Every run signs in afresh on a new copy of a
// config dir where only the emulator's cloud is registered, so nothing is cached from the last run
// (MSAL Python keeps discovery answers in the config dir's msal_http_cache.bin).
import {rmSync} from 'node:fs'

import {describeFailure, interleave, run} from './processes.mjs'
import {RequestTally} from './request-tally.mjs'
import {SERVICE_PRINCIPAL, SUBSCRIPTIONS_PER_TENANT, TENANTS, USER, firstTenantId} from './seed.mjs'
import {summarize} from './stats.mjs'

export const LATENCY_MS = 50

/** Complains unless the output lists `count` subscriptions. */
function expectSubscriptions(count) {
  return (result) => {
    try {
      const listed = JSON.parse(result.stdout).length
      return listed === count ? undefined : `${listed} subscriptions listed, ${count} expected`
    } catch {
      return `the output is not JSON: ${result.stdout.slice(0, 200)}`
    }
  }
}

/** One sign-in on a fresh copy of `cli`'s cloud-only config dir; its wall time. */
async function signInOnce(cli, args, check, copyName) {
  const configDir = cli.copyConfigDir(copyName)
  try {
    const argv = cli.argv(args)
    const result = await run(argv, cli.options(configDir, {timeoutMs: 300_000}))
    const problem = result.code === 0 ? check(result) : describeFailure(argv, result)
    if (problem) throw new Error(`${cli.name} ${args[0]}: ${problem}`)
    return result.ms
  } finally {
    rmSync(configDir, {force: true, recursive: true})
  }
}

/** azx and az in turn, `runs` fresh sign-ins each after `warmups`; a table row. */
async function compare(clis, emulator, {runs, warmups}, {args, check, fields, command}) {
  const tally = new RequestTally(emulator, runs)
  const cases = clis.map((cli) => ({name: cli.name, cli}))
  let copies = 0
  const values = await interleave(cases, {runs, warmups}, (entry, round) =>
    tally.around(entry.name, round >= warmups, () => signInOnce(entry.cli, args, check, `login-${copies++}`)),
  )
  return {azx: summarize(values.azx), az: summarize(values.az), node: undefined, notes: tally.describe(command), ...fields}
}

/** B3, on an emulator serving manyTenantsSeed(); `clis` = [azx, az] with the cloud registered. */
export async function signIns(clis, emulator, options) {
  emulator.autoApproveDeviceCodes(USER.username)
  const latency = emulator.faults.add({latencyMs: LATENCY_MS})
  try {
    const user = await compare(clis, emulator, options, {
      args: ['login', '--use-device-code', '--output', 'json'],
      check: expectSubscriptions(TENANTS * SUBSCRIPTIONS_PER_TENANT),
      command: 'login --use-device-code',
      fields: {
        id: 'B3',
        label: `device code login, ${TENANTS} tenants × ${SUBSCRIPTIONS_PER_TENANT} subscriptions, +${LATENCY_MS} ms per request`,
        unit: 'ms',
        target: 'azx/az ≤ 0.2',
      },
    })
    user.met = user.azx.median <= 0.2 * user.az.median
    const servicePrincipal = await compare(clis, emulator, options, {
      args: [
        'login',
        '--service-principal',
        '-u',
        SERVICE_PRINCIPAL.appId,
        '-p',
        SERVICE_PRINCIPAL.secret,
        '--tenant',
        firstTenantId(),
        '--output',
        'json',
      ],
      check: expectSubscriptions(SERVICE_PRINCIPAL.subscriptions),
      command: 'login --service-principal',
      fields: {id: 'B3', label: `service principal login (secret), +${LATENCY_MS} ms per request`, unit: 'ms', target: '—'},
    })
    return [user, servicePrincipal]
  } finally {
    latency.remove()
    emulator.autoApproveDeviceCodes(undefined)
  }
}
