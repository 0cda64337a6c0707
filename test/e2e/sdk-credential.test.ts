/**
 * The Azure SDK's credentials that shell out to `az` (@azure/identity's AzureCliCredential, alone
 * and inside DefaultAzureCredential), unchanged, with azx as the `az` on PATH. They run in this
 * process and spawn `az` themselves with this process's environment, so the test sets it: PATH,
 * the config dir, and the emulator's CA.
 */
import {EventEmitter} from 'node:events'
import {chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {AzureCliCredential, DefaultAzureCredential} from '@azure/identity'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {accountSandbox, ARM_SCOPE, claims} from './support/account.js'
import {BIN, CliSandbox} from './support/cli.js'
import {ALICE, AUTOMATION_APP, CONTOSO, FABRIKAM, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

const FABRIKAM_SHARED = '50000000-0000-4000-8000-000000000007'

/**
 * The environment child processes inherit. Jest gives a test file its own copy of `process.env`,
 * while node:child_process (which the credential calls without an `env`) reads the real one; a
 * function made by the Function constructor of a Node core object runs outside the test's
 * sandbox and so reaches it.
 */
const childEnv = (EventEmitter as unknown as {constructor: FunctionConstructor}).constructor('return process.env')() as NodeJS.ProcessEnv

/** Sets (or, with undefined, removes) a variable for this file's code and for the processes it starts. */
function setEnv(key: string, value: string | undefined): void {
  for (const env of [process.env, childEnv]) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
}

let emulator: Emulator
/** Holds the `az` the credentials find on PATH, and the arguments each run was given. */
let tools: CliSandbox
let argsLog: string
const savedEnv = {...childEnv}

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
  tools = new CliSandbox()
  const bin = join(tools.root, 'bin')
  mkdirSync(bin)
  argsLog = join(tools.root, 'az-args.log')
  const script = `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argsLog}'\nexec '${process.execPath}' '${BIN}' "$@"\n`
  writeFileSync(join(bin, 'az'), script)
  chmodSync(join(bin, 'az'), 0o755)

  // Only what a developer's shell would have: no test runner options, no stray Azure settings.
  for (const key of Object.keys(childEnv)) if (/^(AZURE_|AZX_|NODE_OPTIONS$|MSI_|IDENTITY_)/.test(key)) setEnv(key, undefined)
  setEnv('PATH', `${bin}:${savedEnv.PATH}`)
  setEnv('NODE_EXTRA_CA_CERTS', emulator.caBundle)
  setEnv('HOME', tools.home)
})

afterAll(async () => {
  for (const key of Object.keys(childEnv)) if (!(key in savedEnv)) setEnv(key, undefined)
  for (const [key, value] of Object.entries(savedEnv)) setEnv(key, value)
  tools.dispose()
  await emulator.close()
})

beforeEach(() => {
  emulator.requests.clear()
  rmSync(argsLog, {force: true})
})
afterEach(() => {
  setEnv('AZURE_TOKEN_CREDENTIALS', undefined)
})

/** The command lines the credentials ran `az` with, since the last test began. */
function azRuns(): string[] {
  try {
    return readFileSync(argsLog, 'utf8').trimEnd().split('\n')
  } catch {
    return []
  }
}

/** Points the credentials' `az` at a sandbox's config dir. */
function use(sandbox: EmulatorSandbox): void {
  setEnv('AZURE_CONFIG_DIR', sandbox.configDir)
}

describe('not signed in', () => {
  let sandbox: EmulatorSandbox
  beforeAll(async () => {
    sandbox = await accountSandbox(emulator)
    use(sandbox)
  })
  afterAll(() => sandbox.dispose())

  it("AzureCliCredential recognises azx's message as 'run az login'", async () => {
    await expect(new AzureCliCredential().getToken(ARM_SCOPE)).rejects.toMatchObject({
      message: expect.stringContaining("Please run 'az login' from a command prompt to authenticate before using this credential."),
      name: 'CredentialUnavailableError',
    })
    expect(azRuns()).toEqual(['account get-access-token --output json --resource https://management.core.windows.net/'])
  })
})

describe('a user', () => {
  let sandbox: EmulatorSandbox
  beforeAll(async () => {
    sandbox = await accountSandbox(emulator)
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
    use(sandbox)
  })
  afterAll(() => sandbox.dispose())

  it('AzureCliCredential gets the cached token az prints, with zero requests', async () => {
    const printed = JSON.parse((await sandbox.ok(['account', 'get-access-token'])).stdout)
    emulator.requests.clear()
    const token = await new AzureCliCredential().getToken(ARM_SCOPE)
    expect(token).toMatchObject({expiresOnTimestamp: printed.expires_on * 1000, token: printed.accessToken, tokenType: 'Bearer'})
    expect(emulator.requests.count()).toBe(0)
    expect(azRuns()).toEqual(['account get-access-token --output json --resource https://management.core.windows.net/'])
  })

  it('AzureCliCredential with a tenant passes --tenant', async () => {
    const token = await new AzureCliCredential({tenantId: FABRIKAM}).getToken(ARM_SCOPE)
    expect(claims(token.token)).toMatchObject({tid: FABRIKAM, upn: ALICE})
    expect(azRuns()).toEqual([`account get-access-token --output json --resource https://management.core.windows.net/ --tenant ${FABRIKAM}`])
  })

  it('AzureCliCredential with a subscription name passes --subscription (quoted by the shell)', async () => {
    const printed = JSON.parse((await sandbox.ok(['account', 'get-access-token', '--subscription', FABRIKAM_SHARED])).stdout)
    rmSync(argsLog, {force: true})
    const token = await new AzureCliCredential({subscription: 'Fabrikam Shared'}).getToken(ARM_SCOPE)
    expect(token.token).toBe(printed.accessToken)
    expect(azRuns()).toEqual([
      'account get-access-token --output json --resource https://management.core.windows.net/ --subscription Fabrikam Shared',
    ])
  })

  it('AzureCliCredential asks for the resource of another scope', async () => {
    const token = await new AzureCliCredential().getToken('https://graph.microsoft.com/.default')
    expect(claims(token.token).aud).toBe('https://graph.microsoft.com')
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000 * 1000)
  })

  it('DefaultAzureCredential (AZURE_TOKEN_CREDENTIALS=AzureCliCredential) gets the token through az', async () => {
    setEnv('AZURE_TOKEN_CREDENTIALS', 'AzureCliCredential')
    const token = await new DefaultAzureCredential().getToken(ARM_SCOPE)
    expect(claims(token.token)).toMatchObject({tid: CONTOSO, upn: ALICE})
    expect(emulator.requests.count()).toBe(0)
  })

  it("DefaultAzureCredential's developer chain with a tenant gets the token through az", async () => {
    setEnv('AZURE_TOKEN_CREDENTIALS', 'dev')
    const token = await new DefaultAzureCredential({tenantId: FABRIKAM}).getToken(ARM_SCOPE)
    expect(claims(token.token)).toMatchObject({tid: FABRIKAM, upn: ALICE})
    expect(azRuns()).toEqual([`account get-access-token --output json --resource https://management.core.windows.net/ --tenant ${FABRIKAM}`])
  })
})

describe('a service principal', () => {
  let sandbox: EmulatorSandbox
  beforeAll(async () => {
    sandbox = await accountSandbox(emulator)
    await sandbox.loginServicePrincipal()
    use(sandbox)
  })
  afterAll(() => sandbox.dispose())

  it('AzureCliCredential gets its cached app token with zero requests', async () => {
    const token = await new AzureCliCredential().getToken(ARM_SCOPE)
    expect(claims(token.token)).toMatchObject({appid: AUTOMATION_APP, idtyp: 'app', tid: CONTOSO})
    expect(emulator.requests.count()).toBe(0)
  })

  it('AzureCliCredential with its tenant', async () => {
    const token = await new AzureCliCredential({tenantId: CONTOSO}).getToken('https://graph.microsoft.com/.default')
    expect(claims(token.token)).toMatchObject({appid: AUTOMATION_APP, aud: 'https://graph.microsoft.com', tid: CONTOSO})
    expect(azRuns()).toEqual([`account get-access-token --output json --resource https://graph.microsoft.com --tenant ${CONTOSO}`])
  })

  it('DefaultAzureCredential with its tenant', async () => {
    setEnv('AZURE_TOKEN_CREDENTIALS', 'AzureCliCredential')
    const token = await new DefaultAzureCredential({tenantId: CONTOSO}).getToken(ARM_SCOPE)
    expect(claims(token.token)).toMatchObject({appid: AUTOMATION_APP, tid: CONTOSO})
  })
})
