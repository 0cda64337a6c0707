import {execFileSync} from 'node:child_process'
import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from '@jest/globals'

import {DEFAULT_SEED_PATH} from '@azx/emulator'
import type {SeedFile} from '@azx/emulator'

import {startBlackhole} from './support/blackhole.js'
import {
  ALICE,
  AUTOMATION_APP,
  AUTOMATION_SECRET,
  CONTOSO,
  CONTOSO_DEV,
  emulatorPerFile,
  FABRIKAM,
  NORTHWIND,
  PASSWORD_WARNING,
} from './support/signed-in.js'

/** The emulator's stand-in browser: fills in its sign-in page as a person would. */
const BROWSER_CLI = new URL('../emulator/dist/browser-cli.js', import.meta.url).pathname

const TAILSPIN = '10000000-0000-4000-8000-000000000009'

/** The default seed plus a tenant that Alice reaches and that has no subscription. */
function seedWithEmptyTenant(): SeedFile {
  const seed = JSON.parse(readFileSync(DEFAULT_SEED_PATH, 'utf8')) as SeedFile & {tenants: object[]; users: {tenants?: string[]; username: string}[]}
  seed.tenants.push({defaultDomain: 'tailspin.example', displayName: 'Tailspin', id: TAILSPIN})
  seed.users.find((user) => user.username === ALICE)!.tenants!.push(TAILSPIN)
  return seed
}

const {emulator, sandbox} = emulatorPerFile({seed: seedWithEmptyTenant()})

const profile = () => JSON.parse(readFileSync(join(sandbox.configDir, 'azureProfile.json'), 'utf8').replace(/^\uFEFF/, ''))

describe('az login with a user', () => {
  it('signs in with the device code flow and prints the subscriptions of every tenant', async () => {
    emulator.autoApproveDeviceCodes(ALICE)
    const result = await sandbox.ok(['login', '--use-device-code'])
    expect(result.stderr).toMatch(
      /^To sign in, use a web browser to open the page https:\/\/localhost:\d+\/devicelogin and enter the code \w+ to authenticate\.\n/,
    )
    const subscriptions = JSON.parse(result.stdout)
    const dev = subscriptions.find((subscription: {id: string}) => subscription.id === CONTOSO_DEV)
    expect(dev).toEqual({
      cloudName: 'Emu',
      homeTenantId: CONTOSO,
      id: CONTOSO_DEV,
      isDefault: true,
      managedByTenants: expect.any(Array),
      name: 'Contoso Dev',
      state: 'Enabled',
      tenantDefaultDomain: 'contoso.example',
      tenantDisplayName: 'Contoso',
      tenantId: CONTOSO,
      user: {name: ALICE, type: 'user'},
    })
    // Fabrikam's only subscription is managed from Contoso too, and az keeps the first tenant that lists it.
    expect(new Set(subscriptions.map((subscription: {tenantId: string}) => subscription.tenantId))).toEqual(new Set([CONTOSO, NORTHWIND]))
    expect(result.stderr).toContain(
      `Subscription 50000000-0000-4000-8000-000000000007 'Fabrikam Shared' can be accessed from tenants ${CONTOSO}(default) ` +
        `and ${FABRIKAM}. To select a specific tenant when accessing this subscription, use 'az login --tenant TENANT_ID'.`,
    )
    expect(Object.keys(result.stdout.length > 0 ? JSON.parse(result.stdout)[0] : {})).toEqual(Object.keys(dev).sort())

    const token = JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout)
    expect(token.subscription).toBe(CONTOSO_DEV)
    expect(token.tenant).toBe(CONTOSO)
    expect(statSync(join(sandbox.configDir, 'msal_token_cache.json')).mode & 0o777).toBe(0o600)
  })

  it('signs in in a browser through the emulator sign-in page', async () => {
    const result = await sandbox.ok(['login', '--tenant', 'contoso.example'], {
      env: {AZX_EMULATOR_PASSWORD: 'alice-password-1', AZX_EMULATOR_USERNAME: ALICE, BROWSER: `${process.execPath} ${BROWSER_CLI}`},
    })
    expect(result.stderr).toContain(
      `A web browser has been opened at ${emulator.url}/${CONTOSO}/oauth2/v2.0/authorize. Please continue the login in the web browser.`,
    )
    const subscriptions = JSON.parse(result.stdout)
    expect(subscriptions.every((subscription: {tenantId: string}) => subscription.tenantId === CONTOSO)).toBe(true)
    expect(subscriptions.map((subscription: {name: string}) => subscription.name)).toContain('Contoso Dev')
  })

  it('falls back to the device code flow when no browser can be launched', async () => {
    emulator.autoApproveDeviceCodes(ALICE)
    const result = await sandbox.ok(['login', '--tenant', CONTOSO], {env: {DISPLAY: '', PATH: process.env.PATH}})
    expect(result.stderr).toMatch(/To sign in, use a web browser to open the page/)
  })

  it('signs in with a username and password, warning about the tenant that needs MFA', async () => {
    const result = await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
    expect(result.stderr).toContain(`Authentication failed against tenant ${NORTHWIND} 'Northwind (MFA required)': AADSTS50076`)
    expect(result.stderr).toContain('If you need to access subscriptions in the following tenants, please use `az login --tenant TENANT_ID`.')
    const tenants = new Set(JSON.parse(result.stdout).map((subscription: {tenantId: string}) => subscription.tenantId))
    expect(tenants).toEqual(new Set([CONTOSO]))
  })

  it('rejects a wrong password with Entra ID message and exit 1, writing nothing', async () => {
    const result = await sandbox.run(['login', '-u', ALICE, '-p', 'wrong'])
    expect(result.exitCode).toBe(1)
    // Today's az warns about username and password sign-in first (MFA), whatever follows.
    expect(
      result.stderr.startsWith(`${PASSWORD_WARNING}\nERROR: AADSTS50126: Error validating credentials due to invalid username or password.`),
    ).toBe(true)
    expect(existsSync(join(sandbox.configDir, 'azureProfile.json')) ? profile().subscriptions : []).toEqual([])
  })

  it('asks for the password on a terminal only', async () => {
    const result = await sandbox.run(['login', '-u', ALICE])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toBe(`${PASSWORD_WARNING}\nERROR: Please specify both username and password in non-interactive mode.\n`)
  })

  it('asks for --scope at sign-in and still lists subscriptions with an ARM token', async () => {
    emulator.requests.clear()
    const result = await sandbox.ok([
      'login',
      '-u',
      ALICE,
      '-p',
      'alice-password-1',
      '--tenant',
      CONTOSO,
      '--scope',
      'https://graph.microsoft.com/.default',
    ])
    expect(JSON.parse(result.stdout).length).toBeGreaterThan(0)
    const grants = emulator.requests.entries().filter((entry) => entry.grantType)
    expect(grants.map((entry) => entry.grantType)).toEqual(['password', 'refresh_token'])
  })

  it('preselects the default with --subscription', async () => {
    const result = await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO, '--subscription', 'contoso prod'])
    const chosen = JSON.parse(result.stdout).filter((subscription: {isDefault: boolean}) => subscription.isDefault)
    expect(chosen.map((subscription: {name: string}) => subscription.name)).toEqual(['Contoso Prod'])
    expect(JSON.parse((await sandbox.ok(['account', 'show'])).stdout).name).toBe('Contoso Prod')
  })

  it('warns about a tenant without subscriptions, and adds it as a tenant level account with --allow-no-subscriptions', async () => {
    const plain = await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
    expect(plain.stderr).toContain(
      "The following tenants don't contain accessible subscriptions. Use `az login --allow-no-subscriptions` to have tenant level access.\n" +
        `${TAILSPIN} 'Tailspin'\n`,
    )
    const withTenants = await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--allow-no-subscriptions'])
    const tenantLevel = JSON.parse(withTenants.stdout).find((subscription: {id: string}) => subscription.id === TAILSPIN)
    expect(tenantLevel).toMatchObject({name: 'N/A(tenant level account)', state: 'Enabled', tenantId: TAILSPIN})
  })

  it('a --tenant domain that does not resolve is a command error (exit 1, no usage lines), and the earlier sign-in stays', async () => {
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO])
    const before = readFileSync(join(sandbox.configDir, 'azureProfile.json'), 'utf8')
    emulator.requests.clear()
    for (const flow of [
      ['-u', ALICE, '-p', 'alice-password-1'],
      ['--use-device-code'],
      ['--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET],
    ]) {
      const result = await sandbox.run(['login', '--tenant', 'nowhere.example', ...flow])
      // az 2.45 prints the same text (its tenant validator raises a CLIError, exit 1); today's az has the same validator.
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(
        /^ERROR: Failed to resolve tenant 'nowhere\.example'\.\n\nError detail: \{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant 'nowhere\.example' not found\./,
      )
      expect(result.stderr).not.toContain('Examples from AI knowledge base')
      expect(result.stderr.split('\n')).toHaveLength(4)
    }

    expect(emulator.requests.entries().map((entry) => entry.route)).toEqual([
      'openid-configuration-v1',
      'openid-configuration-v1',
      'openid-configuration-v1',
    ])
    expect(readFileSync(join(sandbox.configDir, 'azureProfile.json'), 'utf8')).toBe(before)
    expect(existsSync(join(sandbox.configDir, 'service_principal_entries.json'))).toBe(false)
  })

  it('fails when the only tenant has no subscription', async () => {
    const result = await sandbox.run(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', TAILSPIN])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('ERROR: No subscriptions found for alice@contoso.example.')
  })
})

describe('az login with a service principal', () => {
  it('signs in with a secret and keeps the entry (0600) only after a token was obtained', async () => {
    const result = await sandbox.loginServicePrincipal()
    const subscriptions = JSON.parse(result.stdout)
    expect(subscriptions[0].user).toEqual({name: AUTOMATION_APP, type: 'servicePrincipal'})
    const store = join(sandbox.configDir, 'service_principal_entries.json')
    expect(statSync(store).mode & 0o777).toBe(0o600)
    expect(readFileSync(store, 'utf8')).toBe(
      `[\n    {\n        "tenant": "${CONTOSO}",\n        "client_id": "${AUTOMATION_APP}",\n` +
        `        "client_secret": "${AUTOMATION_SECRET}"\n    }\n]`,
    )
    const token = JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout)
    expect(token.tenant).toBe(CONTOSO)
  })

  it('rejects a wrong secret and stores nothing', async () => {
    const result = await sandbox.run(['login', '--service-principal', '-u', AUTOMATION_APP, '-p', 'wrong', '--tenant', CONTOSO])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/^ERROR: AADSTS7000215: Invalid client secret provided/)
    expect(existsSync(join(sandbox.configDir, 'service_principal_entries.json'))).toBe(false)
  })

  it('signs in with a certificate', async () => {
    const certificate = emulator.certificateOf(AUTOMATION_APP)!
    const result = await sandbox.ok([
      'login',
      '--service-principal',
      '-u',
      AUTOMATION_APP,
      '--certificate',
      certificate.pemPath!,
      '--tenant',
      CONTOSO,
    ])
    expect(JSON.parse(result.stdout).length).toBeGreaterThan(0)
    expect(JSON.parse(readFileSync(join(sandbox.configDir, 'service_principal_entries.json'), 'utf8'))[0].certificate).toBe(certificate.pemPath!)
  })

  it('signs in with a federated token', async () => {
    const jwt = emulator.issueFederatedToken({subject: 'repo:contoso/app:ref:refs/heads/main'})
    const result = await sandbox.ok([
      'login',
      '--service-principal',
      '-u',
      '30000000-0000-4000-8000-000000000002',
      '--federated-token',
      jwt,
      '--tenant',
      CONTOSO,
    ])
    expect(JSON.parse(result.stdout).map((subscription: {id: string}) => subscription.id)).toEqual([CONTOSO_DEV])
  })
})

/**
 * A second `az login --service-principal` after a successful one: MSAL holds a valid token for the
 * app by then, so only a token asked of Entra ID itself can tell a wrong credential from the right
 * one. A wrong one must fail with Entra ID's error and leave every stored file as it was.
 */
describe('az login with a service principal, signed in before', () => {
  const DEPLOYER_APP = '30000000-0000-4000-8000-000000000002'
  const DEPLOYER_SUBJECT = 'repo:contoso/app:ref:refs/heads/main'
  const storedFiles = () =>
    Object.fromEntries(
      ['service_principal_entries.json', 'azureProfile.json', 'msal_token_cache.json'].map((name) => [
        name,
        readFileSync(join(sandbox.configDir, name), 'utf8'),
      ]),
    )
  const clientCredentialRequests = () => emulator.requests.count({grantType: 'client_credentials', route: 'token'})

  /** A key and a self-signed certificate in one PEM file that Entra ID knows nothing of. */
  function unrelatedCertificate(): string {
    const key = join(sandbox.root, 'unrelated.key')
    const certificate = join(sandbox.root, 'unrelated.crt')
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-subj', '/CN=unrelated', '-days', '1'],
      {stdio: 'ignore'},
    )
    const pem = join(sandbox.root, 'unrelated.pem')
    writeFileSync(pem, readFileSync(key, 'utf8') + readFileSync(certificate, 'utf8'))
    return pem
  }

  it.each([
    ['a wrong secret', () => ['-p', 'wrong-secret'], /^ERROR: AADSTS7000215: Invalid client secret provided/],
    ['an unrelated certificate', () => ['--certificate', unrelatedCertificate()], /^ERROR: AADSTS700027: /],
  ])('refuses %s with Entra ID error, keeping the stored secret and every file', async (_name, credential, message) => {
    await sandbox.loginServicePrincipal()
    const before = storedFiles()
    const requests = clientCredentialRequests()

    const result = await sandbox.run(['login', '--service-principal', '-u', AUTOMATION_APP, ...credential(), '--tenant', CONTOSO])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(message)
    expect(result.stdout).toBe('')
    expect(clientCredentialRequests()).toBe(requests + 1)
    expect(storedFiles()).toEqual(before)

    // The stored secret still works where no token is cached: a new resource needs a new token.
    const graph = await sandbox.ok(['account', 'get-access-token', '--resource', 'https://graph.windows.net/'])
    expect(JSON.parse(graph.stdout).tenant).toBe(CONTOSO)
  })

  it('signs in again with the right secret by asking Entra ID, not the cache', async () => {
    await sandbox.loginServicePrincipal()
    const requests = clientCredentialRequests()
    await sandbox.loginServicePrincipal()
    expect(clientCredentialRequests()).toBe(requests + 1)
  })

  it('refuses an expired federated token after a successful federated sign-in, keeping the stored one', async () => {
    const login = (jwt: string) => sandbox.run(['login', '--service-principal', '-u', DEPLOYER_APP, '--federated-token', jwt, '--tenant', CONTOSO])
    expect((await login(emulator.issueFederatedToken({subject: DEPLOYER_SUBJECT}))).exitCode).toBe(0)
    const before = storedFiles()

    const result = await login(emulator.issueFederatedToken({expiresInSeconds: -600, subject: DEPLOYER_SUBJECT}))
    expect(result.exitCode).toBe(1)
    // az prints Entra ID's AADSTS700024 text; azx says the token expired and names the sign-ins that renew it (issue 16).
    expect(result.stderr).toMatch(/^ERROR: The federated token given with --federated-token has expired \(AADSTS700024\)/)
    expect(storedFiles()).toEqual(before)
  })
})

describe('az login --identity', () => {
  it.each(['imds', 'app-service'] as const)('signs in with the system-assigned identity through %s, keeping environmentName', async (source) => {
    const result = await sandbox.ok(['login', '--identity'], {env: emulator.managedIdentity.env(source)})
    const [subscription] = JSON.parse(result.stdout)
    expect(subscription.environmentName).toBe('Emu')
    expect(subscription.user).toEqual({assignedIdentityInfo: 'MSI', name: 'systemAssignedIdentity', type: 'servicePrincipal'})
    const token = JSON.parse((await sandbox.ok(['account', 'get-access-token'], {env: emulator.managedIdentity.env(source)})).stdout)
    expect(token.tenant).toBe(CONTOSO)
  })

  // az waits on IMDS and then prints a network error (az issues 14587, 33567); azx gives up on an
  // endpoint that does not connect within seconds. The runner's limit, far above that and below the
  // 30 s a request may take, is what the wait is checked against.
  const NO_ENDPOINT = /^ERROR: No managed identity is reachable from here\. The token was asked of /

  it('ends within seconds when IMDS does not answer, saying that no managed identity is reachable and what to do instead', async () => {
    const blackhole = await startBlackhole()
    try {
      const result = await sandbox.run(['login', '--identity'], {env: {AZURE_POD_IDENTITY_AUTHORITY_HOST: blackhole.url}, timeoutMs: 20_000})
      expect(result.exitCode).toBe(1)
      expect(result.stderr).toMatch(NO_ENDPOINT)
      expect(result.stderr).toContain(
        'the Azure Instance Metadata Service (IMDS): ' +
          `GET ${blackhole.url}/metadata/identity/oauth2/token/ failed: no connection within 2 s (ETIMEDOUT).\n`,
      )
      expect(result.stderr).toContain('Elsewhere, sign in another way: `az login` for a user, `az login --service-principal` for an application.')
      // The local token endpoint azx has: the way to lend a container the account of its host.
      expect(result.stderr).toContain(
        'run `az account identity-endpoint start` there and set the IDENTITY_ENDPOINT and IDENTITY_HEADER it prints here.',
      )
      expect(existsSync(join(sandbox.configDir, 'azureProfile.json'))).toBe(false)
    } finally {
      blackhole.close()
    }
  })

  it('ends within seconds when IDENTITY_ENDPOINT refuses connections, naming the variable', async () => {
    const result = await sandbox.run(['login', '--identity'], {
      env: {IDENTITY_ENDPOINT: 'http://127.0.0.1:9/msi/token', IDENTITY_HEADER: 'secret'},
      timeoutMs: 20_000,
    })
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(NO_ENDPOINT)
    expect(result.stderr).toContain(
      'the managed identity endpoint in IDENTITY_ENDPOINT: GET http://127.0.0.1:9/msi/token ' +
        'failed after 4 attempts: the connection was refused (ECONNREFUSED).\n',
    )
    expect(result.stderr).toContain('If IDENTITY_ENDPOINT names a token endpoint you started, check that it runs and that this machine can reach it.')
    expect(result.stderr).not.toContain('secret')
  })

  it('signs in with a user-assigned identity by client ID', async () => {
    const clientId = '40000000-0000-4000-8000-000000000002'
    const result = await sandbox.ok(['login', '--identity', '--client-id', clientId], {env: emulator.managedIdentity.env('imds')})
    const subscriptions = JSON.parse(result.stdout)
    expect(subscriptions).toHaveLength(2)
    expect(subscriptions[0].user).toEqual({assignedIdentityInfo: `MSIClient-${clientId}`, name: 'userAssignedIdentity', type: 'servicePrincipal'})
  })
})

describe('az logout', () => {
  it('removes the account tokens, subscriptions and secrets, offline', async () => {
    await sandbox.loginServicePrincipal()
    emulator.autoApproveDeviceCodes(ALICE)
    await sandbox.ok(['login', '--use-device-code', '--tenant', CONTOSO])
    // An unreachable proxy: logout must not need the network.
    const offline = {HTTPS_PROXY: 'http://127.0.0.1:9'}
    await sandbox.ok(['logout', '--username', AUTOMATION_APP], {env: offline})
    expect(readFileSync(join(sandbox.configDir, 'service_principal_entries.json'), 'utf8')).toBe('[]')
    expect(readFileSync(join(sandbox.configDir, 'msal_token_cache.json'), 'utf8')).not.toContain(AUTOMATION_APP)
    expect(profile().subscriptions.every((subscription: {user: {name: string}}) => subscription.user.name === ALICE)).toBe(true)

    await sandbox.ok(['logout'], {env: offline})
    const cache = readFileSync(join(sandbox.configDir, 'msal_token_cache.json'), 'utf8')
    expect(cache).not.toContain(ALICE)
    expect(cache).not.toMatch(/"secret"/)
    expect(profile().subscriptions).toEqual([])
    const again = await sandbox.run(['logout'])
    expect(again.exitCode).toBe(1)
    expect(again.stderr).toBe('ERROR: There are no active accounts.\n')
  })
})
