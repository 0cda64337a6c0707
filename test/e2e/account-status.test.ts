/**
 * `az account status` through the built CLI against the emulator: a live check of every stored
 * sign-in (a user, service principals with a certificate, a secret and federated tokens, a managed
 * identity), every fault the emulator can inject reported with the command that fixes it, JSON and
 * table output, exit codes, `--subscription`/`--tenant`, offline, and never a write to any file.
 *
 * The sign-ins are made one after another on one config dir; as in az, each sign-in takes over the
 * subscriptions it finds, so the order below leaves each identity with subscriptions of its own.
 */
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {DEFAULT_SEED_PATH} from '@azx/emulator'
import type {CiJob, SeedFile} from '@azx/emulator'

import {accountSandbox, copySandbox} from './support/account.js'
import type {CliResult} from './support/cli.js'
import {ALICE, AUTOMATION_APP, CONTOSO, FABRIKAM, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

const DEPLOYER_APP = '30000000-0000-4000-8000-000000000002'
const REPORTER_APP = '30000000-0000-4000-8000-000000000003'
const REPORTER_SECRET = 'fabrikam-reporter-secret-1'
/** A service principal whose certificate expires in ten days, with a subscription of its own. */
const ROTATING_APP = '30000000-0000-4000-8000-000000000009'
const ROTATING_SUBSCRIPTION = '50000000-0000-4000-8000-000000000099'
const WORKER_IDENTITY = '40000000-0000-4000-8000-000000000002'
const GITHUB_SUBJECT = 'repo:contoso/app:ref:refs/heads/main'

interface SignInStatus {
  name: string
  type: string
  tenantId: string
  credential: string | null
  federatedTokenProvider: string | null
  status: string
  problem: string | null
  detail: string | null
  fix: string | null
}

let emulator: Emulator
/** Every kind of sign-in, all working: each test checks a copy. */
let signedIn: EmulatorSandbox
/** The GitHub Actions job the federated service principal signed in from. */
let job: CiJob
let rotatingPem: string

beforeAll(async () => {
  const dir = execFileSync('mktemp', ['-d', '/tmp/azx-status-XXXXXX'], {encoding: 'utf8'}).trim()
  rotatingPem = join(dir, 'rotating.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'rotating.key'),
      '-out',
      join(dir, 'rotating.crt'),
      '-days',
      '10',
      '-subj',
      '/CN=rotating',
    ],
    {
      stdio: 'ignore',
    },
  )
  writeFileSync(rotatingPem, readFileSync(join(dir, 'rotating.key'), 'utf8') + readFileSync(join(dir, 'rotating.crt'), 'utf8'))
  const seed = JSON.parse(readFileSync(DEFAULT_SEED_PATH, 'utf8')) as SeedFile & {servicePrincipals: object[]; subscriptions: object[]}
  seed.servicePrincipals.push({
    appId: ROTATING_APP,
    certificate: {certPath: join(dir, 'rotating.crt'), keyPath: join(dir, 'rotating.key')},
    displayName: 'contoso-rotating',
    objectId: '31000000-0000-4000-8000-000000000009',
    subscriptions: [ROTATING_SUBSCRIPTION],
    tenant: CONTOSO,
  })
  seed.subscriptions.push({displayName: 'Contoso Rotation', id: ROTATING_SUBSCRIPTION, state: 'Enabled', tenant: CONTOSO})
  emulator = await startEmulator({proxyPort: false, seed})

  signedIn = await accountSandbox(emulator)
  job = emulator.startCiJob({provider: 'github', subject: GITHUB_SUBJECT})
  const sp = (app: string, tenant: string, ...credential: string[]) => ['login', '--service-principal', '-u', app, '--tenant', tenant, ...credential]
  await signedIn.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO])
  await signedIn.ok(sp(AUTOMATION_APP, CONTOSO, '--certificate', emulator.certificateOf(AUTOMATION_APP)!.pemPath!))
  await signedIn.ok(sp(REPORTER_APP, FABRIKAM, '-p', REPORTER_SECRET))
  await signedIn.ok(['login', '--identity', '--client-id', WORKER_IDENTITY], {env: emulator.managedIdentity.env('imds')})
  await signedIn.ok(sp(DEPLOYER_APP, CONTOSO, '--federated-token-provider', 'github'), {env: job.env})
  await signedIn.ok(sp(ROTATING_APP, CONTOSO, '--certificate', rotatingPem))
}, 120_000)

afterAll(async () => {
  signedIn?.dispose()
  await emulator?.close()
})

/** Every file in the config dir (recursively): its bytes, mode and modification time. */
function files(dir: string): Record<string, {bytes: string; mode: number; mtimeMs: number}> {
  const found: Record<string, {bytes: string; mode: number; mtimeMs: number}> = {}
  for (const entry of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const stat = statSync(path)
    found[path.slice(dir.length + 1)] = {bytes: readFileSync(path).toString('base64'), mode: stat.mode, mtimeMs: stat.mtimeMs}
  }

  return found
}

/** `az account status <args>` in `sandbox`, which must leave every file as it was. */
async function status(sandbox: EmulatorSandbox, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult & {statuses: SignInStatus[]}> {
  const before = files(sandbox.configDir)
  const result = await sandbox.run(['account', 'status', ...args], {
    env: {...emulator.managedIdentity.env('imds'), ...job.env, ...env},
    timeoutMs: 60_000,
  })
  expect(files(sandbox.configDir)).toEqual(before)
  return {...result, statuses: result.stdout.trim().startsWith('[') ? (JSON.parse(result.stdout) as SignInStatus[]) : []}
}

function entry(statuses: SignInStatus[], name: string): SignInStatus {
  const found = statuses.find((candidate) => candidate.name === name)
  if (!found) throw new Error(`no status for ${name} in ${JSON.stringify(statuses)}`)
  return found
}

describe('every sign-in works', () => {
  it('reports each with its credential, OK, and exits 0, asking Entra ID once per sign-in and writing nothing', async () => {
    const sandbox = copySandbox(signedIn)
    try {
      emulator.requests.clear()
      const before = job.assertionsIssued
      const result = await status(sandbox)
      expect(result.exitCode).toBe(0)
      expect(result.stderr).toBe('')
      const ok = {detail: null, fix: null, problem: null, status: 'OK'}
      expect(result.statuses).toEqual([
        {...ok, credential: 'refreshToken', federatedTokenProvider: null, name: ALICE, tenantId: CONTOSO, type: 'user'},
        {...ok, credential: 'certificate', federatedTokenProvider: null, name: AUTOMATION_APP, tenantId: CONTOSO, type: 'servicePrincipal'},
        {...ok, credential: 'federatedToken', federatedTokenProvider: 'github', name: DEPLOYER_APP, tenantId: CONTOSO, type: 'servicePrincipal'},
        {...ok, credential: 'clientSecret', federatedTokenProvider: null, name: REPORTER_APP, tenantId: FABRIKAM, type: 'servicePrincipal'},
        {
          credential: 'certificate',
          detail: expect.stringMatching(/^The certificate works, but expires on .+ \(in (9|10) days\)\.$/),
          federatedTokenProvider: null,
          fix: `az login --service-principal -u ${ROTATING_APP} --tenant ${CONTOSO} --certificate NEW_PEM_FILE`,
          name: ROTATING_APP,
          problem: 'certificateExpiring',
          status: 'Warning',
          tenantId: CONTOSO,
          type: 'servicePrincipal',
        },
        {
          ...ok,
          credential: 'managedIdentity',
          federatedTokenProvider: null,
          name: 'userAssignedIdentity',
          tenantId: CONTOSO,
          type: 'managedIdentity',
        },
      ])
      // A live check: one refresh for the user, one client credential request per service principal
      // (the cached tokens notwithstanding), one managed identity request, one new GitHub token.
      expect(
        emulator.requests
          .entries({route: 'token'})
          .map((request) => request.grantType)
          .sort(),
      ).toEqual(['client_credentials', 'client_credentials', 'client_credentials', 'client_credentials', 'refresh_token'])
      expect(emulator.requests.count({route: 'imds'})).toBe(1)
      expect(job.assertionsIssued).toBe(before + 1)
    } finally {
      sandbox.dispose()
    }
  })

  it('as a table, and through --query', async () => {
    const table = await status(signedIn, ['-o', 'table'])
    expect(table.exitCode).toBe(0)
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines[0].split(/\s{2,}/)).toEqual(['Name', 'Type', 'Tenant', 'Credential', 'Status', 'Problem', 'Fix'])
    expect(lines.find((line) => line.startsWith(DEPLOYER_APP))).toMatch(/federatedToken \(github\)\s+OK/)
    expect(lines).toHaveLength(2 + 6)

    const query = await status(signedIn, ['--query', "[?status!='OK'].fix", '-o', 'tsv'])
    expect(query).toMatchObject({
      exitCode: 0,
      stdout: `az login --service-principal -u ${ROTATING_APP} --tenant ${CONTOSO} --certificate NEW_PEM_FILE\n`,
    })
  })

  it('checks one subscription with --subscription, one tenant with --tenant', async () => {
    const one = await status(signedIn, ['--subscription', 'Fabrikam Shared'])
    expect(one.statuses.map((found) => found.name)).toEqual([REPORTER_APP])
    const tenant = await status(signedIn, ['--tenant', FABRIKAM])
    expect(tenant.statuses.map((found) => [found.name, found.status])).toEqual([[REPORTER_APP, 'OK']])
  })
})

describe('the faults the emulator injects, each with its fix and exit code 1', () => {
  /** A copy of the signed-in config dir for one fault. */
  async function withCopy(check: (sandbox: EmulatorSandbox) => Promise<void>): Promise<void> {
    const sandbox = copySandbox(signedIn)
    try {
      await check(sandbox)
    } finally {
      sandbox.dispose()
    }
  }

  it("a tenant that starts demanding MFA: the user's refresh is refused, the others still work", async () => {
    await withCopy(async (sandbox) => {
      emulator.requireMfa(CONTOSO)
      try {
        const result = await status(sandbox)
        expect(result.exitCode).toBe(1)
        expect(entry(result.statuses, ALICE)).toMatchObject({
          detail: expect.stringMatching(/^AADSTS50076: .*multi-factor authentication/),
          fix: `az login --tenant ${CONTOSO}`,
          problem: 'mfaRequired',
          status: 'Failed',
        })
        expect(result.statuses.filter((found) => found.status === 'Failed')).toHaveLength(1)
        expect(result.stderr).toBe(
          `ERROR: 1 of 6 sign-ins cannot get a token: ${ALICE} (${CONTOSO}): mfaRequired.\n` +
            `Run the command in each one's fix; where there is none, its detail says what to change.\n`,
        )
      } finally {
        emulator.requireMfa(CONTOSO, false)
      }
    })
  })

  it('an expired client secret, a secret that was changed, an expired certificate', async () => {
    await withCopy(async (sandbox) => {
      const path = join(sandbox.configDir, 'service_principal_entries.json')
      const entries = readFileSync(path, 'utf8')
      writeFileSync(path, entries.replace(REPORTER_SECRET, 'rotated-away'))
      const rejected = await status(sandbox, ['--tenant', FABRIKAM])
      expect(rejected.exitCode).toBe(1)
      expect(entry(rejected.statuses, REPORTER_APP)).toMatchObject({
        detail: expect.stringMatching(/^AADSTS7000215: Invalid client secret provided/),
        fix: `az login --service-principal -u ${REPORTER_APP} --tenant ${FABRIKAM} -p NEW_SECRET`,
        problem: 'secretRejected',
      })
      writeFileSync(path, entries)

      emulator.expireServicePrincipalCredential(REPORTER_APP, 'secret')
      emulator.expireServicePrincipalCredential(AUTOMATION_APP, 'certificate')
      const result = await status(sandbox)
      expect(result.exitCode).toBe(1)
      expect(entry(result.statuses, REPORTER_APP)).toMatchObject({
        detail: expect.stringMatching(/^AADSTS7000222: The provided client secret keys for app '30000000-0000-4000-8000-000000000003' are expired\./),
        fix: `az login --service-principal -u ${REPORTER_APP} --tenant ${FABRIKAM} -p NEW_SECRET`,
        problem: 'secretExpired',
        status: 'Failed',
      })
      expect(entry(result.statuses, AUTOMATION_APP)).toMatchObject({
        detail: expect.stringMatching(/^AADSTS700027: .*The key used is expired/),
        fix: `az login --service-principal -u ${AUTOMATION_APP} --tenant ${CONTOSO} --certificate NEW_PEM_FILE`,
        problem: 'certificateExpired',
        status: 'Failed',
      })
      expect(entry(result.statuses, ALICE).status).toBe('OK')
    })
  })

  it('a GitHub job that ended, and one whose subject no federated credential names', async () => {
    await withCopy(async (sandbox) => {
      const ended = emulator.startCiJob({provider: 'github', subject: GITHUB_SUBJECT})
      ended.end()
      const unavailable = await status(sandbox, ['--subscription', 'Contoso Dev'], ended.env)
      expect(unavailable.exitCode).toBe(1)
      expect(unavailable.statuses).toEqual([
        {
          credential: 'federatedToken',
          detail:
            'GitHub Actions refused a federated token (HTTP 401). The job that issued ' +
            'the token request credentials may have ended; run az inside the job.',
          federatedTokenProvider: 'github',
          fix: null,
          name: DEPLOYER_APP,
          problem: 'federatedTokenUnavailable',
          status: 'Failed',
          tenantId: CONTOSO,
          type: 'servicePrincipal',
        },
      ])

      const elsewhere = emulator.startCiJob({provider: 'github', subject: 'repo:contoso/app:pull_request'})
      const mismatch = await status(sandbox, ['--subscription', 'Contoso Dev'], elsewhere.env)
      expect(mismatch.statuses[0]).toMatchObject({
        detail: expect.stringMatching(/^AADSTS70021: No matching federated identity record/),
        problem: 'federatedCredentialMismatch',
      })

      const outside = await status(sandbox, ['--subscription', 'Contoso Dev'], {ACTIONS_ID_TOKEN_REQUEST_TOKEN: '', ACTIONS_ID_TOKEN_REQUEST_URL: ''})
      expect(outside.statuses[0]).toMatchObject({
        detail: expect.stringMatching(/^GitHub Actions gave this step no OIDC token/),
        problem: 'federatedTokenUnavailable',
      })
    })
  })

  it('a static federated token that expired names the sign-ins that renew it', async () => {
    await withCopy(async (sandbox) => {
      const token = emulator.issueFederatedToken({expiresInSeconds: 300, subject: GITHUB_SUBJECT})
      await sandbox.ok(['login', '--service-principal', '-u', DEPLOYER_APP, '--tenant', CONTOSO, '--federated-token', token])
      const fresh = await status(sandbox, ['--subscription', 'Contoso Dev'])
      expect(fresh.statuses[0]).toMatchObject({credential: 'federatedToken', federatedTokenProvider: null, status: 'OK'})
      emulator.clock.advance(601)
      const expired = await status(sandbox, ['--subscription', 'Contoso Dev'], {ACTIONS_ID_TOKEN_REQUEST_TOKEN: '', ACTIONS_ID_TOKEN_REQUEST_URL: ''})
      expect(expired.exitCode).toBe(1)
      expect(expired.statuses[0]).toMatchObject({
        detail:
          `The federated token stored by \`az login --federated-token\` for service principal ` +
          `${DEPLOYER_APP} has expired (AADSTS700024), and a federated token given once cannot be renewed.`,
        fix: `az login --service-principal -u ${DEPLOYER_APP} --tenant ${CONTOSO} --federated-token NEW_TOKEN`,
        problem: 'federatedTokenExpired',
      })
      // In a GitHub Actions job, the fix is the sign-in that fetches new tokens from it.
      const inJob = await status(sandbox, ['--subscription', 'Contoso Dev'])
      expect(inJob.statuses[0].fix).toBe(`az login --service-principal -u ${DEPLOYER_APP} --tenant ${CONTOSO} --federated-token-provider github`)
    })
  })

  it('a managed identity endpoint that refuses', async () => {
    await withCopy(async (sandbox) => {
      const fault = emulator.faults.add({route: 'imds', status: 400})
      try {
        const result = await status(sandbox, ['--subscription', 'Contoso Prod'])
        expect(result.exitCode).toBe(1)
        expect(result.statuses).toEqual([
          expect.objectContaining({fix: null, name: 'userAssignedIdentity', problem: 'managedIdentityUnavailable', status: 'Failed'}),
        ])
      } finally {
        fault.remove()
      }
    })
  })

  it('offline: every sign-in Unreachable, says Entra ID could not be reached, exit 1, nothing changed', async () => {
    await withCopy(async (sandbox) => {
      const result = await status(sandbox, [], {HTTPS_PROXY: 'http://127.0.0.1:9'})
      expect(result.exitCode).toBe(1)
      expect(result.statuses.map((found) => found.status)).toEqual(Array.from({length: 6}, () => 'Unreachable'))
      expect(result.statuses.every((found) => found.problem === 'unreachable' && found.fix === null)).toBe(true)
      expect(result.stderr).toMatch(
        /^ERROR: Could not reach Microsoft Entra ID, so the sign-ins could not be checked; nothing was changed\. .*\(ECONNREFUSED\)\.\n/,
      )
    })
  })

  it("a user's revoked refresh token, then one expired after 90 days of inactivity", async () => {
    await withCopy(async (sandbox) => {
      const fresh = copySandbox(sandbox)
      try {
        emulator.revokeRefreshTokens(ALICE)
        const revoked = await status(sandbox, ['--subscription', 'Contoso Trial'])
        expect(revoked.exitCode).toBe(1)
        expect(revoked.statuses).toEqual([
          expect.objectContaining({
            detail: expect.stringMatching(/^AADSTS50173: /),
            fix: `az login --tenant ${CONTOSO}`,
            name: ALICE,
            problem: 'refreshTokenRevoked',
            status: 'Failed',
          }),
        ])

        // Signed in again, then unused for longer than a refresh token lives (last: the clock stays there).
        await fresh.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO])
        emulator.clock.advance(91 * 86_400)
        const expired = await status(fresh, ['--subscription', 'Contoso Trial'])
        expect(expired.statuses).toEqual([
          expect.objectContaining({
            detail: expect.stringMatching(/^AADSTS700082: /),
            fix: `az login --tenant ${CONTOSO}`,
            problem: 'refreshTokenExpired',
            status: 'Failed',
          }),
        ])
      } finally {
        fresh.dispose()
      }
    })
  })
})

describe('what a user can get wrong', () => {
  it.each([
    [
      '--subscription with --tenant',
      ['--subscription', 'Contoso Dev', '--tenant', CONTOSO],
      'ERROR: Please specify only one of subscription and tenant, not both\n',
    ],
    [
      'an unknown subscription',
      ['--subscription', 'Nowhere'],
      "ERROR: Subscription 'Nowhere' not found. Check the spelling and casing and try again.\n",
    ],
    [
      'a tenant with no sign-in',
      ['--tenant', '10000000-0000-4000-8000-000000000009'],
      "ERROR: No stored sign-in for tenant '10000000-0000-4000-8000-000000000009'.\n" +
        "Run 'az login --tenant 10000000-0000-4000-8000-000000000009' to sign in to it.\n",
    ],
  ])('%s: exit 1, nothing printed, nothing asked', async (_what, args, stderr) => {
    emulator.requests.clear()
    const result = await status(signedIn, args)
    expect(result).toMatchObject({exitCode: 1, stderr, stdout: ''})
    expect(emulator.requests.count()).toBe(0)
  })

  it('signed in nowhere', async () => {
    const empty = await accountSandbox(emulator)
    try {
      const result = await status(empty)
      expect(result).toMatchObject({exitCode: 1, stderr: "ERROR: Please run 'az login' to setup account.\n", stdout: ''})
    } finally {
      empty.dispose()
    }
  })

  it('an unknown flag is a usage error', async () => {
    const result = await status(signedIn, ['--bogus'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^ERROR: unrecognized arguments: --bogus/)
  })
})
