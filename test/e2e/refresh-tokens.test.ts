/**
 * Refresh tokens against a server that takes each one once (the emulator's single-use mode, as
 * OAuth 2.1 servers that rotate refresh tokens work), with access tokens that live under MSAL's
 * 5 minute margin so that every token for a tenant or resource is a refresh:
 *
 * - a sign-in's discovery refreshes once per tenant: each refresh must send the refresh token the
 *   previous one returned, in one process;
 * - later commands, one after the other, each send the newest one from the cache file;
 * - 32 processes that need the same expired token at once send one request between them: one
 *   refreshes under the cache's refresh lock, the others read its token from the cache.
 */
import {beforeEach, describe, expect, it} from '@jest/globals'

import {describeRun, spawnAz} from './support/processes.js'
import {ALICE, CONTOSO, CONTOSO_DEV, emulatorPerFile, NORTHWIND} from './support/signed-in.js'

const BROWSER_CLI = new URL('../emulator/dist/browser-cli.js', import.meta.url).pathname
const CONTOSO_TRIAL = '50000000-0000-4000-8000-000000000004'
const FABRIKAM_SHARED = '50000000-0000-4000-8000-000000000007'
const NORTHWIND_SECURE = '50000000-0000-4000-8000-000000000008'
const STORM = 32

const {emulator, sandbox} = emulatorPerFile({accessTokenLifetimeSeconds: 120, approveDeviceCodesFor: ALICE, singleUseRefreshTokens: true})
beforeEach(() => {
  emulator.setAccessTokenLifetime(120)
  emulator.requests.clear()
})

const refreshes = () => emulator.requests.count({grantType: 'refresh_token', route: 'token'})
const refused = () => emulator.requests.count({grantType: 'refresh_token', route: 'token', status: 400})
/** Warnings about anything but Northwind's MFA policy, which only an approved device code meets here. */
const unexpectedWarnings = (stderr: string) => stderr.split('\n').filter((line) => /AADSTS(?!50076)/.test(line))

/**
 * Each sign-in flow, and the tenants whose subscriptions it stores: Alice's three tenants each get
 * a refresh (Fabrikam's one subscription is listed first by Contoso, which manages it); only the
 * device code is approved with MFA, which Northwind's policy requires.
 */
const LOGINS: [string, string[], NodeJS.ProcessEnv, string[]][] = [
  ['device code', ['login', '--use-device-code'], {}, [CONTOSO, NORTHWIND]],
  ['username and password', ['login', '-u', ALICE, '-p', 'alice-password-1'], {}, [CONTOSO]],
  [
    'browser',
    ['login'],
    {AZX_EMULATOR_PASSWORD: 'alice-password-1', AZX_EMULATOR_USERNAME: ALICE, BROWSER: `${process.execPath} ${BROWSER_CLI}`},
    [CONTOSO],
  ],
]

describe('a sign-in whose discovery refreshes once per tenant', () => {
  it.each(LOGINS)('with %s, sends each refresh token once and finds every tenant', async (_flow, args, env, tenants) => {
    const result = await sandbox.run(args, {env})
    expect(result.exitCode).toBe(0)
    expect(unexpectedWarnings(result.stderr)).toEqual([])
    expect(new Set(JSON.parse(result.stdout).map((subscription: {tenantId: string}) => subscription.tenantId))).toEqual(new Set(tenants))
    expect(refreshes()).toBeGreaterThanOrEqual(3)
  })

  it('signs in a second time over the first sign-in, its cached tokens and refresh token', async () => {
    await sandbox.ok(['login', '--use-device-code', '--output', 'none'])
    await sandbox.ok(['account', 'get-access-token', '--subscription', FABRIKAM_SHARED, '--output', 'none'])
    const second = await sandbox.run(['login', '--use-device-code'])
    expect(second.exitCode).toBe(0)
    expect(unexpectedWarnings(second.stderr)).toEqual([])
    expect(new Set(JSON.parse(second.stdout).map((subscription: {tenantId: string}) => subscription.tenantId))).toEqual(new Set([CONTOSO, NORTHWIND]))
    expect(refused()).toBe(0)
  })
})

describe('commands after a sign-in', () => {
  it('each send the newest refresh token, one command after another', async () => {
    await sandbox.ok(['login', '--use-device-code', '--output', 'none'])
    for (const subscription of [CONTOSO_DEV, NORTHWIND_SECURE, CONTOSO_TRIAL, FABRIKAM_SHARED, NORTHWIND_SECURE]) {
      await sandbox.ok(['account', 'get-access-token', '--subscription', subscription, '--output', 'none'])
    }

    await sandbox.ok(['account', 'get-access-token', '--resource', 'https://storage.azure.com', '--output', 'none'])
    await sandbox.ok(['account', 'list', '--refresh', '--output', 'none'])
    expect(refused()).toBe(0)
  })

  it(`${STORM} processes that need one expired token send one token request between them`, async () => {
    await sandbox.ok(['login', '--use-device-code', '--output', 'none'])
    // Every cached token is within MSAL's 5 minute margin, so each process would refresh on its
    // own; the token one of them gets now lives an hour, long enough for all the others.
    emulator.setAccessTokenLifetime(3599)
    emulator.requests.clear()
    const storm = (args: string[]) => Promise.all(Array.from({length: STORM}, () => spawnAz(sandbox, args)))
    const first = await storm(['account', 'get-access-token', '--subscription', CONTOSO_TRIAL])
    expect(first.filter((run) => run.exitCode !== 0).map(describeRun)).toEqual([])
    expect(new Set(first.map((run) => JSON.parse(run.stdout).accessToken)).size).toBe(1)
    expect(refreshes()).toBe(1)

    // A mixed storm: two tenants and two resources none of them has a token for, one request for each pair.
    emulator.requests.clear()
    const mixed = await Promise.all(
      Array.from({length: STORM}, (_, index) =>
        spawnAz(sandbox, [
          'account',
          'get-access-token',
          '--subscription',
          index % 2 ? NORTHWIND_SECURE : CONTOSO_TRIAL,
          '--resource',
          index % 4 < 2 ? 'https://storage.azure.com' : 'https://vault.azure.net',
        ]),
      ),
    )
    expect(mixed.filter((run) => run.exitCode !== 0).map(describeRun)).toEqual([])
    expect(refreshes()).toBe(4)
    expect(refused()).toBe(0)
  })
})
