/**
 * Claims challenges end to end, through the built CLI and the emulator's continuous access
 * evaluation: ARM refuses a token with `401 … error="insufficient_claims", claims="…"`. When the
 * refresh token can satisfy the claims, the command retries once with a new token and succeeds
 * (a cached token is never used for that request); when it cannot (a revoked session, a step-up to
 * MFA), the command fails with today's az's advice, and running what it prints signs in again with
 * `--claims-challenge` and makes the command work. `az login --claims-challenge` checks its input.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, describe, expect, it} from '@jest/globals'

import {ARM_SCOPE, claims} from './support/account.js'
import {decodedClaims, printedRelogin} from './support/relogin.js'
import {ALICE, CONTOSO, emulatorPerFile} from './support/signed-in.js'

const BROWSER_CLI = new URL('../emulator/dist/browser-cli.js', import.meta.url).pathname
const REGIONS = 'eastus\nwestus2\nwesteurope\nuksouth\nunitedstates\n'
const LOCATIONS = ['account', 'list-locations', '--query', '[].name', '-o', 'tsv']

const {emulator, sandbox} = emulatorPerFile({approveDeviceCodesFor: ALICE})
afterEach(() => {
  emulator.setTenantPolicies(CONTOSO, {authenticationContext: null})
})

/** `route status` of each request since the last clear, with the grant of token requests. */
function wire(): string[] {
  return emulator.requests.entries().map((entry) => `${entry.route}${entry.grantType ? `:${entry.grantType}` : ''} ${entry.status}`)
}

async function accessToken(): Promise<Record<string, unknown>> {
  return claims(JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout).accessToken as string)
}

/** Runs what the failed command printed: `az logout`, then its `az login …`. */
async function runPrinted(stderr: string): Promise<string[]> {
  const {login, logout} = printedRelogin(stderr)
  await sandbox.ok(logout)
  await sandbox.ok([...login, '-o', 'none'])
  return login
}

describe('a revoked session', () => {
  it("fails with today's az's advice; running what it prints signs in again and the command then works", async () => {
    await sandbox.ok(['login', '--use-device-code', '--tenant', CONTOSO, '-o', 'none'])
    expect((await sandbox.ok(LOCATIONS)).stdout).toBe(REGIONS)
    // azx declares CP1, so Entra ID hands it CAE tokens, which ARM revokes in near real time.
    expect((await accessToken()).xms_cc).toEqual(['CP1'])

    emulator.revokeSessions(ALICE)
    emulator.requests.clear()
    const failed = await sandbox.run(LOCATIONS)
    expect(failed.exitCode).toBe(1)
    expect(failed.stdout).toBe('')
    expect(failed.stderr).toMatch(/^ERROR: AADSTS50173: The provided grant has expired due to it being revoked/)
    const {login, loginLine} = printedRelogin(failed.stderr)
    expect(loginLine).toMatch(
      new RegExp(
        `^az login --tenant "${CONTOSO}" --scope "${ARM_SCOPE.replaceAll('/', '\\/').replaceAll('.', '\\.')}" --claims-challenge "[A-Za-z\\d+/]+=*"$`,
      ),
    )
    expect(decodedClaims(login)).toEqual({access_token: {nbf: {essential: true, value: expect.stringMatching(/^\d{10}$/)}}})
    // The challenge, then one refresh with the claims (refused: the session is revoked), and no retry.
    expect(wire()).toEqual(['locations 401', 'token:refresh_token 400'])

    emulator.requests.clear()
    const printed = await runPrinted(failed.stderr)
    expect(printed).toContain('--claims-challenge')
    // No browser here: the sign-in fell back to the device code flow, which the emulator approved.
    expect(wire().slice(0, 2)).toEqual(['devicecode 200', 'token:device_code 200'])
    expect((await sandbox.ok(LOCATIONS)).stdout).toBe(REGIONS)
  })
})

describe('a tenant that demands an authentication context (MFA) of ARM tokens', () => {
  it('a session that did MFA: the command retries once with a token for the claims, never the cached one, and keeps it', async () => {
    await sandbox.ok(['login', '--use-device-code', '--tenant', CONTOSO, '-o', 'none'])
    expect((await accessToken()).acrs).toBeUndefined()
    emulator.setTenantPolicies(CONTOSO, {authenticationContext: 'p1'})

    emulator.requests.clear()
    expect((await sandbox.ok(LOCATIONS)).stdout).toBe(REGIONS)
    // The cached token was still valid; the claims request went to Entra ID all the same.
    expect(wire()).toEqual(['locations 401', 'token:refresh_token 200', 'locations 200'])
    expect((await accessToken()).acrs).toEqual(['p1'])

    emulator.requests.clear()
    expect((await sandbox.ok(LOCATIONS)).stdout).toBe(REGIONS)
    const tenants = JSON.parse((await sandbox.ok(['account', 'tenant', 'list'])).stdout) as {tenantId: string}[]
    expect(tenants.map((tenant) => tenant.tenantId)).toContain(CONTOSO)
    // Two pages of tenants (the seed's page size is 2), on the token that now carries the claims.
    expect(wire()).toEqual(['locations 200', 'tenants 200', 'tenants 200'])
  })

  it('a password session cannot step up: the advice names the claims, and the printed sign-in satisfies them', async () => {
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO, '-o', 'none'])
    emulator.setTenantPolicies(CONTOSO, {authenticationContext: 'p1'})

    const failed = await sandbox.run(LOCATIONS)
    expect(failed.exitCode).toBe(1)
    expect(failed.stderr).toMatch(/^ERROR: AADSTS50076: Due to a configuration change made by your administrator/)
    const {login} = printedRelogin(failed.stderr)
    expect(login.slice(0, 5)).toEqual(['login', '--tenant', CONTOSO, '--scope', ARM_SCOPE])
    expect(decodedClaims(login)).toEqual({access_token: {acrs: {essential: true, values: ['p1']}}})

    await runPrinted(failed.stderr)
    expect((await accessToken()).acrs).toEqual(['p1'])
    expect((await sandbox.ok(LOCATIONS)).stdout).toBe(REGIONS)
  })
})

describe('az login --claims-challenge in a browser', () => {
  it('asks for the claims at /authorize and at the token endpoint: the sign-in steps up to MFA and the token carries them', async () => {
    const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}').toString('base64')
    emulator.requests.clear()
    await sandbox.ok(['login', '--tenant', CONTOSO, '--claims-challenge', claims, '-o', 'none'], {
      env: {AZX_EMULATOR_PASSWORD: 'alice-password-1', AZX_EMULATOR_USERNAME: ALICE, BROWSER: `${process.execPath} ${BROWSER_CLI}`},
    })
    expect(emulator.requests.entries({route: 'authorize'})[0].query).toContain('claims=')
    expect(emulator.requests.count({route: 'login'})).toBe(2)
    expect((await accessToken()).acrs).toEqual(['p1'])
  })
})

describe('az login --claims-challenge: bad input', () => {
  /** The config dir's files and their contents. */
  const files = () =>
    existsSync(sandbox.configDir)
      ? Object.fromEntries(readdirSync(sandbox.configDir).map((name) => [name, readFileSync(join(sandbox.configDir, name), 'utf8')]))
      : {}

  it.each([
    [
      'that is not base64',
      ['--claims-challenge', 'not base64!'],
      "ERROR: usage error: '--claims-challenge' must be the base64-encoded claims challenge that a resource returned in its WWW-Authenticate header.",
    ],
    [
      'with a service principal',
      ['--claims-challenge', 'e30=', '--service-principal', '-u', 'app', '-p', 'secret', '--tenant', CONTOSO],
      "ERROR: usage error: '--claims-challenge' is only applicable to an interactive sign-in (browser, device code or broker)",
    ],
  ])('%s: exit 1, nothing signed in or written', async (_, args, message) => {
    const before = files()
    emulator.requests.clear()
    const result = await sandbox.run(['login', ...args])
    expect(result.exitCode).toBe(1)
    expect(result.stderr.split('\n')[0]).toBe(message)
    expect(files()).toEqual(before)
    expect(wire()).toEqual([])
  })
})
