/**
 * Many az processes at once on one config dir, as Terraform, CI matrices and shell loops run them:
 * 32 processes per round, 2 rounds, mixing `account get-access-token` (access tokens live 120 s,
 * so MSAL refreshes them on every call and rewrites the token cache), `account set` to alternating
 * subscriptions, service principal logins of two service principals and `config set`, each of
 * which also sets a key of its own. Every command must succeed, and after every round every file
 * must parse, hold every account and subscription, exactly one default and every key a `config
 * set` wrote (a write that lost another's is a lost update), and nothing may be left behind
 * (temporary files, locks). All of it twice: against a server that accepts an old refresh token
 * (as Entra does) and against one that takes each refresh token once, where every refresh must
 * send the newest. AZX_STATE_FIGURES=1 prints the figures.
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {leftovers, readState} from './support/config-files.js'
import type {ParsedState} from './support/config-files.js'
import {describeRun, spawnAz, spawnAzOk} from './support/processes.js'
import {ALICE, AUTOMATION_APP, CONTOSO, EmulatorSandbox, FABRIKAM, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

/**
 * Two rounds: the second starts from the files the first storm wrote, with every `account set`
 * target swapped. More rounds repeat the same races and found nothing the first did not: with a
 * build whose files were written in place rather than renamed, or whose refresh lock was gone,
 * every command mix failed in its first round; with the file locks gone, the own keys of the
 * `config set`s went missing within two rounds in 3 of 4 runs (the 6 rounds this test had before
 * those keys found it in none). The unit tests (store, profile and token-cache concurrency) take
 * the locks one by one.
 */
const ROUNDS = 2
const PROCESSES = 32

const CONTOSO_PROD = '50000000-0000-4000-8000-000000000002'
const CONTOSO_TRIAL = '50000000-0000-4000-8000-000000000004'
const CONTOSO_OVERDUE = '50000000-0000-4000-8000-000000000005'
const FABRIKAM_SHARED = '50000000-0000-4000-8000-000000000007'
const NORTHWIND_SECURE = '50000000-0000-4000-8000-000000000008'
const REPORTER_APP = '30000000-0000-4000-8000-000000000003'
const REPORTER_SECRET = 'fabrikam-reporter-secret-1'
const AUTOMATION_SECRET = 'contoso-automation-secret-1'

let emulator: Emulator
let sandbox: EmulatorSandbox
/** What the set-up stored: every round must keep all of it. */
let subscriptionIds: string[]

function servicePrincipalLogin(appId: string): string[] {
  const [secret, tenant] = appId === AUTOMATION_APP ? [AUTOMATION_SECRET, CONTOSO] : [REPORTER_SECRET, FABRIKAM]
  return ['login', '--service-principal', '-u', appId, '-p', secret, '--tenant', tenant, '--output', 'none']
}

/**
 * The command of process `index` in `round`: blocks of 8, each with 4 token requests (Alice in
 * Contoso, or in Northwind in half the blocks, whoever holds Fabrikam Shared, the default
 * subscription's identity), 2 `account set`, 1 service principal login and 1 `config set`.
 */
function commandFor(round: number, index: number): string[] {
  const block = Math.floor(index / 8)
  const flip = (round + block) % 2 === 0
  const token = (subscription?: string): string[] => [
    'account',
    'get-access-token',
    '--output',
    'none',
    ...(subscription ? ['--subscription', subscription] : []),
  ]
  switch (index % 8) {
    case 0: {
      return token(CONTOSO_TRIAL)
    }

    case 1: {
      return token(block < 2 ? CONTOSO_TRIAL : NORTHWIND_SECURE)
    }

    case 2: {
      return token(FABRIKAM_SHARED)
    }

    case 3: {
      return token()
    }

    case 4: {
      return ['account', 'set', '--subscription', flip ? CONTOSO_PROD : CONTOSO_OVERDUE]
    }

    case 5: {
      return ['account', 'set', '--subscription', flip ? FABRIKAM_SHARED : CONTOSO_TRIAL]
    }

    case 6: {
      return servicePrincipalLogin(block % 2 === 0 ? AUTOMATION_APP : REPORTER_APP)
    }

    default: {
      return ['config', 'set', `defaults.location=region-${round}-${block}`, `storm.round${round}_block${block}=set`, '--only-show-errors']
    }
  }
}

/** The keys of the `storm` section that the `config set`s of rounds 0 to `round` wrote, sorted. */
function ownConfigKeys(round: number): string[] {
  return Array.from({length: round + 1}, (_, done) => Array.from({length: PROCESSES / 8}, (_, block) => `round${done}_block${block}`))
    .flat()
    .sort()
}

/** Everything the config dir must hold after any round; returns the parsed state. */
function expectIntactState(): ParsedState {
  const state = readState(sandbox.configDir)
  const subscriptions = state.profile!.subscriptions
  expect(subscriptions.map((subscription) => subscription.id).sort()).toEqual([...subscriptionIds].sort())
  expect(new Set(subscriptions.map((subscription) => subscription.user.name))).toEqual(new Set([ALICE, AUTOMATION_APP, REPORTER_APP]))
  const defaults = subscriptions.filter((subscription) => subscription.isDefault)
  expect(defaults).toHaveLength(1)
  // account set and login record the default in clouds.config under the profile's lock: they agree.
  expect(state.clouds?.Emu?.subscription).toBe(defaults[0].id)
  expect(state.config?.cloud?.name).toBe('Emu')

  const cache = state.tokenCache!
  const aliceAccounts = Object.values(cache.Account ?? {}).filter((account) => account.username === ALICE)
  expect(aliceAccounts).toHaveLength(1)
  const aliceHome = aliceAccounts[0].home_account_id
  expect(Object.values(cache.RefreshToken ?? {}).some((token) => token.home_account_id === aliceHome)).toBe(true)
  const appTokenClients = new Set(
    Object.values(cache.AccessToken ?? {})
      .filter((token) => token.home_account_id === null)
      .map((token) => token.client_id),
  )
  expect(appTokenClients).toEqual(new Set([AUTOMATION_APP, REPORTER_APP]))
  expect(state.principals!.map((entry) => entry.client_id).sort()).toEqual([AUTOMATION_APP, REPORTER_APP])
  expect(leftovers(sandbox.configDir)).toEqual([])
  return state
}

describe.each([
  ['accepting an old refresh token', false],
  ['taking each refresh token once', true],
])(`${PROCESSES} az processes at once, ${ROUNDS} rounds, against a server %s`, (_server, singleUseRefreshTokens) => {
  beforeAll(async () => {
    // Every access token expires within MSAL's 5 minute window: each get-access-token refreshes.
    emulator = await startEmulator({accessTokenLifetimeSeconds: 120, autoApproveDeviceCodes: ALICE, proxyPort: false, singleUseRefreshTokens})
    sandbox = new EmulatorSandbox(emulator)
    await sandbox.useEmulatorCloud()
    await spawnAzOk(sandbox, ['login', '--use-device-code', '--output', 'none'])
    await spawnAzOk(sandbox, servicePrincipalLogin(AUTOMATION_APP))
    await spawnAzOk(sandbox, servicePrincipalLogin(REPORTER_APP))
    subscriptionIds = readState(sandbox.configDir).profile!.subscriptions.map((subscription) => subscription.id)
  }, 120_000)

  afterAll(async () => {
    sandbox?.dispose()
    await emulator?.close()
  })

  it('run without a failed command and leave every file valid, with no account or subscription lost', async () => {
    expectIntactState()
    const roundTimes: number[] = []
    const failures: string[] = []
    let commands = 0
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now()
      const results = await Promise.all(Array.from({length: PROCESSES}, (_, index) => spawnAz(sandbox, commandFor(round, index))))
      roundTimes.push(performance.now() - started)
      commands += results.length
      failures.push(...results.filter((result) => result.exitCode !== 0).map((result) => `round ${round}: ${describeRun(result)}`))
      expect(failures).toEqual([])
      const state = expectIntactState()
      // The last config set of the round wrote one of its values; every config set so far kept its own key.
      if (round > 0) expect(state.config?.defaults?.location).toMatch(new RegExp(`^region-${round}-[0-3]$`))
      expect(Object.keys(state.config?.storm ?? {}).sort()).toEqual(ownConfigKeys(round))
    }

    const tokenRequests = emulator.requests.count({grantType: 'refresh_token', route: 'token'})
    expect(tokenRequests).toBeGreaterThan(0)
    expect(emulator.requests.count({grantType: 'refresh_token', route: 'token', status: 400})).toBe(0)
    if (process.env.AZX_STATE_FIGURES) {
      const total = roundTimes.reduce((sum, time) => sum + time, 0)
      console.log(
        `state-concurrency (single-use refresh tokens ${singleUseRefreshTokens ? 'on' : 'off'}): ` +
          `${commands} commands, ${failures.length} failed, ${tokenRequests} refresh-token requests; ` +
          `wall time ${(total / 1000).toFixed(1)} s (rounds ${roundTimes.map((time) => (time / 1000).toFixed(1)).join(', ')} s)`,
      )
    }
  }, 600_000)
})
