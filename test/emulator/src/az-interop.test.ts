/**
 * The real Python az (Debian package azure-cli, 2.45) against the emulator in proxy mode: device
 * code sign-in (approved by the test from the code az prints), a service principal with a secret,
 * then `az account list`, and an interactive sign-in through the scripted browser. Each test gets a
 * fresh AZURE_CONFIG_DIR. Nothing is installed: without the Python az on PATH the tests fail and say
 * how to install it.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {runPythonAz} from '../../e2e/support/python-az.js'
import type {PythonAzResult} from '../../e2e/support/python-az.js'
import {startEmulator, type Emulator} from './index.js'

const CONTOSO = '10000000-0000-4000-8000-000000000001'
const FABRIKAM = '10000000-0000-4000-8000-000000000002'
const NORTHWIND = '10000000-0000-4000-8000-000000000003'
const AUTOMATION = {appId: '30000000-0000-4000-8000-000000000001', secret: 'contoso-automation-secret-1'}
const BOB = {username: 'bob@fabrikam.example', password: 'bob-password-1'}
const BROWSER_CLI = fileURLToPath(new URL('./browser-cli.ts', import.meta.url))
const AZ_TIMEOUT_MS = 45_000
const TEST_TIMEOUT_MS = 90_000

/** The repository root: the browser script's `--import tsx` resolves from there. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

let emulator: Emulator
let configDir: string
/** A config dir where only the emulator's cloud was registered and set; each test starts from a copy. */
let cloudOnlyConfigDir: string

beforeAll(async () => {
  emulator = await startEmulator()
  cloudOnlyConfigDir = configDir = mkdtempSync(join(tmpdir(), 'azx-az-cloud-'))
  await useEmulatorCloud()
}, TEST_TIMEOUT_MS)

afterAll(async () => {
  if (cloudOnlyConfigDir) rmSync(cloudOnlyConfigDir, {recursive: true, force: true})
  await emulator?.close()
})

beforeEach(() => {
  configDir = mkdtempSync(join(tmpdir(), 'azx-az-interop-'))
  cpSync(cloudOnlyConfigDir, configDir, {recursive: true})
  emulator.requests.clear()
})

afterEach(() => {
  if (configDir) rmSync(configDir, {recursive: true, force: true})
})

/** Runs az with the emulator's proxy environment; `onStderr` sees stderr as it arrives. */
function az(args: string[], onStderr?: (stderrSoFar: string) => void, extraEnv: Record<string, string> = {}): Promise<PythonAzResult> {
  const env = {...emulator.pythonAzEnv(), AZURE_CORE_ONLY_SHOW_ERRORS: 'false', ...extraEnv}
  return runPythonAz({configDir, home: join(configDir, 'home'), root: configDir}, args, {cwd: REPO_ROOT, env, onStderr, timeoutMs: AZ_TIMEOUT_MS})
}

/** `az cloud register` + `az cloud set`: no emulator request is needed, all AD endpoints are given. */
async function useEmulatorCloud(): Promise<void> {
  const register = await az([
    'cloud',
    'register',
    '--name',
    'Emu',
    '--endpoint-active-directory',
    emulator.url,
    '--endpoint-resource-manager',
    `${emulator.url}/`,
    '--endpoint-active-directory-resource-id',
    'https://management.core.windows.net/',
    '--endpoint-active-directory-graph-resource-id',
    'https://graph.windows.net/',
  ])
  expect(register).toMatchObject({exitCode: 0})
  expect(await az(['cloud', 'set', '--name', 'Emu'])).toMatchObject({exitCode: 0})
  expect((await az(['cloud', 'show', '--query', 'endpoints.resourceManager', '--output', 'tsv'])).stdout.trim()).toBe(`${emulator.url}/`)
}

function subscriptionsOf(result: PythonAzResult): {name: string; state: string; tenantId: string; user: {name: string; type: string}}[] {
  expect(result.stderr).not.toMatch(/Traceback|ERROR:/)
  expect(result.exitCode).toBe(0)
  return JSON.parse(result.stdout)
}

describe('the Python az through the proxy', () => {
  test(
    'az login --use-device-code, approved by the test, then az account list',
    async () => {
      let approved = false
      const login = await az(['login', '--use-device-code', '--output', 'json'], (stderr) => {
        const code = /enter the code (\S+) to authenticate/.exec(stderr)?.[1]
        if (code && !approved) {
          approved = true
          // As if alice signed in without the second factor: the MFA tenant then refuses az.
          emulator.approveDeviceCode(code, 'alice@contoso.example', {mfa: false})
        }
      })

      expect(approved).toBe(true)
      const loggedIn = subscriptionsOf(login)
      expect(loggedIn.map((subscription) => [subscription.name, subscription.state, subscription.tenantId])).toEqual([
        ['Contoso Dev', 'Enabled', CONTOSO],
        ['Contoso Prod', 'Enabled', CONTOSO],
        ['Contoso Legacy', 'Disabled', CONTOSO],
        ['Contoso Trial', 'Warned', CONTOSO],
        ['Contoso Overdue', 'PastDue', CONTOSO],
        ['Contoso Retired', 'Deleted', CONTOSO],
        ['Fabrikam Shared', 'Enabled', CONTOSO],
      ])
      expect(loggedIn.every((subscription) => subscription.user.name === 'alice@contoso.example' && subscription.user.type === 'user')).toBe(true)
      expect(login.stderr).toContain(`can be accessed from tenants ${CONTOSO}(default) and ${FABRIKAM}`)
      expect(login.stderr).toMatch(new RegExp(`Multi-Factor Authentication[\\s\\S]*${NORTHWIND}`))

      // What az did on the wire: discovery through the proxy, the URN device code grant, /tenants.
      expect(emulator.requests.count({method: 'CONNECT', path: 'login.microsoftonline.com:443'})).toBeGreaterThan(0)
      expect(emulator.requests.count({route: 'instance-discovery', host: 'login.microsoftonline.com'})).toBeGreaterThan(0)
      expect(emulator.requests.count({route: 'token', grantType: 'urn:ietf:params:oauth:grant-type:device_code', status: 200})).toBe(1)
      expect(emulator.requests.count({route: 'tenants'})).toBeGreaterThan(0)

      const list = subscriptionsOf(await az(['account', 'list', '--output', 'json']))
      expect(list.map((subscription) => subscription.name)).toEqual(['Contoso Dev', 'Contoso Prod', 'Fabrikam Shared'])
    },
    TEST_TIMEOUT_MS,
  )

  test(
    'az login --service-principal with a secret, then az account list',
    async () => {
      const login = await az([
        'login',
        '--service-principal',
        '-u',
        AUTOMATION.appId,
        '-p',
        AUTOMATION.secret,
        '--tenant',
        CONTOSO,
        '--output',
        'json',
      ])
      const loggedIn = subscriptionsOf(login)
      expect(loggedIn.map((subscription) => [subscription.name, subscription.state])).toEqual([
        ['Contoso Dev', 'Enabled'],
        ['Contoso Prod', 'Enabled'],
        ['Contoso Legacy', 'Disabled'],
      ])
      expect(loggedIn[0].user).toEqual({name: AUTOMATION.appId, type: 'servicePrincipal'})
      expect(emulator.requests.count({route: 'token', grantType: 'client_credentials', status: 200})).toBe(1)
      expect(emulator.requests.count({route: 'tenants'})).toBe(0)

      const list = await az(['account', 'list', '--output', 'json'])
      expect(subscriptionsOf(list).map((subscription) => subscription.name)).toEqual(['Contoso Dev', 'Contoso Prod'])
      expect(list.stderr).toContain("A few accounts are skipped as they don't have 'Enabled' state. Use '--all' to display them.")
    },
    TEST_TIMEOUT_MS,
  )

  test(
    "interactive az login with BROWSER = the emulator's scripted browser (302 with the code in the query)",
    async () => {
      // Python's webbrowser waits for a BROWSER command to exit, so the script backgrounds the sign-in.
      const browser = join(configDir, 'browser.sh')
      writeFileSync(browser, `#!/bin/sh\n"${process.execPath}" --import tsx "${BROWSER_CLI}" "$1" > "${join(configDir, 'browser.log')}" 2>&1 &\n`)
      chmodSync(browser, 0o755)
      const login = await az(['login', '--output', 'json'], undefined, {
        BROWSER: browser,
        AZX_EMULATOR_USERNAME: BOB.username,
        AZX_EMULATOR_PASSWORD: BOB.password,
        AZX_EMULATOR_CA: emulator.ca,
      })

      const loggedIn = subscriptionsOf(login)
      expect(loggedIn.map((subscription) => [subscription.name, subscription.tenantId, subscription.user.name])).toEqual([
        ['Fabrikam Shared', FABRIKAM, BOB.username],
      ])
      expect(login.stderr).toContain('A web browser has been opened at')
      expect(emulator.requests.entries({route: 'authorize'}).map((entry) => entry.status)).toEqual([200])
      expect(emulator.requests.count({route: 'token', grantType: 'authorization_code', status: 200})).toBe(1)
      expect(emulator.requests.entries({route: 'login', method: 'POST'}).map((entry) => entry.status)).toEqual([302])
    },
    TEST_TIMEOUT_MS,
  )

  test(
    'az login --identity reaches IMDS (http://169.254.169.254) through the proxy as a plain HTTP request',
    async () => {
      const login = await az(['login', '--identity', '--username', '40000000-0000-4000-8000-000000000002', '--output', 'json'])
      const loggedIn = subscriptionsOf(login)
      expect(loggedIn.map((subscription) => subscription.name)).toEqual(['Contoso Dev', 'Contoso Prod'])
      expect(loggedIn[0].user).toEqual({
        name: 'userAssignedIdentity',
        type: 'servicePrincipal',
        assignedIdentityInfo: 'MSIClient-40000000-0000-4000-8000-000000000002',
      })
      expect(emulator.requests.entries({route: 'imds'}).map((entry) => [entry.host, entry.status])).toContainEqual(['169.254.169.254', 200])
    },
    TEST_TIMEOUT_MS,
  )
})
