/**
 * `az account get-access-token --min-validity SECONDS` through the built CLI against the emulator:
 * a token that stays valid at least that long, the cached one when it does (zero requests), a new
 * one when it does not, and an error, printing no token, when even a new one would not, for a
 * user, a service principal and a managed identity. The output is get-access-token's own.
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {accountSandbox, copySandbox} from './support/account.js'
import {ALICE, CONTOSO, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

const LIFETIME = 3599

let emulator: Emulator
let template: EmulatorSandbox

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
  template = await accountSandbox(emulator)
})
afterAll(async () => {
  template?.dispose()
  await emulator?.close()
})

const now = () => Math.floor(Date.now() / 1000)

async function token(
  sandbox: EmulatorSandbox,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{expires_on: number; accessToken: string; subscription?: string}> {
  return JSON.parse((await sandbox.ok(['account', 'get-access-token', ...args], {env})).stdout)
}

describe.each([
  ['a user', ['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO], 'refresh_token'],
  [
    'a service principal',
    ['login', '--service-principal', '-u', '30000000-0000-4000-8000-000000000001', '-p', 'contoso-automation-secret-1', '--tenant', CONTOSO],
    'client_credentials',
  ],
])('for %s', (_who, login, grantType) => {
  let sandbox: EmulatorSandbox

  beforeAll(async () => {
    sandbox = copySandbox(template)
    // The token the sign-in caches lives 20 minutes; the ones after it the usual hour.
    emulator.setAccessTokenLifetime(1200)
    try {
      await sandbox.ok(login)
    } finally {
      emulator.setAccessTokenLifetime(LIFETIME)
    }
  })
  afterAll(() => sandbox?.dispose())

  it('the cached token when it stays valid long enough: the same token, no request', async () => {
    const cached = await token(sandbox, [])
    emulator.requests.clear()
    const again = await token(sandbox, ['--min-validity', '600'])
    expect(again).toEqual(cached)
    expect(emulator.requests.count()).toBe(0)
  })

  it('a new token when the cached one would expire sooner, valid at least as long as asked', async () => {
    const cached = await token(sandbox, [])
    const asked = cached.expires_on - now() + 600
    emulator.requests.clear()
    const renewed = await token(sandbox, ['--min-validity', String(asked)])
    expect(renewed.accessToken).not.toBe(cached.accessToken)
    expect(renewed.expires_on - now()).toBeGreaterThanOrEqual(asked - 2)
    expect(Object.keys(renewed).sort()).toEqual(Object.keys(cached).sort())
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual([grantType])
    // It is stored: the next command gets it from the cache.
    emulator.requests.clear()
    expect(await token(sandbox, ['--min-validity', String(asked - 10)])).toEqual(renewed)
    expect(emulator.requests.count()).toBe(0)
  })

  it('an error when tokens do not live that long: exit 1, no token printed', async () => {
    emulator.requests.clear()
    const result = await sandbox.run(['account', 'get-access-token', '--min-validity', String(2 * LIFETIME)])
    expect(result).toMatchObject({exitCode: 1, stdout: ''})
    expect(result.stderr).toMatch(
      new RegExp(
        '^ERROR: A new token was issued, but it is valid for (\\d+) more seconds, less than the ' +
          `${2 * LIFETIME} --min-validity asks for: tokens for this resource do not live that long\\.\\nAsk ` +
          'for at most \\1 seconds with --min-validity, and get a new token when it runs low\\.\\n$',
      ),
    )
    expect(Number(/valid for (\d+)/.exec(result.stderr)![1])).toBeGreaterThan(LIFETIME - 10)
    expect(emulator.requests.entries({route: 'token'}).map((entry) => entry.grantType)).toEqual([grantType])
  })
})

describe('for a managed identity', () => {
  it('a token from the endpoint when it lives long enough, an error when none does', async () => {
    const sandbox = copySandbox(template)
    try {
      const env = emulator.managedIdentity.env('imds')
      await sandbox.ok(['login', '--identity'], {env})
      const fresh = await token(sandbox, ['--min-validity', '3000'], env)
      expect(fresh.expires_on - now()).toBeGreaterThanOrEqual(3000)
      const result = await sandbox.run(['account', 'get-access-token', '--min-validity', '4000'], {env})
      expect(result).toMatchObject({exitCode: 1, stdout: ''})
      expect(result.stderr).toMatch(
        /^ERROR: A new token was issued, but it is valid for \d+ more seconds, less than the 4000 --min-validity asks for/,
      )
    } finally {
      sandbox.dispose()
    }
  })
})

describe('what a user can get wrong', () => {
  it.each([['soon'], ['1.5'], ['']])("--min-validity '%s': a usage error, exit 2", async (value) => {
    const result = await template.run(['account', 'get-access-token', `--min-validity=${value}`])
    expect(result).toMatchObject({exitCode: 2, stdout: ''})
    expect(result.stderr).toMatch(new RegExp(`^ERROR: argument --min-validity: invalid int value: '${value.replace('.', '\\.')}'\\n`))
  })

  it('a negative number of seconds', async () => {
    const result = await template.run(['account', 'get-access-token', '--min-validity=-60'])
    expect(result).toMatchObject({exitCode: 2, stdout: ''})
    expect(result.stderr).toMatch(/^ERROR: argument --min-validity: must be 0 or more seconds, not -60\n/)
  })
})
