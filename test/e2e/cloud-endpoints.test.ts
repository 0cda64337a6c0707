/**
 * A custom cloud's endpoints as azx uses them: an Active Directory endpoint written with its
 * default port (`https://login.contoso.example:443`) signs in with no request to any other host,
 * as a sovereign or air-gapped network needs; and a cloud that lacks an endpoint a command needs
 * is reported the same way by every command, with the `az cloud update` command that sets it.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest} from '@jest/globals'

import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

jest.setTimeout(120_000)

let emulator: Emulator
let sandbox: EmulatorSandbox

beforeAll(async () => {
  emulator = await startEmulator()
  // What an air-gapped network does to a request for Entra ID's public instance discovery.
  emulator.faults.add({drop: true, host: 'login.microsoftonline.com'})
})
afterAll(() => emulator?.close())
beforeEach(() => {
  sandbox = new EmulatorSandbox(emulator)
})
afterEach(() => sandbox.dispose())

describe('an Active Directory endpoint written with its default port', () => {
  // The emulator is reached as https://localhost (port 443) through its CONNECT proxy, which hands
  // every tunnel to the emulator: a request for any other host would show in its log.
  const throughProxy = () => ({HTTPS_PROXY: emulator.proxy!, NO_PROXY: '', no_proxy: ''})
  const run = (args: string[]) => sandbox.ok(args, {env: throughProxy()})

  beforeEach(async () => {
    await run([
      'cloud',
      'register',
      '--name',
      'Sovereign',
      '--endpoint-active-directory',
      'https://localhost:443',
      '--endpoint-resource-manager',
      `${emulator.url}/`,
      '--endpoint-active-directory-resource-id',
      'https://management.core.windows.net/',
      '--endpoint-active-directory-graph-resource-id',
      'https://graph.windows.net/',
    ])
    await run(['cloud', 'set', '--name', 'Sovereign'])
    emulator.requests.clear()
  })

  /** Hosts the requests since the last clear went to, other than the cloud's: its sign-in endpoint (port 443) and ARM. */
  const otherHosts = () => {
    const cloud = new Set(['localhost', 'localhost:443', `localhost:${emulator.port}`])
    return emulator.requests
      .entries()
      .filter((entry) => !cloud.has(entry.host.toLowerCase()))
      .map((entry) => `${entry.method} ${entry.host}${entry.path}`)
  }

  it('signs a user in and gets tokens from the cloud itself, never asking login.microsoftonline.com', async () => {
    const login = await run(['login', '-u', ALICE, '-p', 'alice-password-1'])
    expect(JSON.parse(login.stdout)[0]).toMatchObject({cloudName: 'Sovereign', tenantId: CONTOSO})
    expect(otherHosts()).toEqual([])
    expect(emulator.requests.count({route: 'instance-discovery'})).toBe(0)
    expect(new Set(emulator.requests.entries({route: 'token'}).map((entry) => entry.host))).toEqual(new Set(['localhost']))

    // MSAL and the cache file reader file and find the tokens under the same host.
    const cache = JSON.parse(readFileSync(join(sandbox.configDir, 'msal_token_cache.json'), 'utf8')) as Record<
      string,
      Record<string, {environment: string}>
    >
    expect(new Set(Object.values(cache.AccessToken).map((entry) => entry.environment))).toEqual(new Set(['localhost']))
    emulator.requests.clear()
    await run(['account', 'get-access-token'])
    expect(emulator.requests.count()).toBe(0)

    await run(['account', 'get-access-token', '--resource', 'https://graph.windows.net/'])
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual(['refresh_token'])
    expect(otherHosts()).toEqual([])
  })

  it('signs a service principal in the same way', async () => {
    await run(['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO])
    expect(otherHosts()).toEqual([])
    expect(emulator.requests.count({route: 'instance-discovery'})).toBe(0)
  })

  it('keeps clouds.config and az cloud show as the user wrote them', async () => {
    expect(readFileSync(join(sandbox.configDir, 'clouds.config'), 'utf8')).toContain('endpoint_active_directory = https://localhost:443\n')
    const shown = JSON.parse((await run(['cloud', 'show'])).stdout) as {endpoints: Record<string, string>}
    expect(shown.endpoints).toMatchObject({activeDirectory: 'https://localhost:443'})
  })
})

describe('a cloud without an endpoint a command needs', () => {
  const LOGIN_SP = ['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO]

  beforeEach(async () => {
    // Emu: the four endpoints `az cloud register` requires, and no Microsoft Graph resource ID.
    await sandbox.useEmulatorCloud()
  })

  /** The error and the advice every command gives for `endpoint` of Emu, and the command the advice names. */
  function missing(endpoint: string, stderr: string): string[] {
    const [first, advice] = stderr.split('\n')
    expect(first).toBe(`ERROR: The endpoint '${endpoint}' for the cloud 'Emu' is not set but is used.`)
    const command = /^Set it with `az (.+)`, then run the command again\.$/.exec(advice)
    expect(command).not.toBeNull()
    expect(stderr).toBe(`${first}\n${advice}\n`)
    // The advice as a shell reads it: words, single-quoted ones included.
    return [...command![1].matchAll(/'([^']*)'|(\S+)/g)].map((word) => word[1] ?? word[2])
  }

  /** The advised command with the URL filled in. */
  const fillIn = (words: string[], url: string) => words.map((word) => word.replace('URL', url))

  it('--resource-type ms-graph: named by the runner and oclif alike, and set by the command it advises', async () => {
    await sandbox.ok(LOGIN_SP)
    const quick = await sandbox.run(['account', 'get-access-token', '--resource-type', 'ms-graph'])
    const oclif = await sandbox.run(['account', 'get-access-token', '--resource-type', 'ms-graph'], {env: {AZX_QUICK_START: '0'}})
    expect(quick).toEqual(oclif)
    expect(quick).toMatchObject({exitCode: 1, stdout: ''})
    const advice = missing('microsoft_graph_resource_id', quick.stderr)
    expect(advice).toEqual(['cloud', 'update', '--name', 'Emu', '--cloud-config', '{"endpoints":{"microsoftGraphResourceId":"URL"}}'])

    await sandbox.ok(fillIn(advice, 'https://graph.microsoft.com/'))
    const token = JSON.parse((await sandbox.ok(['account', 'get-access-token', '--resource-type', 'ms-graph'])).stdout) as {accessToken: string}
    const audience = JSON.parse(Buffer.from(token.accessToken.split('.')[1], 'base64url').toString('utf8')).aud
    expect(audience).toBe('https://graph.microsoft.com/')
  })

  it('no Active Directory resource ID (clouds.config edited): every command says so before any request, and the advice fixes it', async () => {
    await sandbox.ok(LOGIN_SP)
    const path = join(sandbox.configDir, 'clouds.config')
    const written = readFileSync(path, 'utf8')
    writeFileSync(path, written.replace(/^endpoint_active_directory_resource_id = .*\n/m, ''))
    emulator.requests.clear()
    let advice: string[] = []
    for (const args of [
      ['account', 'get-access-token'],
      ['account', 'tenant', 'list'],
      ['account', 'list', '--refresh'],
      LOGIN_SP,
      ['login', '-u', ALICE, '-p', 'alice-password-1'],
    ]) {
      const result = await sandbox.run(args)
      expect({args, exitCode: result.exitCode, stdout: result.stdout}).toEqual({args, exitCode: 1, stdout: ''})
      advice = missing('active_directory_resource_id', result.stderr)
    }

    expect(emulator.requests.count()).toBe(0)
    expect(advice).toEqual(['cloud', 'update', '--name', 'Emu', '--endpoint-active-directory-resource-id', 'URL'])
    await sandbox.ok(fillIn(advice, 'https://management.core.windows.net/'))
    await sandbox.ok(['account', 'get-access-token'])
  })

  it('no Active Directory endpoint: a login says which, and the advice fixes it', async () => {
    const path = join(sandbox.configDir, 'clouds.config')
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^endpoint_active_directory = .*\n/m, ''))
    const result = await sandbox.run(LOGIN_SP)
    expect(result.exitCode).toBe(1)
    const advice = missing('active_directory', result.stderr)
    expect(advice).toEqual(['cloud', 'update', '--name', 'Emu', '--endpoint-active-directory', 'URL'])
    await sandbox.ok(fillIn(advice, emulator.url))
    await sandbox.ok(LOGIN_SP)
  })
})
