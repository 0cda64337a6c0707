/**
 * az processes killed with SIGKILL while they write, one after the other on one config dir; all of
 * it against a server that accepts an old refresh token (as Entra does) and against one that takes
 * each refresh token once. Writers: `account set` (azureProfile.json, clouds.config), `config set`
 * (config), service principal logins (service_principal_entries.json, azureProfile.json,
 * clouds.config, msal_token_cache.json) and `account get-access-token` with 120 s tokens, which
 * refreshes and so rewrites msal_token_cache.json. Each writer is killed five times, in an order
 * drawn at random: twice at a moment drawn uniformly between 0 and its typical run time (measured
 * first) and, as a write takes a millisecond or two of a run of several hundred, three times at
 * the write itself: as soon as the process creates a lock (it dies holding it), its temporary file
 * (it dies between writing and renaming) or replaces a file (it dies before its next write), the
 * file system telling the test (fs.watch) within a millisecond.
 *
 * After every kill every file must parse, and each file must hold either its old or its new content:
 * - azureProfile.json, clouds.config, config, service_principal_entries.json: byte for byte the
 *   file before the run ("old"), or byte for byte what the same command writes when it completes
 *   from the same starting files ("new", found by running it to completion on a copy);
 * - msal_token_cache.json (new tokens are random): byte for byte the old file, or a cache that keeps
 *   every entry of the old one and differs from it only in entries of the identity the command
 *   signed in as (the user's account and tokens, or the service principal's app-only tokens).
 * Files are judged one by one: a kill between two files' writes leaves one new and one old.
 * Then one completed run of each writer must succeed at once and leave nothing behind (temporary
 * files of killed writers, their locks). The kill moments come from a seeded generator: a failure
 * prints the seed, and AZX_STATE_SEED=<seed> replays the same moments. AZX_STATE_FIGURES=1 prints the figures.
 *
 * A process killed after Entra ID answered its refresh but before it stored the answer loses the
 * newest refresh token, and no client can prevent that. Servers that take each refresh token once
 * accept the previous one for a grace period for this reason (Okta's default is 30 s); the second
 * server here gives one long enough to reach the test's next token request.
 */
import type {ChildProcess} from 'node:child_process'
import {createHash} from 'node:crypto'
import {mkdirSync, rmSync, watch, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {
  CLOUDS,
  CONFIG,
  leftovers,
  parseStateFile,
  parseTokenCache,
  PROFILE,
  readState,
  SERVICE_PRINCIPALS,
  snapshot,
  STATE_FILES,
  TOKEN_CACHE,
} from './support/config-files.js'
import type {CacheEntry, StateFile, TokenCache} from './support/config-files.js'
import {describeCommand, describeRun, spawnAz, spawnAzOk} from './support/processes.js'
import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, EmulatorSandbox, FABRIKAM, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorOptions} from './support/signed-in.js'

const AZ_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const CONTOSO_PROD = '50000000-0000-4000-8000-000000000002'
const CONTOSO_TRIAL = '50000000-0000-4000-8000-000000000004'
const REPORTER_APP = '30000000-0000-4000-8000-000000000003'
const REPORTER_SECRET = 'fabrikam-reporter-secret-1'
/** The files whose new content does not depend on the network's random tokens. */
const DETERMINISTIC: readonly StateFile[] = [PROFILE, CLOUDS, CONFIG, SERVICE_PRINCIPALS]

type Kind = 'account set' | 'config set' | 'get-access-token' | 'service principal login'
/** When the process is killed: at a random moment of its run, or as it takes a lock, writes a temporary file or replaces a file. */
type Trigger = 'lock' | 'moment' | 'replaced file' | 'temporary file'
const TRIGGERS: readonly Trigger[] = ['moment', 'moment', 'lock', 'temporary file', 'replaced file']
const KINDS: readonly Kind[] = ['account set', 'config set', 'get-access-token', 'service principal login']
/**
 * Every writer with every trigger, once: 20 kills per server. Each aimed trigger stops a writer at
 * one point of its code, the same point each time, so a second kill there repeats the first (60
 * kills drawn at random hit most pairs three times, and could miss one). Enough to fail a build
 * that writes files in place rather than renaming them (a file torn within the first few kills),
 * or one that does not sweep temporary files, or does not break abandoned locks (each run of both
 * servers failed).
 */
const KILLS = KINDS.length * TRIGGERS.length

/** Who a command signs in as: its token cache entries may change, nobody else's. */
type Identity = {clientId: string; kind: 'app'} | {homeAccountId: string; kind: 'user'}

let emulator: Emulator
let sandbox: EmulatorSandbox
/** Where commands run to completion to learn what "new" is. */
let rehearsal: EmulatorSandbox
let aliceHome: string
const typicalMs = new Map<Kind, number>()
const rehearsed = new Map<string, Map<StateFile, Buffer | undefined>>()

async function setUp(options: EmulatorOptions): Promise<void> {
  emulator = await startEmulator({accessTokenLifetimeSeconds: 120, autoApproveDeviceCodes: ALICE, proxyPort: false, ...options})
  sandbox = new EmulatorSandbox(emulator)
  rehearsal = new EmulatorSandbox(emulator)
  rehearsed.clear()
  await sandbox.useEmulatorCloud()
  await spawnAzOk(sandbox, ['login', '--use-device-code', '--output', 'none'])
  await spawnAzOk(sandbox, servicePrincipalLogin(0))
  await spawnAzOk(sandbox, servicePrincipalLogin(1))
  await spawnAzOk(sandbox, configSet(0))
  aliceHome = String(
    Object.values(readState(sandbox.configDir).tokenCache!.Account ?? {}).find((account) => account.username === ALICE)?.home_account_id,
  )
  // The typical run time of each writer, from two completed runs (these also create every key the cache will hold).
  for (const kind of KINDS) {
    const runs = [await spawnAzOk(sandbox, argsFor(kind, 0)), await spawnAzOk(sandbox, argsFor(kind, 1))]
    typicalMs.set(kind, (runs[0].durationMs + runs[1].durationMs) / 2)
  }
}

async function tearDown(): Promise<void> {
  sandbox?.dispose()
  rehearsal?.dispose()
  await emulator?.close()
}

function servicePrincipalLogin(which: number): string[] {
  const [appId, secret, tenant] = which % 2 === 0 ? [AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO] : [REPORTER_APP, REPORTER_SECRET, FABRIKAM]
  return ['login', '--service-principal', '-u', appId, '-p', secret, '--tenant', tenant, '--output', 'none']
}

function configSet(which: number): string[] {
  return ['config', 'set', `defaults.location=region-${which % 3}`, '--only-show-errors']
}

function argsFor(kind: Kind, iteration: number): string[] {
  switch (kind) {
    case 'account set': {
      return ['account', 'set', '--subscription', iteration % 2 === 0 ? CONTOSO_PROD : CONTOSO_TRIAL]
    }

    case 'config set': {
      return configSet(iteration)
    }

    case 'get-access-token': {
      return ['account', 'get-access-token', '--subscription', CONTOSO_TRIAL, '--output', 'none']
    }

    default: {
      return servicePrincipalLogin(iteration)
    }
  }
}

function identityOf(kind: Kind, args: string[]): Identity {
  if (kind === 'service principal login') return {clientId: args[args.indexOf('-u') + 1], kind: 'app'}
  return {homeAccountId: aliceHome, kind: 'user'}
}

/** Mulberry32: a small seeded generator, so that a failing run can be replayed. */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = Math.imul(state ^ (state >>> 15), 1 | state)
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value)
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** `items` in an order drawn with `random` (Fisher-Yates). */
function shuffled<T>(items: T[], random: () => number): T[] {
  const order = [...items]
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1))
    const item = order[index]
    order[index] = order[other]
    order[other] = item
  }

  return order
}

/**
 * The deterministic files after `args` completes from `before`: run once on a copy, then remembered.
 * A token request changes none of them, and is not rehearsed: the copy would spend the refresh
 * token the test's own run is about to send.
 */
async function newContent(kind: Kind, args: string[], before: Map<StateFile, Buffer | undefined>): Promise<Map<StateFile, Buffer | undefined>> {
  if (kind === 'get-access-token') return before
  const hash = createHash('sha256').update(args.join('\0'))
  for (const name of DETERMINISTIC) hash.update(`\0${name}\0`).update(before.get(name) ?? 'absent')
  const key = hash.digest('hex')
  const known = rehearsed.get(key)
  if (known) return known
  rmSync(rehearsal.configDir, {force: true, recursive: true})
  mkdirSync(rehearsal.configDir, {mode: 0o700, recursive: true})
  for (const [name, bytes] of before) if (bytes !== undefined) writeFileSync(join(rehearsal.configDir, name), bytes)
  const run = await spawnAz(rehearsal, args)
  if (run.exitCode !== 0) throw new Error(`the rehearsal failed: ${describeRun(run)}`)
  const after = snapshot(rehearsal.configDir)
  rehearsed.set(key, after)
  return after
}

function belongsTo(identity: Identity, section: string, entry: CacheEntry): boolean {
  if (identity.kind === 'user')
    return entry.home_account_id === identity.homeAccountId || (section === 'AppMetadata' && entry.client_id === AZ_CLIENT_ID)
  return entry.client_id === identity.clientId && (entry.home_account_id === null || entry.home_account_id === undefined)
}

/** 'old', 'new', or what is wrong with the token cache after the run. */
function judgeTokenCache(before: Buffer | undefined, after: Buffer | undefined, identity: Identity): string {
  if (before === undefined || after === undefined) return before === after ? 'old' : 'the token cache appeared or disappeared'
  if (before.equals(after)) return 'old'
  const [old, now] = [parseTokenCache(before), parseTokenCache(after)] as [TokenCache, TokenCache]
  for (const [section, entries] of Object.entries(old)) {
    for (const [key, entry] of Object.entries(entries)) {
      const kept = now[section as keyof TokenCache]?.[key]
      if (kept === undefined) return `the token cache lost the ${section} entry ${key.slice(0, 60)}…`
      if (JSON.stringify(kept) !== JSON.stringify(entry) && !belongsTo(identity, section, entry))
        return `the token cache changed another identity's ${section} entry`
    }
  }

  for (const [section, entries] of Object.entries(now)) {
    for (const [key, entry] of Object.entries(entries)) {
      if (old[section as keyof TokenCache]?.[key] === undefined && !belongsTo(identity, section, entry))
        return `the token cache gained another identity's ${section} entry`
    }
  }

  return 'new'
}

describe.each([
  ['accepting an old refresh token', {}],
  ['taking each refresh token once', {refreshTokenReuseIntervalSeconds: 600, singleUseRefreshTokens: true}],
])(`${KILLS} az processes killed with SIGKILL while writing, against a server %s`, (server, options: EmulatorOptions) => {
  beforeAll(() => setUp(options), 120_000)
  afterAll(tearDown)

  it('leave every file parseable, each with its old or its new content', async () => {
    const seed = Number(process.env.AZX_STATE_SEED ?? Date.now() % 4_294_967_296)
    const random = generator(seed)
    const problems: string[] = []
    const outcomes = new Map<string, number>()
    const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    const schedule = shuffled(
      KINDS.flatMap((kind) => TRIGGERS.map((trigger) => ({kind, trigger}))),
      random,
    )
    for (const [iteration, {kind, trigger}] of schedule.entries()) {
      const args = argsFor(kind, iteration)
      const killAfterMs = Math.round(random() * typicalMs.get(kind)!)
      const before = snapshot(sandbox.configDir)
      const expected = await newContent(kind, args, before)
      const run = await spawnAz(sandbox, args, trigger === 'moment' ? {killAfterMs} : {onSpawn: (child) => killOnCreate(child, trigger)})
      const after = snapshot(sandbox.configDir)
      const when = trigger === 'moment' ? `at ${killAfterMs} ms` : `on creating a ${trigger}`
      const where = `seed ${seed}, run ${iteration + 1} (${describeCommand(args)}, SIGKILL ${when})`
      count(`${trigger}: ${run.signal === 'SIGKILL' ? 'killed' : run.exitCode === 0 ? 'completed' : 'failed'}`)
      if (run.signal !== 'SIGKILL' && run.exitCode !== 0) problems.push(`${where}: ${run.stderr}`)
      for (const name of STATE_FILES) {
        const bytes = after.get(name)
        try {
          if (bytes !== undefined) parseStateFile(name, bytes)
        } catch (error) {
          problems.push(`${where}: ${(error as Error).message}`)
          continue
        }

        const outcome =
          name === TOKEN_CACHE
            ? judgeTokenCache(before.get(name), bytes, identityOf(kind, args))
            : equal(bytes, before.get(name))
              ? 'old'
              : equal(bytes, expected.get(name))
                ? 'new'
                : `${name} is neither its old nor its new content`
        if (outcome !== 'old' && outcome !== 'new') problems.push(`${where}: ${outcome}`)
        else if (run.exitCode === 0 && name !== TOKEN_CACHE && !equal(bytes, expected.get(name)))
          problems.push(`${where}: ${name} does not hold the new content after a completed run`)
        const written =
          name === TOKEN_CACHE ? kind === 'get-access-token' || kind === 'service principal login' : !equal(before.get(name), expected.get(name))
        if (written) count(`${name} ${outcome}`)
      }

      expect(problems).toEqual([])
    }

    // The next writers recover at once (abandoned locks broken) and sweep what the killed ones left.
    for (const kind of KINDS) {
      const run = await spawnAz(sandbox, argsFor(kind, 0))
      if (run.exitCode !== 0) problems.push(`seed ${seed}, after the kills: ${describeRun(run)}`)
    }

    expect(problems).toEqual([])
    expect(leftovers(sandbox.configDir)).toEqual([])
    readState(sandbox.configDir)
    if (process.env.AZX_STATE_FIGURES) {
      const typical = [...typicalMs].map(([kind, ms]) => `${kind} ${Math.round(ms)} ms`).join(', ')
      const counts = JSON.stringify(Object.fromEntries([...outcomes].sort()))
      console.log(
        `state-crash (${server}, seed ${seed}): ${KILLS} runs, ${rehearsed.size} rehearsals; typical run times ${typical}; outcomes ${counts}`,
      )
    }
  }, 600_000)
})

/** Kills the child as soon as it creates a lock or a temporary file, or replaces a file, in the config dir (inotify: well within a millisecond). */
function killOnCreate(child: ChildProcess, trigger: Exclude<Trigger, 'moment'>): void {
  const patterns = {
    lock: /\.lockfile$/,
    'replaced file': new RegExp(`^(${STATE_FILES.map((name) => name.replaceAll('.', '\\.')).join('|')})$`),
    // A data file's temporary file, not a lock's draft (`.<file>.lockfile.<pid>.<hex>.tmp`).
    'temporary file': new RegExp(`^\\.(${STATE_FILES.map((name) => name.replaceAll('.', '\\.')).join('|')})\\.${child.pid}\\.[0-9a-f]+\\.tmp$`),
  }
  const pattern = patterns[trigger]
  const watcher = watch(sandbox.configDir, (_event, name) => {
    if (name && pattern.test(name)) child.kill('SIGKILL')
  })
  child.on('close', () => watcher.close())
}

function equal(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b)
}
