/**
 * azx and the Python az (Debian's azure-cli 2.45, MSAL Python 1.21) on one config dir, both ways:
 * what one signs in, the other lists and gets tokens for, from the files alone, with no new sign-in.
 *
 * The set-up, and why (see also test/emulator/README.md, "azx and the Python az on one config dir"):
 * - The emulator listens on port 443, and the cloud is registered once, by the Python az, with the
 *   endpoint https://localhost (no port). MSAL Python drops the port of an authority: it records
 *   `environment: localhost` in the token cache and calls https://localhost/… (port 443) for the
 *   user realm. MSAL Node records `host:port` for any other port. On 443 both name the authority
 *   `localhost`, as both name login.microsoftonline.com in real use, so they share tokens as they
 *   do against Entra ID. Any other port would test a mismatch real users never have.
 * - The Python az goes through the emulator's CONNECT proxy (pythonAzEnv(): HTTPS_PROXY, NO_PROXY,
 *   REQUESTS_CA_BUNDLE with the emulator's CA): MSAL Python insists on asking
 *   https://login.microsoftonline.com for instance discovery, and the proxy hands that tunnel to the
 *   emulator too. azx needs no proxy (static authority metadata); it trusts the emulator's CA
 *   through NODE_EXTRA_CA_CERTS (nodeEnv()).
 * - MSAL Python keeps successful discovery GETs in msal_http_cache.bin (24 h), in the config dir:
 *   each test copies a config dir where only the cloud was registered, so each starts without it.
 * - Binding port 443 needs root (or CAP_NET_BIND_SERVICE), as the tests run here and in CI; without
 *   it the suite fails and says why. Only this test file may use port 443 (jest runs files in
 *   parallel).
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {claims, copySandbox} from './support/account.js'
import {leftovers, parseTokenCache, readState, TOKEN_CACHE} from './support/config-files.js'
import {describeRun, spawnAz, spawnAzOk} from './support/processes.js'
import {runPythonAz} from './support/python-az.js'
import type {PythonAzOptions, PythonAzResult} from './support/python-az.js'
import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, CONTOSO_DEV, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

const AUTHORITY_HOST = 'https://localhost'
const FABRIKAM_SHARED = '50000000-0000-4000-8000-000000000007'
const CONTOSO_TRIAL = '50000000-0000-4000-8000-000000000004'
const GRAPH = 'https://graph.microsoft.com'
const SP_LOGIN = ['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO]

let emulator: Emulator
/** A config dir where the Python az registered and selected the emulator's cloud, and nothing else. */
let template: EmulatorSandbox
let sandbox: EmulatorSandbox

beforeAll(async () => {
  emulator = await startOnPort443()
  template = new EmulatorSandbox(emulator)
  const endpoints = ['--endpoint-active-directory', AUTHORITY_HOST, '--endpoint-resource-manager', `${AUTHORITY_HOST}/`]
  const resources = [
    '--endpoint-active-directory-resource-id',
    'https://management.core.windows.net/',
    '--endpoint-active-directory-graph-resource-id',
    'https://graph.windows.net/',
  ]
  await pythonOk(template, ['cloud', 'register', '--name', 'Emu', ...endpoints, ...resources])
  await pythonOk(template, ['cloud', 'set', '--name', 'Emu'])
}, 120_000)

afterAll(async () => {
  template?.dispose()
  await emulator?.close()
})

beforeEach(() => {
  sandbox = copySandbox(template)
  emulator.autoApproveDeviceCodes(undefined)
  emulator.setAccessTokenLifetime(3599)
})

afterEach(() => sandbox.dispose())

async function startOnPort443(): Promise<Emulator> {
  try {
    return await startEmulator({port: 443, proxyPort: 0})
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    const why =
      code === 'EACCES'
        ? 'binding a port below 1024 needs root or CAP_NET_BIND_SERVICE: run the tests ' +
          'as root (as CI does), or `setcap cap_net_bind_service=+ep $(command -v node)`'
        : code === 'EADDRINUSE'
          ? 'another program listens on port 443; stop it (only this test file may use the port)'
          : String(error)
    throw new Error(`The interop tests need the emulator on port 443, because MSAL Python drops the port of the authority; ${why}.`, {cause: error})
  }
}

function python(box: EmulatorSandbox, args: string[], options: PythonAzOptions = {}): Promise<PythonAzResult> {
  return runPythonAz(box, args, {...options, env: {...emulator.pythonAzEnv(), ...options.env}})
}

async function pythonOk(box: EmulatorSandbox, args: string[], options: PythonAzOptions = {}): Promise<PythonAzResult> {
  const result = await python(box, args, options)
  if (result.exitCode !== 0) throw new Error(`the Python az ${args.join(' ')} exited with ${result.exitCode}:\n${result.stderr}`)
  return result
}

async function azx(args: string[]): Promise<string> {
  return (await spawnAzOk(sandbox, args)).stdout
}

async function pythonJson(args: string[]): Promise<unknown> {
  return JSON.parse((await pythonOk(sandbox, [...args, '--output', 'json'])).stdout)
}

async function azxJson(args: string[]): Promise<unknown> {
  return JSON.parse(await azx([...args, '--output', 'json']))
}

/** What both tools list of a subscription (the rest is formatting they may add). */
function essentials(subscriptions: unknown): unknown[] {
  return (subscriptions as Record<string, unknown>[])
    .map(({cloudName, id, isDefault, name, state, tenantId, user}) => ({cloudName, id, isDefault, name, state, tenantId, user}))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)))
}

function accessToken(output: unknown): string {
  return (output as {accessToken: string}).accessToken
}

/** Token endpoint requests since the last clear: a cached token makes none. */
function tokenRequests(): string[] {
  return emulator.requests.entries({route: 'token'}).map((entry) => `${entry.path} ${entry.grantType}`)
}

/** `az login --use-device-code` by the Python az, approved as Alice with the code it prints. */
async function pythonDeviceCodeLogin(): Promise<void> {
  let approved = false
  await pythonOk(sandbox, ['login', '--use-device-code', '--output', 'none'], {
    onStderr: (stderr) => {
      const code = /enter the code (\S+) to authenticate/.exec(stderr)?.[1]
      if (code && !approved) {
        approved = true
        emulator.approveDeviceCode(code, ALICE)
      }
    },
  })
  expect(approved).toBe(true)
}

describe('after azx signs in, the Python az works from its files', () => {
  it('lists, shows and gets cached tokens for a user, without a token request', async () => {
    emulator.autoApproveDeviceCodes(ALICE)
    await azx(['login', '--use-device-code', '--output', 'none'])
    expect(essentials(await pythonJson(['account', 'list', '--all']))).toEqual(essentials(await azxJson(['account', 'list', '--all'])))
    expect(essentials([await pythonJson(['account', 'show'])])).toEqual(essentials([await azxJson(['account', 'show'])]))

    emulator.requests.clear()
    for (const subscription of [CONTOSO_DEV, FABRIKAM_SHARED]) {
      const byPython = await pythonJson(['account', 'get-access-token', '--subscription', subscription])
      expect(byPython).toMatchObject({subscription, tokenType: 'Bearer'})
      expect(accessToken(byPython)).toBe(accessToken(await azxJson(['account', 'get-access-token', '--subscription', subscription])))
    }

    expect(tokenRequests()).toEqual([])
    // Its discovery documents are now in msal_http_cache.bin: the next token costs no request at all.
    emulator.requests.clear()
    await pythonJson(['account', 'get-access-token', '--subscription', CONTOSO_DEV])
    expect(emulator.requests.entries().filter((entry) => entry.route !== 'proxy-connect')).toEqual([])
  })

  it("gets a service principal's cached token, without a token request", async () => {
    await azx([...SP_LOGIN, '--output', 'none'])
    expect(await pythonJson(['account', 'show'])).toMatchObject({user: {name: AUTOMATION_APP, type: 'servicePrincipal'}})
    emulator.requests.clear()
    const byPython = await pythonJson(['account', 'get-access-token'])
    expect(accessToken(byPython)).toBe(accessToken(await azxJson(['account', 'get-access-token'])))
    expect(tokenRequests()).toEqual([])
  })

  it('refreshes with the refresh token azx stored, and azx then uses the token the Python az stored', async () => {
    emulator.autoApproveDeviceCodes(ALICE)
    await azx(['login', '--use-device-code', '--output', 'none'])
    emulator.requests.clear()
    const byPython = await pythonJson(['account', 'get-access-token', '--subscription', CONTOSO_TRIAL, '--resource', GRAPH])
    expect(tokenRequests()).toEqual([`/${CONTOSO}/oauth2/v2.0/token refresh_token`])
    expect(accessToken(await azxJson(['account', 'get-access-token', '--subscription', CONTOSO_TRIAL, '--resource', GRAPH]))).toBe(
      accessToken(byPython),
    )
    expect(tokenRequests()).toHaveLength(1)
  })

  it("signs the user out with `az logout`: nothing of the user's is left for either tool", async () => {
    emulator.autoApproveDeviceCodes(ALICE)
    await azx(['login', '--use-device-code', '--output', 'none'])
    await azx([...SP_LOGIN, '--output', 'none'])
    const home = Object.values(readState(sandbox.configDir).tokenCache!.Account ?? {})[0].home_account_id
    await pythonOk(sandbox, ['logout', '--username', ALICE])
    const cache = parseTokenCache(readFileSync(join(sandbox.configDir, TOKEN_CACHE)))
    const left = Object.values(cache)
      .flatMap((section) => Object.values(section ?? {}))
      .filter((entry) => entry.home_account_id === home)
    expect(left).toEqual([])
    const users = ((await azxJson(['account', 'list', '--all'])) as {user: {name: string}}[]).map((subscription) => subscription.user.name)
    expect(new Set(users)).toEqual(new Set([AUTOMATION_APP]))
  })
})

describe('after the Python az signs in, azx works from its files', () => {
  it('lists and gets cached tokens for a user, and refreshes with its refresh token, with no new sign-in', async () => {
    await pythonDeviceCodeLogin()
    expect(essentials(await azxJson(['account', 'list', '--all']))).toEqual(essentials(await pythonJson(['account', 'list', '--all'])))
    expect(essentials([await azxJson(['account', 'show'])])).toEqual(essentials([await pythonJson(['account', 'show'])]))

    emulator.requests.clear()
    for (const subscription of [CONTOSO_DEV, FABRIKAM_SHARED]) {
      const byAzx = await azxJson(['account', 'get-access-token', '--subscription', subscription])
      expect(byAzx).toMatchObject({subscription, tokenType: 'Bearer'})
      expect(accessToken(byAzx)).toBe(accessToken(await pythonJson(['account', 'get-access-token', '--subscription', subscription])))
    }

    expect(tokenRequests()).toEqual([])
    const graph = await azxJson(['account', 'get-access-token', '--subscription', CONTOSO_DEV, '--resource', GRAPH])
    expect(tokenRequests()).toEqual([`/${CONTOSO}/oauth2/v2.0/token refresh_token`])
    expect(accessToken(await pythonJson(['account', 'get-access-token', '--subscription', CONTOSO_DEV, '--resource', GRAPH]))).toBe(
      accessToken(graph),
    )
    expect(tokenRequests()).toHaveLength(1)
  })

  it("gets a service principal's cached token, without a token request", async () => {
    await pythonOk(sandbox, [...SP_LOGIN, '--output', 'none'])
    expect(await azxJson(['account', 'show'])).toMatchObject({user: {name: AUTOMATION_APP, type: 'servicePrincipal'}})
    emulator.requests.clear()
    const byAzx = await azxJson(['account', 'get-access-token'])
    expect(accessToken(byAzx)).toBe(accessToken(await pythonJson(['account', 'get-access-token'])))
    expect(tokenRequests()).toEqual([])
  })
})

describe('both tools in turn, with tokens that must be refreshed on every call', () => {
  it("each refreshes from the other's refresh tokens, with no sign-in; the user keeps one account and refresh tokens do not pile up", async () => {
    await pythonDeviceCodeLogin()
    emulator.setAccessTokenLifetime(120)
    emulator.requests.clear()
    const tokens = new Set<string>()
    const refreshTokens: number[] = []
    for (let turn = 0; turn < 3; turn++) {
      tokens.add(accessToken(await azxJson(['account', 'get-access-token', '--subscription', CONTOSO_TRIAL, '--resource', GRAPH])))
      tokens.add(accessToken(await pythonJson(['account', 'get-access-token', '--subscription', CONTOSO_TRIAL, '--resource', GRAPH])))
      refreshTokens.push(Object.keys(readState(sandbox.configDir).tokenCache!.RefreshToken ?? {}).length)
    }

    expect(new Set(refreshTokens).size).toBe(1)

    expect(tokens.size).toBe(6)
    expect(tokenRequests()).toEqual(Array.from({length: 6}, () => `/${CONTOSO}/oauth2/v2.0/token refresh_token`))
    const cache = readState(sandbox.configDir).tokenCache!
    expect(Object.values(cache.Account ?? {}).map((account) => account.username)).toEqual([ALICE])
  })
})

describe('both tools at once on one config dir, every command refreshing a token', () => {
  const AZX_PROCESSES = 16
  const PYTHON_PROCESSES = 8
  /**
   * Two rounds: in the first every process adds its resource's token to the cache, in the second
   * it replaces it (a third repeats the second). Without azx's flock on the lock file, which the
   * Python az waits on, neither 2 nor 3 rounds lost a token in two runs each: that race is too
   * narrow for a storm, and store/file-lock.test.ts keeps a waiting Python az out by the flock.
   */
  const ROUNDS = 2
  const PYTHON_READ_RACE = /^ERROR: (User '[^']+' does not exist in MSAL token cache\. Run `az login`|Can't find token from MSAL cache)\.$/m

  /**
   * Each process asks for a resource of its own (so no two write the same cache entry), with access
   * tokens that must be refreshed on every call: every command writes the token cache under the
   * lock, azx's and the Python az's at once. After every round every file must parse, and the token
   * cache must hold the access token every process printed. AZX_STATE_FIGURES=1 prints the figures.
   *
   * The Python az fails now and then on its own: it rewrites the cache in place (truncate, then
   * write: msal_extensions FilePersistence.save) while its readers take no lock, so one that reads
   * between another's truncate and write finds no account ("User … does not exist in MSAL token
   * cache") or no refresh token ("Can't find token from MSAL cache"): 13 of 60 commands when 12
   * Python az processes run at once without any azx. azx replaces the file atomically and never
   * causes it (and reads again what it catches half-written). Any other failure of the Python az
   * fails the test.
   */
  it(`${AZX_PROCESSES} azx and ${PYTHON_PROCESSES} Python az processes, ${ROUNDS} rounds: no azx failure, files parse, no token lost`, async () => {
    emulator.autoApproveDeviceCodes(ALICE)
    await azx(['login', '--use-device-code', '--output', 'none'])
    // The Python az keeps its discovery documents in msal_http_cache.bin: fetched once, before the storm.
    await pythonOk(sandbox, ['account', 'get-access-token', '--output', 'none'])
    emulator.setAccessTokenLifetime(120)
    const resource = (tool: string, index: number): string => `https://storm-${tool}-${index}.example`
    const getToken = (tool: string, index: number): string[] => [
      'account',
      'get-access-token',
      '--resource',
      resource(tool, index),
      '--output',
      'json',
    ]

    const azxFailures: string[] = []
    const pythonFailures: string[] = []
    const pythonReadRaces: string[] = []
    const lost: string[] = []
    const roundTimes: number[] = []
    let refreshes = 0
    for (let round = 0; round < ROUNDS; round++) {
      emulator.requests.clear()
      const started = performance.now()
      const runs = await Promise.all([
        ...Array.from({length: AZX_PROCESSES}, async (_, index) => {
          const run = await spawnAz(sandbox, getToken('azx', index))
          if (run.exitCode !== 0) azxFailures.push(`round ${round}: ${describeRun(run)}`)
          return {host: new URL(resource('azx', index)).host, stdout: run.exitCode === 0 ? run.stdout : undefined, who: `azx ${index}`}
        }),
        ...Array.from({length: PYTHON_PROCESSES}, async (_, index) => {
          const run = await python(sandbox, getToken('python', index))
          if (run.exitCode !== 0) {
            const failure = `round ${round}: the Python az ${index} exited with ${run.exitCode}:\n${run.stderr}`
            if (PYTHON_READ_RACE.test(run.stderr)) pythonReadRaces.push(failure)
            else pythonFailures.push(failure)
          }

          return {host: new URL(resource('python', index)).host, stdout: run.exitCode === 0 ? run.stdout : undefined, who: `Python az ${index}`}
        }),
      ])
      roundTimes.push(performance.now() - started)
      refreshes += emulator.requests.count({grantType: 'refresh_token', route: 'token'})

      // Every file parses (readState throws naming the one that does not), and every token printed is stored.
      const cache = readState(sandbox.configDir).tokenCache!
      const stored = Object.values(cache.AccessToken ?? {})
      for (const {host, stdout, who} of runs) {
        if (stdout === undefined) continue
        const token = accessToken(JSON.parse(stdout))
        if (!stored.some((entry) => entry.secret === token && String(entry.target).includes(host)))
          lost.push(`round ${round}: the access token ${who} stored`)
      }

      expect(Object.values(cache.Account ?? {}).map((account) => account.username)).toEqual([ALICE])
      expect(leftovers(sandbox.configDir)).toEqual([])
    }

    const commands = ROUNDS * (AZX_PROCESSES + PYTHON_PROCESSES)
    if (process.env.AZX_STATE_FIGURES) {
      const total = roundTimes.reduce((sum, time) => sum + time, 0)
      console.log(
        `interop storm: ${commands} commands (${AZX_PROCESSES} azx + ${PYTHON_PROCESSES} Python az per round, ${ROUNDS} rounds), ` +
          `${azxFailures.length} azx and ${pythonFailures.length + pythonReadRaces.length} ` +
          `Python az failed (${pythonReadRaces.length} by its own read race), ` +
          `${lost.length} stored tokens lost, ${refreshes} refresh-token requests; ` +
          `wall time ${(total / 1000).toFixed(1)} s (rounds ${roundTimes.map((time) => (time / 1000).toFixed(1)).join(', ')} s)`,
      )
    }

    expect(azxFailures).toEqual([])
    expect(pythonFailures).toEqual([])
    expect(lost).toEqual([])
    expect(refreshes).toBe(commands - pythonReadRaces.length)
  }, 300_000)
})

/**
 * A service principal azx signed in with federated tokens from a CI job: service_principal_entries.json
 * keeps az's shape (the token that proved the sign-in, as a static `client_assertion`), and where
 * the tokens come from is kept beside it, in azx_service_principals.json.
 */
describe('a service principal signed in with --federated-token-provider', () => {
  const DEPLOYER_APP = '30000000-0000-4000-8000-000000000002'
  const DEPLOYER_LOGIN = ['login', '--service-principal', '-u', DEPLOYER_APP, '--tenant', CONTOSO]
  const SUBJECT = 'repo:contoso/app:ref:refs/heads/main'
  const STORAGE = 'https://storage.azure.com'

  it('the Python az reads its entry and gets tokens with the stored token, while azx fetches new ones from the job', async () => {
    const job = emulator.startCiJob({provider: 'github', subject: SUBJECT})
    await spawnAzOk(sandbox, [...DEPLOYER_LOGIN, '--federated-token-provider', 'github', '--output', 'none'], {env: job.env})
    expect(await pythonJson(['account', 'show'])).toMatchObject({id: CONTOSO_DEV, user: {name: DEPLOYER_APP, type: 'servicePrincipal'}})

    // A resource no token is cached for: the Python az asks Entra ID, with the entry's token.
    emulator.requests.clear()
    const byPython = await pythonJson(['account', 'get-access-token', '--resource', GRAPH])
    expect(claims(accessToken(byPython))).toMatchObject({appid: DEPLOYER_APP, tid: CONTOSO})
    expect(tokenRequests()).toEqual([`/${CONTOSO}/oauth2/v2.0/token client_credentials`])
    expect(job.assertionsIssued).toBe(1)

    await spawnAzOk(sandbox, ['account', 'get-access-token', '--resource', STORAGE], {env: job.env})
    expect(job.assertionsIssued).toBe(2)
  })

  it('a static token the Python az signs in with afterwards is used, not the remembered source', async () => {
    const job = emulator.startCiJob({provider: 'github', subject: SUBJECT})
    await spawnAzOk(sandbox, [...DEPLOYER_LOGIN, '--federated-token-provider', 'github', '--output', 'none'], {env: job.env})
    await pythonOk(sandbox, [...DEPLOYER_LOGIN, '--federated-token', emulator.issueFederatedToken({subject: SUBJECT}), '--output', 'none'])
    const before = job.assertionsIssued
    emulator.requests.clear()
    await spawnAzOk(sandbox, ['account', 'get-access-token', '--resource', STORAGE], {env: job.env})
    expect(tokenRequests()).toEqual([`/${CONTOSO}/oauth2/v2.0/token client_credentials`])
    expect(job.assertionsIssued).toBe(before)
  })
})

describe('a command azx does not have, handed by azx to the Python az', () => {
  it("az rest runs in the Python az on azx's service principal sign-in, and exits as it does", async () => {
    await azx([...SP_LOGIN, '--output', 'none'])
    emulator.requests.clear()
    // The Python az, started by azx, needs the emulator's proxy and CA, as when it is run directly.
    const url = `${AUTHORITY_HOST}/subscriptions?api-version=2022-12-01`
    const rest = await spawnAz(sandbox, ['rest', '--method', 'get', '--url', url], {env: emulator.pythonAzEnv()})
    expect([rest.exitCode, rest.stderr]).toEqual([0, ''])
    const subscriptions = (JSON.parse(rest.stdout) as {value: {subscriptionId: string}[]}).value.map((subscription) => subscription.subscriptionId)
    expect(subscriptions).toContain(CONTOSO_DEV)
    // The token azx got when it signed in: no new sign-in, no token request.
    expect(tokenRequests()).toEqual([])
    expect(emulator.requests.count({route: 'subscriptions'})).toBe(1)

    const missing = await spawnAz(
      sandbox,
      ['rest', '--method', 'get', '--url', `${AUTHORITY_HOST}/subscriptions/nope/resourcegroups/none?api-version=2022-12-01`],
      {env: emulator.pythonAzEnv()},
    )
    const direct = await python(sandbox, [
      'rest',
      '--method',
      'get',
      '--url',
      `${AUTHORITY_HOST}/subscriptions/nope/resourcegroups/none?api-version=2022-12-01`,
    ])
    expect(missing.exitCode).not.toBe(0)
    expect([missing.exitCode, missing.stdout, missing.stderr]).toEqual([direct.exitCode, direct.stdout, direct.stderr])
  })
})
