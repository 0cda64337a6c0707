/**
 * `--debug` shows what went over the wire and what the command was given, never a secret: each
 * sign-in flow runs through the built CLI against the emulator with `--debug`, and its whole output
 * (stdout and stderr) is searched for every secret the flow handled: the password or client secret
 * typed, the private key of the certificate, the federated token, the managed identity header, and
 * every token the emulator issued (access, ID and refresh tokens, device and authorization codes,
 * client assertions: JWTs and the emulator's `emu-…` codes, wherever they appear).
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from '@jest/globals'

import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, emulatorPerFile} from './support/signed-in.js'
import type {CliResult} from './support/cli.js'

/** The emulator's stand-in browser: fills in its sign-in page as a person would. */
const BROWSER_CLI = new URL('../emulator/dist/browser-cli.js', import.meta.url).pathname
const PASSWORD = 'alice-password-1'
const FEDERATED_APP = '30000000-0000-4000-8000-000000000002'

// A JWT (an access, ID or federated token, a client assertion) and the emulator's opaque codes and refresh tokens.
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g
const EMULATOR_CODE = /emu-(?:rt|dc|code)\.[\w-]{8,}/g

const {emulator, sandbox} = emulatorPerFile()

/** Every secret value in the token cache the flow wrote: they are what the emulator issued. */
function cachedSecrets(): string[] {
  const cache = JSON.parse(readFileSync(join(sandbox.configDir, 'msal_token_cache.json'), 'utf8')) as Record<
    string,
    Record<string, {secret?: string}>
  >
  return Object.values(cache).flatMap((section) => Object.values(section).flatMap((entry) => (entry.secret ? [entry.secret] : [])))
}

/** The debug output holds none of `secrets`, no JWT and no emulator code; the run succeeded and logged. */
function expectNoSecrets(result: CliResult, secrets: string[]): void {
  expect(result.exitCode).toBe(0)
  const output = result.stdout + result.stderr
  expect(output).toContain('DEBUG: ')
  // The request log shows the token endpoint was called and its answer logged (with the secrets masked).
  expect(output).toMatch(/Request URL: '.*\/(oauth2\/v2\.0\/token|metadata\/identity\/oauth2\/token|msi\/token)/)
  for (const secret of secrets) expect({secret, found: output.includes(secret)}).toEqual({found: false, secret})
  expect(output.match(JWT) ?? []).toEqual([])
  expect(output.match(EMULATOR_CODE) ?? []).toEqual([])
}

const privateKeyLines = (pem: string) =>
  /-----BEGIN [A-Z ]*PRIVATE KEY-----\n([\s\S]*?)\n-----END/
    .exec(pem)![1]
    .split('\n')
    .filter((line) => line.length > 16)

describe('az login --debug shows no secret', () => {
  it('a user with a password (given as -p, as --password= and as an abbreviated --pass)', async () => {
    for (const [flag, masked] of [
      [['-p', PASSWORD], '"-p","***"'],
      [[`--password=${PASSWORD}`], '"--password=***"'],
      [['--pass', PASSWORD], '"--pass","***"'],
    ] as const) {
      const result = await sandbox.run(['login', '-u', ALICE, ...flag, '--tenant', CONTOSO, '--debug'])
      expect(result.stderr).toContain(`DEBUG: cli: Command arguments: ["login","-u","${ALICE}",${masked},"--tenant","${CONTOSO}","--debug"]\n`)
      expectNoSecrets(result, [PASSWORD, ...cachedSecrets()])
    }
  })

  it('a service principal with a secret', async () => {
    const result = await sandbox.run(['login', '--service-principal', '-u', AUTOMATION_APP, `-p${AUTOMATION_SECRET}`, '--tenant', CONTOSO, '--debug'])
    expect(result.stderr).toContain(`Command arguments: ["login","--service-principal","-u","${AUTOMATION_APP}","-p***","--tenant",`)
    expectNoSecrets(result, [AUTOMATION_SECRET, ...cachedSecrets()])
  })

  it('a service principal with a certificate', async () => {
    const certificate = emulator.certificateOf(AUTOMATION_APP)!
    const result = await sandbox.run([
      'login',
      '--service-principal',
      '-u',
      AUTOMATION_APP,
      '--certificate',
      certificate.pemPath!,
      '--tenant',
      CONTOSO,
      '--debug',
    ])
    expect(emulator.requests.entries({grantType: 'client_credentials'}).length).toBeGreaterThan(0)
    expectNoSecrets(result, [...privateKeyLines(readFileSync(certificate.pemPath!, 'utf8')), ...cachedSecrets()])
  })

  it('a service principal with a federated token', async () => {
    const token = emulator.issueFederatedToken({subject: 'repo:contoso/app:ref:refs/heads/main'})
    const result = await sandbox.run([
      'login',
      '--service-principal',
      '-u',
      FEDERATED_APP,
      '--federated-token',
      token,
      '--tenant',
      CONTOSO,
      '--debug',
    ])
    expect(result.stderr).toContain(`Command arguments: ["login","--service-principal","-u","${FEDERATED_APP}","--federated-token","***","--tenant",`)
    expectNoSecrets(result, [token, ...token.split('.'), ...cachedSecrets()])
  })

  it('a user with a device code', async () => {
    emulator.autoApproveDeviceCodes(ALICE)
    const result = await sandbox.run(['login', '--use-device-code', '--tenant', CONTOSO, '--debug'])
    // The code a person types is shown on purpose; the device code the app polls with is not.
    expect(result.stderr).toMatch(/enter the code \w+ to authenticate/)
    expectNoSecrets(result, cachedSecrets())
  })

  it('a user in a browser', async () => {
    const result = await sandbox.run(['login', '--tenant', CONTOSO, '--debug'], {
      env: {AZX_EMULATOR_PASSWORD: PASSWORD, AZX_EMULATOR_USERNAME: ALICE, BROWSER: `${process.execPath} ${BROWSER_CLI}`},
    })
    expectNoSecrets(result, [PASSWORD, ...cachedSecrets()])
  })

  it.each(['imds', 'app-service'] as const)('a managed identity through %s', async (source) => {
    const result = await sandbox.run(['login', '--identity', '--debug'], {env: emulator.managedIdentity.env(source)})
    expectNoSecrets(result, [emulator.managedIdentity.identityHeader])
  })
})
