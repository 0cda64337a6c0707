/**
 * `az account identity-endpoint start` serving the SDKs: @azure/identity's ManagedIdentityCredential
 * and DefaultAzureCredential, unchanged, and the Python azure-identity's (Debian's python3-azure;
 * Debian's MSAL Python 1.21 has no managed identity support), each in a child process given only
 * the environment the endpoint printed, get tokens for ARM and for Microsoft Graph, for a user and
 * for a service principal; and the README's worked example lists resource groups through it.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from '@jest/globals'

import {accountSandbox, ARM_SCOPE, claims} from './support/account.js'
import {REPO_ROOT} from './support/cli.js'
import {killStartedEndpoints, requestToken, runProgram, runSdkClient, startEndpoint} from './support/identity-endpoint.js'
import type {RunningEndpoint, SdkResult, SdkToken} from './support/identity-endpoint.js'
import {ALICE, AUTOMATION_APP, CONTOSO, CONTOSO_DEV, FABRIKAM, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default'
const BOB = 'bob@fabrikam.example'
const FABRIKAM_SHARED = '50000000-0000-4000-8000-000000000007'
const SYSTEM_ASSIGNED_IDENTITY = '40000000-0000-4000-8000-000000000001'
const EXAMPLE = join(REPO_ROOT, 'docs', 'examples', 'identity-endpoint')

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
})
afterAll(async () => {
  killStartedEndpoints()
  await emulator.close()
})

function tokens(result: SdkResult): SdkToken[] {
  if ('error' in result) throw new Error(`the SDK failed: ${result.error.name}: ${result.error.message}`)
  return result
}

/** The SDK clients of both languages, each credential, for ARM then Graph. */
const CLIENTS = [
  ['node', 'managed'],
  ['node', 'default'],
  ['python', 'managed'],
  ['python', 'default'],
] as const

describe('a user', () => {
  let sandbox: EmulatorSandbox
  let endpoint: RunningEndpoint
  beforeAll(async () => {
    sandbox = await accountSandbox(emulator)
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
    endpoint = await startEndpoint(sandbox)
  })
  afterAll(async () => {
    await endpoint.stop()
    sandbox.dispose()
  })

  it.each(CLIENTS)('%s %s credential gets tokens for ARM and for Graph', async (language, kind) => {
    const [arm, graph] = tokens(await runSdkClient(language, kind, {...endpoint.env}, [ARM_SCOPE, GRAPH_SCOPE], sandbox.home))
    expect(claims(arm.token)).toMatchObject({aud: 'https://management.core.windows.net/', tid: CONTOSO, upn: ALICE})
    expect(claims(graph.token)).toMatchObject({aud: 'https://graph.microsoft.com', tid: CONTOSO, upn: ALICE})
    // The SDK read expires_on (a string of seconds) as the token's expiry. Not to the second: the
    // cache's expiry is MSAL's reckoning (request time + expires_in), and MSAL Node counts again
    // from its own request.
    const expiresMs = arm.expiresOnTimestamp ?? arm.expiresOn! * 1000
    expect(Math.abs(expiresMs - (claims(arm.token).exp as number) * 1000)).toBeLessThanOrEqual(60_000)
  })

  it('hands out the token get-access-token prints, from the cache, with no request to Entra ID', async () => {
    const printed = JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout) as {accessToken: string; expires_on: number}
    emulator.requests.clear()
    const response = await requestToken(endpoint.env, 'https://management.core.windows.net/')
    expect(response.body).toEqual({
      access_token: printed.accessToken,
      client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      expires_on: String(printed.expires_on),
      resource: 'https://management.core.windows.net/',
      token_type: 'Bearer',
    })
    expect(emulator.requests.count()).toBe(0)
  })

  it("runs the README's worked example: a program that lists resource groups with DefaultAzureCredential", async () => {
    const program = readFileSync(join(EXAMPLE, 'list-groups.mjs'), 'utf8')
    // The README shows the program as it is in docs/examples.
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(program)
    const exit = await runProgram(process.execPath, [join(EXAMPLE, 'list-groups.mjs')], {
      ...endpoint.env,
      ...emulator.nodeEnv(),
      // The emulator is this "cloud"'s Resource Manager.
      ARM_ENDPOINT: emulator.url,
      AZURE_SUBSCRIPTION_ID: CONTOSO_DEV,
      HOME: sandbox.home,
    })
    expect(exit).toMatchObject({exitCode: 0, stderr: ''})
    expect(exit.stdout.trim().split('\n')).toEqual(expect.arrayContaining([expect.stringMatching(/^rg-\S+ \S+$/)]))
  })
})

describe('a service principal', () => {
  let sandbox: EmulatorSandbox
  let endpoint: RunningEndpoint
  beforeAll(async () => {
    sandbox = await accountSandbox(emulator)
    await sandbox.loginServicePrincipal()
    endpoint = await startEndpoint(sandbox)
  })
  afterAll(async () => {
    await endpoint.stop()
    sandbox.dispose()
  })

  it.each(CLIENTS)('%s %s credential gets its app tokens for ARM and for Graph', async (language, kind) => {
    const [arm, graph] = tokens(await runSdkClient(language, kind, {...endpoint.env}, [ARM_SCOPE, GRAPH_SCOPE], sandbox.home))
    expect(claims(arm.token)).toMatchObject({appid: AUTOMATION_APP, aud: 'https://management.core.windows.net/', idtyp: 'app', tid: CONTOSO})
    expect(claims(graph.token)).toMatchObject({appid: AUTOMATION_APP, aud: 'https://graph.microsoft.com', idtyp: 'app', tid: CONTOSO})
  })

  it("reports the service principal's client ID, as App Service reports the identity's", async () => {
    expect((await requestToken(endpoint.env, 'https://management.core.windows.net/')).body.client_id).toBe(AUTOMATION_APP)
  })
})

describe('a managed identity', () => {
  it("passes a VM's managed identity on to programs that cannot reach IMDS themselves (az login --identity)", async () => {
    const sandbox = await accountSandbox(emulator)
    try {
      // The emulator stands in for IMDS, for the CLI only: the SDK program gets the endpoint's environment.
      const imds = emulator.managedIdentity.env('imds')
      await sandbox.ok(['login', '--identity'], {env: imds})
      const endpoint = await startEndpoint(sandbox, [], imds)
      const [arm] = tokens(await runSdkClient('node', 'managed', {...endpoint.env}, [ARM_SCOPE], sandbox.home))
      await endpoint.stop()
      expect(claims(arm.token)).toMatchObject({appid: SYSTEM_ASSIGNED_IDENTITY, aud: 'https://management.core.windows.net/', tid: CONTOSO})
    } finally {
      sandbox.dispose()
    }
  })
})

describe('whose tokens', () => {
  let sandbox: EmulatorSandbox
  beforeAll(async () => {
    sandbox = await accountSandbox(emulator)
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
    // Bob signs in second: his subscription becomes the default.
    await sandbox.ok(['login', '-u', BOB, '-p', 'bob-password-1'])
  })
  afterAll(() => sandbox.dispose())
  afterEach(() => killStartedEndpoints())

  async function upnAndTenant(args: string[]): Promise<unknown> {
    const endpoint = await startEndpoint(sandbox, args)
    try {
      const response = await requestToken(endpoint.env, 'https://management.core.windows.net/')
      const {tid, upn} = claims(response.body.access_token as string)
      return {tid, upn}
    } finally {
      await endpoint.stop()
    }
  }

  it("serves the default subscription's account, or --subscription's, or --tenant's tokens", async () => {
    const current = JSON.parse((await sandbox.ok(['account', 'show'])).stdout) as {user: {name: string}; tenantId: string}
    expect(current.user.name).toBe(BOB)
    expect(await upnAndTenant([])).toEqual({tid: FABRIKAM, upn: BOB})
    expect(await upnAndTenant(['--subscription', CONTOSO_DEV])).toEqual({tid: CONTOSO, upn: ALICE})
    expect(await upnAndTenant(['--subscription', 'Contoso Dev', '--tenant', FABRIKAM]).catch((error: Error) => error.message)).toContain(
      'Please specify only one of subscription and tenant, not both',
    )
  })

  it('keeps serving the account it started with after `az account set` chose another', async () => {
    const endpoint = await startEndpoint(sandbox, ['--subscription', CONTOSO_DEV])
    await sandbox.ok(['account', 'set', '--subscription', FABRIKAM_SHARED])
    const response = await requestToken(endpoint.env, 'https://management.core.windows.net/')
    expect(claims(response.body.access_token as string)).toMatchObject({tid: CONTOSO, upn: ALICE})
    await endpoint.stop()
  })

  it("tells the client, with az's advice, once the account has signed out, and hands out nothing", async () => {
    const endpoint = await startEndpoint(sandbox, ['--subscription', CONTOSO_DEV])
    expect((await requestToken(endpoint.env, 'https://management.core.windows.net/')).status).toBe(200)
    await sandbox.ok(['logout', '--username', ALICE])
    const response = await requestToken(endpoint.env, 'https://management.core.windows.net/')
    expect(response).toMatchObject({body: {message: expect.stringContaining('az login'), statusCode: 400}, status: 400})
    expect(response.text).not.toMatch(/access_token|eyJ/)
    const sdk = await runSdkClient('node', 'managed', {...endpoint.env}, [ARM_SCOPE], sandbox.home)
    expect(sdk).toEqual({error: {message: expect.stringContaining('az login'), name: 'CredentialUnavailableError'}})
    await endpoint.stop()
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
  })
})

describe('refresh', () => {
  let sandbox: EmulatorSandbox
  afterAll(() => {
    emulator.setAccessTokenLifetime(3599)
    sandbox.dispose()
  })

  it('hands out a refreshed token when the cached one is about to expire, as get-access-token would', async () => {
    sandbox = await accountSandbox(emulator)
    // Tokens of 2 minutes: inside MSAL's 5-minute renewal margin from the start.
    emulator.setAccessTokenLifetime(120)
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
    const endpoint = await startEndpoint(sandbox)
    emulator.requests.clear()
    const first = await requestToken(endpoint.env, 'https://management.core.windows.net/')
    const second = await requestToken(endpoint.env, 'https://management.core.windows.net/')
    await endpoint.stop()
    expect([first.status, second.status]).toEqual([200, 200])
    expect(emulator.requests.count({grantType: 'refresh_token', route: 'token'})).toBe(2)
    expect(second.body.access_token).not.toBe(first.body.access_token)
    expect(Number(second.body.expires_on)).toBeGreaterThan(Date.now() / 1000 + 60)
  })
})
