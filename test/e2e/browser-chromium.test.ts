/**
 * `az login` in a real browser: headless Chromium (Debian's package) opens the authorize URL, a
 * scripted person signs in on the emulator's page, and the CLI's loopback listener receives the code
 * and shows azx's success page. Chromium is required: without it this test fails with the line
 * that installs it, it is never skipped.
 */
import {existsSync, mkdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from '@jest/globals'

import {ALICE, CONTOSO, CONTOSO_DEV, emulatorPerFile, FABRIKAM} from './support/signed-in.js'
import type {CliResult} from './support/cli.js'

const CHROMIUM = '/usr/bin/chromium'
const BROWSER_SCRIPT = new URL('support/chromium-browser.mjs', import.meta.url).pathname
const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
// Contoso's own subscriptions, and Fabrikam's that Contoso manages.
const CONTOSO_SUBSCRIPTIONS = [
  'Contoso Dev',
  'Contoso Legacy',
  'Contoso Overdue',
  'Contoso Prod',
  'Contoso Retired',
  'Contoso Trial',
  'Fabrikam Shared',
]

interface PageReport {
  error?: string
  heading?: string
  text?: string
  title?: string
  url?: string
}

const {emulator, sandbox} = emulatorPerFile()

/**
 * What chromium-browser.mjs reports once it is done. The CLI starts it detached, so its file is
 * polled, with a limit; a CLI that fails before it reports ends the wait with the CLI's error.
 */
async function browserReport(dir: string, login: Promise<CliResult>, timeoutMs = 25_000): Promise<PageReport> {
  const file = join(dir, 'result.json')
  let failed: CliResult | undefined
  void login.then((result) => {
    if (result.exitCode !== 0) failed = result
  })
  const deadline = Date.now() + timeoutMs
  while (!existsSync(file)) {
    if (failed) throw new Error(`az login exited with ${failed.exitCode} before the browser reported:\n${failed.stderr}`)
    if (Date.now() > deadline) throw new Error(`Chromium reported nothing in ${timeoutMs} ms (${file})`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  return JSON.parse(readFileSync(file, 'utf8')) as PageReport
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): {height: number; width: number} {
  const data = readFileSync(file)
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR')
  return {height: data.readUInt32BE(20), width: data.readUInt32BE(16)}
}

const decodeJwt = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))

describe('az login in headless Chromium', () => {
  it('signs in on the emulator page, shows the success page, and stores the account', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed (${CHROMIUM}); this test drives the real browser. Install it with: apt-get install -y chromium`)
    }

    const out = join(sandbox.root, 'browser')
    mkdirSync(out)
    const login = sandbox.run(['login', '--tenant', CONTOSO], {
      env: {
        AZX_TEST_BROWSER_PASSWORD: 'alice-password-1',
        AZX_TEST_BROWSER_USER: ALICE,
        AZX_TEST_CHROMIUM_OUT: out,
        BROWSER: `${process.execPath} ${BROWSER_SCRIPT}`,
      },
      timeoutMs: 25_000,
    })
    // A browser that failed leaves the CLI waiting for its loopback listener: report the browser's error first.
    const page = await browserReport(out, login)
    if (page.error) throw new Error(`Chromium did not reach the success page (${page.url}):\n${page.error}`)
    const result = await login
    if (result.exitCode !== 0) throw new Error(`az login exited with ${result.exitCode}:\n${result.stderr}`)

    // The page the loopback listener served, read by Playwright from the page the screenshot shows.
    expect(page).toEqual({
      heading: 'Signed in to Azure',
      text: 'Signed in to Azure\n\nYou have signed in to Azure with azx. You can close this window and return to the terminal.',
      title: 'Signed in to Azure',
      url: expect.stringMatching(/^http:\/\/localhost:\d+\/$/),
    })
    const screenshot = pngSize(join(out, 'page.png'))
    expect(screenshot.width).toBeGreaterThan(0)
    expect(screenshot.height).toBeGreaterThan(0)

    // What az prints: its warning, and the list of the tenant's subscriptions.
    expect(result.stderr).toBe(
      `WARNING: A web browser has been opened at ${emulator.url}/${CONTOSO}/oauth2/v2.0/authorize. Please continue the login in the web browser. ` +
        'If no web browser is available or if the web browser fails to open, use device code flow with `az login --use-device-code`.\n',
    )
    const subscriptions = JSON.parse(result.stdout) as {
      homeTenantId: string
      id: string
      isDefault: boolean
      name: string
      tenantId: string
      user: object
    }[]
    expect(subscriptions.map((subscription) => subscription.name).sort()).toEqual(CONTOSO_SUBSCRIPTIONS)
    for (const subscription of subscriptions) {
      expect(subscription).toMatchObject({
        cloudName: 'Emu',
        homeTenantId: subscription.name.startsWith('Fabrikam') ? FABRIKAM : CONTOSO,
        tenantId: CONTOSO,
        user: {name: ALICE, type: 'user'},
      })
    }

    expect(subscriptions.filter((subscription) => subscription.isDefault).map((subscription) => subscription.id)).toEqual([CONTOSO_DEV])

    // The files az writes.
    const profile = readFileSync(join(sandbox.configDir, 'azureProfile.json'), 'utf8')
    expect(profile.startsWith('\uFEFF')).toBe(true)
    const stored = JSON.parse(profile.slice(1)).subscriptions as {environmentName: string; id: string; isDefault: boolean}[]
    expect(stored.map((subscription) => subscription.id).sort()).toEqual(subscriptions.map((subscription) => subscription.id).sort())
    expect(stored.every((subscription) => subscription.environmentName === 'Emu')).toBe(true)
    expect(stored.filter((subscription) => subscription.isDefault).map((subscription) => subscription.id)).toEqual([CONTOSO_DEV])
    expect(readFileSync(join(sandbox.configDir, 'clouds.config'), 'utf8')).toMatch(
      new RegExp(`^\\[Emu\\]\n(?:.*\n)*subscription = ${CONTOSO_DEV}\n`, 'm'),
    )
    const cachePath = join(sandbox.configDir, 'msal_token_cache.json')
    expect(statSync(cachePath).mode & 0o777).toBe(0o600)
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as Record<string, Record<string, {client_id?: string; username?: string}>>
    expect(Object.values(cache.Account).map((account) => account.username)).toContain(ALICE)
    expect(Object.values(cache.RefreshToken).some((token) => token.client_id === AZURE_CLI)).toBe(true)

    // The token the browser sign-in left in the cache serves the next command.
    const token = JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout)
    expect(token).toMatchObject({subscription: CONTOSO_DEV, tenant: CONTOSO, tokenType: 'Bearer'})
    expect(decodeJwt(token.accessToken)).toMatchObject({aud: 'https://management.core.windows.net/', tid: CONTOSO, upn: ALICE})
  })
})
