/**
 * @azx/core/testing, and through it what a plugin gets from @azx/core: the subscription context,
 * AzxCredential and an Azure SDK client against the emulator, in-process.
 */
import {existsSync, writeFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it, jest} from '@jest/globals'
import {ResourceManagementClient} from '@azure/arm-resources'
import * as Flags from '@oclif/core/flags'

import {AzCommand} from '../command/index.js'
import {resolveSubscriptionContext} from '../command/subscription-context.js'
import {AzxCredential} from '../credential/token-credential.js'
import {NotFoundError} from '../errors/index.js'
import {subscriptionFlag} from '../flags/index.js'
import {cliEnvironment, createTestConfigDir, EMULATOR_SEED, runCli, runCommand, startEmulatorSession} from './index.js'
import type {EmulatorSession} from './index.js'

// The emulator makes a CA and keys per run, which takes seconds on a loaded machine.
jest.setTimeout(60_000)

const FABRIKAM = '10000000-0000-4000-8000-000000000002'
const ARM_SCOPE = 'https://management.core.windows.net//.default'

class Hello extends AzCommand<{greeting: string}> {
  static override flags = {missing: Flags.boolean()}

  public async run(): Promise<{greeting: string}> {
    const {flags} = await this.parse(Hello)
    if (flags.missing) throw new NotFoundError("The greeting 'x' was not found.")
    this.warn('about to greet')
    return {greeting: 'hello'}
  }
}

/** A plugin command as the guide shows it: the context, an SDK client, the result returned. */
class GroupNames extends AzCommand<string[]> {
  static override flags = {name: Flags.string(), subscription: subscriptionFlag}

  public async run(): Promise<string[]> {
    const {flags} = await this.parse(GroupNames)
    const context = await this.subscriptionContext()
    const client = new ResourceManagementClient(context.credential, context.subscriptionId, context.armClientOptions)
    if (flags.name) return [(await client.resourceGroups.get(flags.name)).name!]
    const names: string[] = []
    for await (const group of client.resourceGroups.list()) names.push(group.name!)
    return names
  }
}

describe('createTestConfigDir', () => {
  it('points AZURE_CONFIG_DIR at a new empty dir and puts it back afterwards', async () => {
    const before = process.env.AZURE_CONFIG_DIR
    const dir = await createTestConfigDir()
    expect(process.env.AZURE_CONFIG_DIR).toBe(dir.path)
    expect(dir.env).toEqual({AZURE_CONFIG_DIR: dir.path})
    expect(existsSync(dir.path)).toBe(true)
    await dir.dispose()
    expect(process.env.AZURE_CONFIG_DIR).toBe(before)
    expect(existsSync(dir.path)).toBe(false)
  })
})

describe('runCommand', () => {
  it("captures a command's output, its warnings and exit code 0", async () => {
    const dir = await createTestConfigDir()
    try {
      expect(await runCommand(Hello, ['-o', 'tsv'])).toEqual({exitCode: 0, stderr: 'WARNING: about to greet\n', stdout: 'hello\n'})
      expect(await runCommand(Hello, ['--query', 'greeting'])).toMatchObject({exitCode: 0, stdout: '"hello"\n'})
    } finally {
      await dir.dispose()
    }
  })

  it("reports errors as az does, with az's exit codes, without throwing", async () => {
    const dir = await createTestConfigDir()
    try {
      expect(await runCommand(Hello, ['--missing'])).toEqual({exitCode: 3, stderr: "ERROR: The greeting 'x' was not found.\n", stdout: ''})
      const usage = await runCommand(Hello, ['--nope'])
      expect(usage.exitCode).toBe(2)
      expect(usage.stderr).toContain('unrecognized arguments: --nope')
      expect(process.exitCode).toBeUndefined()
    } finally {
      await dir.dispose()
    }
  })
})

describe('cliEnvironment and runCli', () => {
  const leaky = {
    AZURE_CORE_OUTPUT: 'yaml',
    AZX_PYTHON_AZ: '/opt/az',
    BROWSER: 'firefox',
    CI: 'true',
    DEBUG: '*',
    FORCE_COLOR: '1',
    HTTPS_PROXY: 'http://proxy.example:3128',
    NODE_ENV: 'test',
    NODE_OPTIONS: '--inspect',
    REQUESTS_CA_BUNDLE: '/etc/ca.pem',
    https_proxy: 'http://proxy.example:3128',
  }

  function withEnv<T>(values: Record<string, string>, run: () => T): T {
    const saved = {...process.env}
    Object.assign(process.env, values)
    try {
      return run()
    } finally {
      for (const key of Object.keys(values)) if (!(key in saved)) delete process.env[key]
      Object.assign(process.env, saved)
    }
  }

  it('leaves out what would change what az does, keeps the rest, and adds or removes what it is given', () => {
    const env = withEnv({...leaky, AZX_ANYTHING: '1', LANG: 'C.UTF-8'}, () =>
      cliEnvironment({AZURE_CONFIG_DIR: '/tmp/azure', LANG: undefined, NO_PROXY: 'localhost'}),
    )
    for (const key of [...Object.keys(leaky), 'AZX_ANYTHING', 'LANG']) expect(env).not.toHaveProperty(key)
    expect(env).toMatchObject({AZURE_CONFIG_DIR: '/tmp/azure', NO_PROXY: 'localhost', PATH: process.env.PATH})
  })

  it('runCli runs a program in that environment', async () => {
    const dir = await createTestConfigDir()
    try {
      const bin = `${dir.path}/print-env.mjs`
      writeFileSync(bin, 'process.stdout.write(JSON.stringify(process.env))\n')
      const result = await withEnv(leaky, () => runCli([], {bin, env: {AZURE_CONFIG_DIR: dir.path}}))
      expect(result.exitCode).toBe(0)
      const env = JSON.parse(result.stdout) as Record<string, string>
      for (const key of Object.keys(leaky)) expect(env).not.toHaveProperty(key)
      expect(env.AZURE_CONFIG_DIR).toBe(dir.path)
    } finally {
      await dir.dispose()
    }
  })
})

describe('signed out', () => {
  it("AzxCredential and the subscription context say az's 'az login' message", async () => {
    const dir = await createTestConfigDir()
    try {
      await expect(new AzxCredential().getToken(ARM_SCOPE)).rejects.toThrow("Please run 'az login' to setup account.")
      await expect(resolveSubscriptionContext()).rejects.toMatchObject({exitCode: 1, message: "Please run 'az login' to setup account."})
    } finally {
      await dir.dispose()
    }
  })
})

describe('an emulator session', () => {
  let session: EmulatorSession

  beforeAll(async () => {
    session = await startEmulatorSession()
  })

  afterAll(async () => {
    await session?.dispose()
  })

  it('signs the service principal in: its subscriptions are stored, Contoso Dev the default', () => {
    const names = session.subscriptions.map((subscription) => subscription.name)
    expect(names).toEqual(expect.arrayContaining([EMULATOR_SEED.devSubscription.name, EMULATOR_SEED.prodSubscription.name]))
    expect(session.subscriptions.find((subscription) => subscription.isDefault)?.id).toBe(EMULATOR_SEED.devSubscription.id)
    expect(session.env).toMatchObject({AZURE_CONFIG_DIR: session.configDir.path, NODE_EXTRA_CA_CERTS: session.emulator.caBundle})
  })

  it('resolves the subscription context: IDs, the cloud, ARM client options', async () => {
    const context = await resolveSubscriptionContext('contoso prod')
    expect(context).toMatchObject({
      armClientOptions: {
        credentialScopes: [ARM_SCOPE],
        endpoint: session.emulator.url,
        userAgentOptions: {userAgentPrefix: expect.stringMatching(/^AZURECLI\/azx-/)},
      },
      subscriptionId: EMULATOR_SEED.prodSubscription.id,
      subscriptionName: EMULATOR_SEED.prodSubscription.name,
      tenantId: EMULATOR_SEED.tenantId,
      user: {name: EMULATOR_SEED.servicePrincipal.clientId, type: 'servicePrincipal'},
    })
    expect(context.cloud.name).toBe('Emu')
    expect((await resolveSubscriptionContext()).subscriptionId).toBe(EMULATOR_SEED.devSubscription.id)
    await expect(resolveSubscriptionContext('nope')).rejects.toThrow("Subscription 'nope' not found. Check the spelling and casing and try again.")
  })

  it('gives Azure SDK clients a token from the shared cache: the second one costs no request', async () => {
    const credential = new AzxCredential()
    const first = await credential.getToken(ARM_SCOPE)
    expect(first.tokenType).toBe('Bearer')
    expect(first.token.split('.')).toHaveLength(3)
    expect(first.expiresOnTimestamp).toBeGreaterThan(Date.now() + 5 * 60_000)
    const tokenRequests = session.emulator.requests.count({route: 'token'})
    const second = await new AzxCredential({subscription: EMULATOR_SEED.devSubscription.name}).getToken([ARM_SCOPE])
    expect(second.token).toBe(first.token)
    expect(session.emulator.requests.count({route: 'token'})).toBe(tokenRequests)
  })

  it('asks Entra ID for a token with the claims of a challenge, never the cached one, and caches what it got', async () => {
    const credential = new AzxCredential()
    const cached = await credential.getToken(ARM_SCOPE)
    const tokenRequests = session.emulator.requests.count({route: 'token'})
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}'
    const renewed = await credential.getToken(ARM_SCOPE, {claims, enableCae: true})
    expect(renewed.token).not.toBe(cached.token)
    expect(session.emulator.requests.count({route: 'token'})).toBe(tokenRequests + 1)
    expect((await credential.getToken(ARM_SCOPE)).token).toBe(renewed.token)
    expect(session.emulator.requests.count({route: 'token'})).toBe(tokenRequests + 1)
  })

  it("honours the tenant a getToken() call names (here one the service principal isn't in)", async () => {
    session.emulator.requests.clear()
    const result = await runCommand(
      class extends AzCommand<undefined> {
        public async run(): Promise<undefined> {
          await new AzxCredential().getToken(ARM_SCOPE, {tenantId: FABRIKAM})
          return undefined
        }
      },
    )
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain('AADSTS700016')
    expect(session.emulator.requests.count({path: new RegExp(`^/${FABRIKAM}/oauth2/v2.0/token`, 'i')})).toBe(1)
  })

  it('runs a plugin-style command with an ARM SDK client against the emulator', async () => {
    expect(await runCommand(GroupNames, ['-o', 'tsv'])).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: `${EMULATOR_SEED.devSubscription.resourceGroups.join('\n')}\n`,
    })
    expect(await runCommand(GroupNames, ['--subscription', EMULATOR_SEED.prodSubscription.id, '-o', 'tsv'])).toMatchObject({
      exitCode: 0,
      stdout: 'rg-prod\n',
    })
  })

  it("prints ARM's errors from the SDK as az does: a missing group is exit 3", async () => {
    expect(await runCommand(GroupNames, ['--name', 'rg-missing'])).toEqual({
      exitCode: 3,
      stderr:
        "ERROR: (ResourceGroupNotFound) Resource group 'rg-missing' could not be found.\n" +
        "Code: ResourceGroupNotFound\nMessage: Resource group 'rg-missing' could not be found.\n",
      stdout: '',
    })
  })
})

describe('a service principal signed in with --federated-token-provider github', () => {
  /** The parts of @azx/emulator's Emulator this block drives. */
  interface CiEmulator {
    clock: {advance(seconds: number): void}
    setAccessTokenLifetime(seconds: number): void
    startCiJob(options: {provider: 'github'; subject: string}): {env: Record<string, string>; readonly assertionsIssued: number}
  }

  let session: EmulatorSession
  const saved: Record<string, string | undefined> = {}

  beforeAll(async () => {
    session = await startEmulatorSession({signIn: false})
  })

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }

    await session?.dispose()
  })

  it('AzxCredential and ARM SDK clients use a new federated token from the job each time Entra ID needs one', async () => {
    const emulator = session.emulator as unknown as CiEmulator
    const job = emulator.startCiJob({provider: 'github', subject: 'repo:contoso/app:ref:refs/heads/main'})
    // Tokens that outlive no command: each getToken() must ask Entra ID, with a federated token.
    emulator.setAccessTokenLifetime(60)
    const login = await session.runCli(
      [
        'login',
        '--service-principal',
        '-u',
        '30000000-0000-4000-8000-000000000002',
        '--tenant',
        EMULATOR_SEED.tenantId,
        '--federated-token-provider',
        'github',
      ],
      {
        env: job.env,
      },
    )
    expect(login).toMatchObject({exitCode: 0, stderr: ''})
    // This process is the job's next step: it has the job's variables.
    for (const [key, value] of Object.entries(job.env)) {
      saved[key] = process.env[key]
      process.env[key] = value
    }

    try {
      for (let step = 1; step <= 3; step++) {
        // Past the lifetime of every federated token fetched two steps ago.
        emulator.clock.advance(300)
        expect((await new AzxCredential().getToken(ARM_SCOPE)).token.split('.')).toHaveLength(3)
        expect(job.assertionsIssued).toBe(1 + step)
      }

      // An hour-long token for the SDK client, whose pipeline would refresh a short one in the background.
      emulator.setAccessTokenLifetime(3599)
      expect(await runCommand(GroupNames, ['-o', 'tsv'])).toEqual({
        exitCode: 0,
        stderr: '',
        stdout: `${EMULATOR_SEED.devSubscription.resourceGroups.join('\n')}\n`,
      })
      expect(job.assertionsIssued).toBe(5)
    } finally {
      emulator.setAccessTokenLifetime(3599)
    }
  })
})
