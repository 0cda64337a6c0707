/**
 * Federated credentials that refresh themselves, through the built CLI against the emulator: a
 * service principal signed in with `--federated-token-provider github|azure-pipelines` or
 * `--federated-token-file` gets tokens for two hours of emulated time from CI jobs whose tokens
 * live five minutes, each command fetching a new one; the static `--federated-token` fails once
 * its token expired, naming the two ways that renew it.
 *
 * Time: the emulator's clock is moved ten minutes and a second before each command, so every
 * federated token fetched earlier has expired by Entra ID's reckoning (five minutes of life plus
 * five of clock skew): one the command reused instead of fetching its own would be refused. Access
 * tokens live 60 s, under MSAL's five-minute renewal margin, so no command can answer from the
 * cache: each one must present a federated token, and the CI job counts the tokens it handed out.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {accountSandbox, claims, copySandbox} from './support/account.js'
import {CONTOSO, CONTOSO_DEV, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

const DEPLOYER_APP = '30000000-0000-4000-8000-000000000002'
const GITHUB_SUBJECT = 'repo:contoso/app:ref:refs/heads/main'
const PIPELINES_SUBJECT = 'sc://contoso/app/contoso-deployer'
/** How long a CI job's federated token lives. */
const TOKEN_SECONDS = 300
/** How far the clock moves before each command: past the life and the clock skew of every earlier token. */
const STEP_SECONDS = 2 * TOKEN_SECONDS + 1
/** The steps that cover `minutes` of emulated time. */
const stepsFor = (minutes: number): number => Math.ceil((minutes * 60) / STEP_SECONDS)
const LOGIN = ['login', '--service-principal', '-u', DEPLOYER_APP, '--tenant', CONTOSO]

let emulator: Emulator
let template: EmulatorSandbox
let sandbox: EmulatorSandbox

beforeAll(async () => {
  emulator = await startEmulator({accessTokenLifetimeSeconds: 60, proxyPort: false})
  template = await accountSandbox(emulator)
})
afterAll(async () => {
  template?.dispose()
  await emulator?.close()
})
beforeEach(() => {
  sandbox?.dispose()
  sandbox = copySandbox(template)
})

/** `az account get-access-token`, which must succeed; the token's claims. */
async function accessToken(env: NodeJS.ProcessEnv = {}): Promise<Record<string, unknown>> {
  const result = await sandbox.ok(['account', 'get-access-token', '--query', 'accessToken', '-o', 'tsv'], {env})
  return claims(result.stdout.trim())
}

/** The stored entry of the service principal, as the Python az reads it. */
function storedEntry(): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(sandbox.configDir, 'service_principal_entries.json'), 'utf8')) as Record<string, unknown>[])[0]
}

describe.each([
  ['github', 'github', GITHUB_SUBJECT, 120],
  // Azure Pipelines for half an hour: the same mechanism, a different protocol.
  ['azure-pipelines', 'azure-pipelines', PIPELINES_SUBJECT, 30],
] as const)('--federated-token-provider %s', (_name, provider, subject, minutes) => {
  it(`gets tokens for ${minutes} minutes of emulated time, a new federated token from the job for each`, async () => {
    const steps = stepsFor(minutes)
    const job = emulator.startCiJob({assertionLifetimeSeconds: TOKEN_SECONDS, provider, subject})
    const login = await sandbox.ok([...LOGIN, '--federated-token-provider', provider], {env: job.env})
    expect(JSON.parse(login.stdout).map((subscription: {id: string}) => subscription.id)).toEqual([CONTOSO_DEV])
    expect(job.assertionsIssued).toBe(1)
    // The Python az's file keeps az's shape: the token that proved the sign-in, as a static one.
    expect(Object.keys(storedEntry())).toEqual(['tenant', 'client_id', 'client_assertion'])
    const source = JSON.parse(readFileSync(join(sandbox.configDir, 'azx_service_principals.json'), 'utf8'))
    expect(source).toEqual([
      expect.objectContaining({
        client_id: DEPLOYER_APP,
        federated_token_provider: provider,
        tenant: CONTOSO,
        ...(provider === 'azure-pipelines' ? {service_connection_id: job.env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID} : {}),
      }),
    ])
    // The job's secret is read from its environment when needed, never stored.
    expect(JSON.stringify(source)).not.toContain(job.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? job.env.SYSTEM_ACCESSTOKEN)

    const started = emulator.clock.nowSeconds()
    for (let step = 1; step <= steps; step++) {
      emulator.clock.advance(STEP_SECONDS)
      const token = await accessToken(job.env)
      expect(token).toMatchObject({appid: DEPLOYER_APP, tid: CONTOSO})
      expect(token.iat as number).toBeGreaterThanOrEqual(started + step * STEP_SECONDS)
      expect(job.assertionsIssued).toBe(1 + step)
    }

    // Resource Manager takes the last one (by the emulator's clock), and so does every command that needs a token.
    const tenants = await sandbox.ok(['account', 'tenant', 'list'], {env: job.env})
    expect(JSON.parse(tenants.stdout).map((tenant: {tenantId: string}) => tenant.tenantId)).toEqual([CONTOSO])
    expect(job.assertionsIssued).toBe(2 + steps)
  })
})

describe('secrets', () => {
  it.each([
    ['github', GITHUB_SUBJECT, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'],
    ['azure-pipelines', PIPELINES_SUBJECT, 'SYSTEM_ACCESSTOKEN'],
  ] as const)('--debug shows the request to %s, never the job token nor the federated token', async (provider, subject, variable) => {
    const job = emulator.startCiJob({provider, subject})
    const result = await sandbox.ok([...LOGIN, '--federated-token-provider', provider, '--debug'], {env: job.env})
    expect(result.stderr).toMatch(
      provider === 'github'
        ? /Request URL: '.*\/idtoken\?api-version=2\.0&audience=api%3A%2F%2FAzureADTokenExchange'/
        : /Request URL: '.*\/oidctoken\?api-version=7\.1&serviceConnectionId=/,
    )
    const federatedToken = storedEntry().client_assertion as string
    for (const secret of [job.env[variable], federatedToken, federatedToken.split('.')[2]]) expect(result.stderr).not.toContain(secret)
  })
})

describe('--federated-token-file', () => {
  it('gets tokens for two hours of emulated time, the file read again for each, as the platform renews it', async () => {
    const file = join(sandbox.root, 'azure-identity-token')
    const renew = () => writeFileSync(file, `${emulator.issueFederatedToken({expiresInSeconds: TOKEN_SECONDS, subject: GITHUB_SUBJECT})}\n`)
    renew()
    await sandbox.ok([...LOGIN, '--federated-token-file', file])
    expect(storedEntry().client_assertion).toBe(readFileSync(file, 'utf8').trim())

    for (let step = 1; step <= stepsFor(120); step++) {
      emulator.clock.advance(STEP_SECONDS)
      renew()
      expect(await accessToken()).toMatchObject({appid: DEPLOYER_APP, tid: CONTOSO})
    }

    // A file the platform stopped renewing: the token in it has expired, and Entra ID says so.
    emulator.clock.advance(STEP_SECONDS)
    const stale = await sandbox.run(['account', 'get-access-token'])
    expect(stale.exitCode).toBe(1)
    expect(stale.stderr).toMatch(/^ERROR: AADSTS700024: Client assertion is not within its valid time range\./)

    writeFileSync(file, '')
    const empty = await sandbox.run(['account', 'get-access-token'])
    expect(empty).toMatchObject({exitCode: 1, stdout: ''})
    expect(empty.stderr).toBe(`ERROR: The federated token file '${file}' is empty.\nWrite the JWT your identity provider issued into it.\n`)
  })

  it('a relative path is kept as an absolute one; a missing file fails the sign-in and stores nothing', async () => {
    const missing = await sandbox.run([...LOGIN, '--federated-token-file', 'nowhere/token'])
    expect(missing.exitCode).toBe(1)
    expect(missing.stderr).toMatch(/^ERROR: Cannot read the federated token file '\/.*\/nowhere\/token': ENOENT\./)
    expect(() => storedEntry()).toThrow(/ENOENT/)

    writeFileSync(join(sandbox.root, 'token'), emulator.issueFederatedToken({subject: GITHUB_SUBJECT}))
    await sandbox.ok([...LOGIN, '--federated-token-file', 'token'])
    const [record] = JSON.parse(readFileSync(join(sandbox.configDir, 'azx_service_principals.json'), 'utf8'))
    expect(record.federated_token_file).toBe(join(sandbox.root, 'token'))
  })
})

describe('--federated-token, a static token', () => {
  it('works while it lives, then fails naming the two ways that fetch new ones', async () => {
    await sandbox.ok([...LOGIN, '--federated-token', emulator.issueFederatedToken({expiresInSeconds: TOKEN_SECONDS, subject: GITHUB_SUBJECT})])
    emulator.clock.advance(TOKEN_SECONDS)
    expect(await accessToken()).toMatchObject({appid: DEPLOYER_APP})
    emulator.clock.advance(TOKEN_SECONDS + 1)

    const expired = await sandbox.run(['account', 'get-access-token'])
    expect(expired).toMatchObject({exitCode: 1, stdout: ''})
    expect(expired.stderr).toBe(
      [
        `ERROR: The federated token stored by \`az login --federated-token\` for service principal ` +
          `${DEPLOYER_APP} has expired (AADSTS700024), and a federated token given once cannot be renewed.`,
        'Sign in so that a new one is fetched whenever one is needed:',
        `az login --service-principal -u ${DEPLOYER_APP} --tenant ${CONTOSO} --federated-token-file ` +
          'PATH   (a file your platform keeps fresh, e.g. $AZURE_FEDERATED_TOKEN_FILE on AKS)',
        `az login --service-principal -u ${DEPLOYER_APP} --tenant ${CONTOSO} --federated-token-provider ` +
          'github|azure-pipelines   (in a GitHub Actions or Azure Pipelines job)',
        '',
      ].join('\n'),
    )
  })

  it('an expired one given to az login fails the same way, storing nothing', async () => {
    const result = await sandbox.run([...LOGIN, '--federated-token', emulator.issueFederatedToken({expiresInSeconds: -601, subject: GITHUB_SUBJECT})])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/^ERROR: The federated token given with --federated-token has expired \(AADSTS700024\)/)
    expect(result.stderr).toContain('--federated-token-provider github|azure-pipelines')
  })

  it('signing in again with a static token forgets where federated tokens came from', async () => {
    const job = emulator.startCiJob({provider: 'github', subject: GITHUB_SUBJECT})
    await sandbox.ok([...LOGIN, '--federated-token-provider', 'github'], {env: job.env})
    await sandbox.ok([...LOGIN, '--federated-token', emulator.issueFederatedToken({subject: GITHUB_SUBJECT})])
    expect(readFileSync(join(sandbox.configDir, 'azx_service_principals.json'), 'utf8')).toBe('[]')
    const before = job.assertionsIssued
    await accessToken(job.env)
    expect(job.assertionsIssued).toBe(before)
  })
})

describe('what a user can get wrong', () => {
  it.each([
    [
      'a provider azx does not know',
      ['--federated-token-provider', 'jenkins'],
      2,
      /^ERROR: az login: 'jenkins' is not a valid value for '--federated-token-provider'\. Allowed values: github, azure-pipelines\./,
    ],
    [
      'GitHub Actions outside a job',
      ['--federated-token-provider', 'github'],
      1,
      /^ERROR: GitHub Actions gave this step no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set\.\nRun az inside the GitHub Actions job, and give the job `permissions: id-token: write`\.\n$/,
    ],
    [
      'Azure Pipelines without a service connection',
      ['--federated-token-provider', 'azure-pipelines'],
      1,
      /^ERROR: usage error: --federated-token-provider azure-pipelines needs the ID of the service connection in AZURESUBSCRIPTION_SERVICE_CONNECTION_ID\n/,
    ],
    [
      'a provider and a secret',
      ['--federated-token-provider', 'github', '-p', 'secret'],
      1,
      /^ERROR: usage error: give only one of --password, --certificate, --federated-token, --federated-token-file and --federated-token-provider\n$/,
    ],
  ])('%s: its exit code, nothing stored', async (_what, args, exitCode, message) => {
    const result = await sandbox.run([...LOGIN, ...(args as string[])])
    expect(result.exitCode).toBe(exitCode)
    expect(result.stderr).toMatch(message as RegExp)
    expect(() => storedEntry()).toThrow(/ENOENT/)
  })

  it('a job that ended: the sign-in fails with the reason, storing nothing', async () => {
    const job = emulator.startCiJob({provider: 'azure-pipelines', subject: PIPELINES_SUBJECT})
    job.end()
    const result = await sandbox.run([...LOGIN, '--federated-token-provider', 'azure-pipelines'], {env: job.env})
    expect(result).toMatchObject({exitCode: 1, stdout: ''})
    expect(result.stderr).toMatch(/^ERROR: Azure Pipelines refused a federated token \(HTTP 401\)\./)
    expect(() => storedEntry()).toThrow(/ENOENT/)
  })
})
