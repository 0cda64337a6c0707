/**
 * The browser sign-in's loopback listener during a real `az login` against the emulator: only the
 * redirect of this sign-in (a form POST to `/` with its `state` and a code or an error) gets the
 * success or failure page. Every other request, sent while the login waits, gets a neutral 400,
 * and the login keeps waiting for the real redirect.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {request} from 'node:http'
import {join} from 'node:path'

import {describe, expect, it, jest} from '@jest/globals'

import type {CliResult} from './support/cli.js'
import {ALICE, CONTOSO, emulatorPerFile} from './support/signed-in.js'

jest.setTimeout(120_000)

const {emulator, sandbox} = emulatorPerFile()

interface PendingLogin {
  /** The sign-in page az opened: its redirect URI and state. */
  authorizeUrl: URL
  /** Settles when az exits. */
  done: Promise<CliResult>
  exited: () => boolean
}

/**
 * Starts `az login` with a "browser" that only writes down the page it was asked to open, and
 * resolves once az has opened it (its listener is up then).
 */
async function startLogin(): Promise<PendingLogin> {
  const recorder = join(sandbox.root, 'record-url.cjs')
  const opened = join(sandbox.root, 'opened-url')
  writeFileSync(
    recorder,
    `require('node:fs').writeFileSync(${JSON.stringify(`${opened}.tmp`)}, process.argv[2]); ` +
      `require('node:fs').renameSync(${JSON.stringify(`${opened}.tmp`)}, ${JSON.stringify(opened)})\n`,
  )
  let exited = false
  const done = sandbox
    .run(['login', '--tenant', CONTOSO], {env: {BROWSER: `${process.execPath} ${recorder}`}, timeoutMs: 100_000})
    .finally(() => (exited = true))
  for (let waited = 0; !existsSync(opened); waited += 50) {
    if (exited) throw new Error(`az login exited before opening a browser: ${JSON.stringify(await done)}`)
    if (waited > 60_000) throw new Error('az login did not open a browser within a minute')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }

  return {authorizeUrl: new URL(readFileSync(opened, 'utf8')), done, exited: () => exited}
}

interface Answer {
  body: string
  status: number | undefined
}

/** A real HTTP request to az's listener: 127.0.0.1, which it binds, with the redirect URI's host as Host. */
function send(redirectUri: string, method: string, path: string, options: {body?: string; contentType?: string} = {}): Promise<Answer> {
  const {host, port} = new URL(redirectUri)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {host}
    if (options.contentType) headers['content-type'] = options.contentType
    const outgoing = request({headers, host: '127.0.0.1', method, path, port}, (response) => {
      let body = ''
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({body, status: response.statusCode}))
    })
    outgoing.on('error', reject)
    outgoing.end(options.body)
  })
}

const FORM = 'application/x-www-form-urlencoded'
const form = (fields: [string, string][]) => new URLSearchParams(fields).toString()

describe('the browser sign-in listener', () => {
  it('answers everything but its own redirect with a neutral 400, keeps waiting, then signs in with the real one', async () => {
    const login = await startLogin()
    const redirectUri = login.authorizeUrl.searchParams.get('redirect_uri')!
    const state = login.authorizeUrl.searchParams.get('state')!
    expect(redirectUri).toMatch(/^http:\/\/localhost:\d+$/)
    expect(login.authorizeUrl.searchParams.get('response_mode')).toBe('form_post')
    expect(state.length).toBeGreaterThanOrEqual(32)

    const probes: [string, string, {body?: string; contentType?: string}][] = [
      ['GET', '/', {}],
      ['GET', '/favicon.ico', {}],
      ['HEAD', '/', {}],
      ['GET', `/?code=forged&state=${encodeURIComponent(state)}`, {}],
      ['POST', '/', {body: form([['code', 'forged']]), contentType: FORM}],
      [
        'POST',
        '/',
        {
          body: form([
            ['code', 'forged'],
            ['state', 'not-this-one'],
          ]),
          contentType: FORM,
        },
      ],
      [
        'POST',
        '/',
        {
          body: form([
            ['error', 'access_denied'],
            ['state', 'not-this-one'],
          ]),
          contentType: FORM,
        },
      ],
      ['POST', '/', {body: form([['state', state]]), contentType: FORM}],
      [
        'POST',
        '/elsewhere',
        {
          body: form([
            ['code', 'forged'],
            ['state', state],
          ]),
          contentType: FORM,
        },
      ],
    ]
    for (const [method, path, options] of probes) {
      const answer = await send(redirectUri, method, path, options)
      expect({method, path, ...answer}).toEqual({body: method === 'HEAD' ? '' : 'Bad Request\n', method, path, status: 400})
    }

    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(login.exited()).toBe(false)
    expect(emulator.requests.count({route: 'token'})).toBe(0)

    // The person signs in: the emulator's page posts the code to the listener, which shows the success page.
    const signedIn = await emulator.completeBrowserSignIn(login.authorizeUrl.href, {username: ALICE})
    expect(signedIn).toMatchObject({delivery: 'form_post', redirectStatus: 200, redirectUri: `${redirectUri}/`})
    const result = await login.done
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout).every((subscription: {tenantId: string}) => subscription.tenantId === CONTOSO)).toBe(true)
    await expect(send(redirectUri, 'GET', '/')).rejects.toMatchObject({code: 'ECONNREFUSED'})
  })

  it("shows the failure page for Entra ID's error with this sign-in's state, and the login fails with its description", async () => {
    const login = await startLogin()
    const redirectUri = login.authorizeUrl.searchParams.get('redirect_uri')!
    const state = login.authorizeUrl.searchParams.get('state')!
    const body = form([
      ['error', 'access_denied'],
      ['error_description', 'AADSTS50126: Error validating credentials due to invalid username or password.'],
      ['state', state],
    ])
    const answer = await send(redirectUri, 'POST', '/', {body, contentType: FORM})
    expect(answer.status).toBe(200)
    expect(answer.body).toContain('<title>Sign-in failed</title>')
    const result = await login.done
    expect(result).toMatchObject({exitCode: 1, stdout: ''})
    expect(result.stderr).toContain('ERROR: AADSTS50126: Error validating credentials due to invalid username or password.\n')
    const profile = join(sandbox.configDir, 'azureProfile.json')
    const stored = existsSync(profile)
      ? (JSON.parse(readFileSync(profile, 'utf8').replace(/^\uFEFF/, '')) as {subscriptions: unknown[]}).subscriptions
      : []
    expect(stored).toEqual([])
  })
})
