/**
 * signIn in-process, with fake services: the clouds and settings services are fakes defined in the
 * registry before first use, the sign-in flows and discovery a fake `auth`, the terminal a fake
 * that records what it was asked; the profile service is the real one, on a temporary config dir,
 * so what a login stores is what azureProfile.json holds. The end-to-end tests (test/e2e/login*)
 * run the same logins against the emulator.
 */
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import type {AuthenticationResult} from '@azure/msal-node'

import {CommandError, configureLogging, defineService, service} from '@azx/core'
import type {Cloud, NewSubscription, SubscriptionUser} from '@azx/core'
import {ManagedIdentityUnreachableError} from '@azx/core/auth'
import type {DiscoveryOptions, DiscoveryResult, ServicePrincipalEntry} from '@azx/core/auth'
import {forgetServices, registerHostServices} from '@azx/core/registry'
import {createTestConfigDir} from '@azx/core/testing'
import type {TestConfigDir} from '@azx/core/testing'

import type {SignInAuth} from './auth.js'
import {loginRequest, signIn} from './index.js'
import type {LoginFlags} from './index.js'
import type {Terminal} from './terminal.js'

import {rejection} from '../../../../test/support/promises.js'

const CONTOSO = '10000000-0000-4000-8000-000000000001'
const FABRIKAM = '10000000-0000-4000-8000-000000000002'
const ARM = 'https://management.core.windows.net/'
const ARM_SCOPES = ['https://management.core.windows.net//.default']
const APP = '30000000-0000-4000-8000-000000000001'
const ALICE = 'alice@contoso.example'

/** The fake active cloud: AzureCloud's sign-in and ARM endpoints (the password warning depends on the first). */
function cloud(
  endpoints: Record<string, string> = {
    active_directory: 'https://login.microsoftonline.com',
    active_directory_resource_id: ARM,
    resource_manager: 'https://management.azure.com/',
  },
): Cloud {
  return {endpoints, isActive: true, name: 'AzureCloud', profile: 'latest', suffixes: {}, writtenEndpoints: endpoints} as unknown as Cloud
}

/** A subscription as discovery hands it over. */
function subscription(id: string, name: string, user: SubscriptionUser, tenantId = CONTOSO, state = 'Enabled'): NewSubscription {
  return {environmentName: 'AzureCloud', id, name, state, tenantId, user}
}

const DEV = '50000000-0000-4000-8000-000000000001'
const PROD = '50000000-0000-4000-8000-000000000002'
const LEGACY = '50000000-0000-4000-8000-000000000003'

interface Fakes {
  /** The calls the fake auth got, by function name, with their first argument. */
  calls: [string, unknown][]
  stderr: string
  stdout: string
  progress: string[]
  secretsAsked: number
}

let dir: TestConfigDir
let fakes: Fakes
let activeCloud: Cloud
let settings: Record<string, boolean>

beforeEach(async () => {
  dir = await createTestConfigDir()
  fakes = {calls: [], progress: [], secretsAsked: 0, stderr: '', stdout: ''}
  activeCloud = cloud()
  settings = {}
  forgetServices()
  defineService(
    'clouds',
    async () =>
      ({
        activeCloud: async () => activeCloud,
        activeCloudName: async () => activeCloud.name,
        setActive: async () => {
          throw new Error('not in these tests')
        },
        setSubscriptionOf: async () => undefined,
        subscriptionOf: async () => undefined,
      }) as never,
  )
  defineService(
    'settings',
    async () => ({getBoolean: (section: string, key: string, fallback: boolean) => settings[`${section}.${key}`] ?? fallback}) as never,
  )
  // The profile and every other service: the real ones, built on the fakes above.
  await registerHostServices()
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false, write: (text) => (fakes.stderr += text)})
})

afterEach(async () => {
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false})
  forgetServices()
  await registerHostServices()
  await dir.dispose()
})

/** A terminal; not a terminal at all unless `tty` says so. */
function terminal(tty: Partial<Pick<Terminal, 'stderrIsTty' | 'stdinIsTty' | 'stdoutIsTty'>> = {}): Terminal {
  return {
    color: false,
    async promptSecret() {
      fakes.secretsAsked++
      return 'typed-secret'
    },
    async showProgress(message, work) {
      fakes.progress.push(message)
      return work()
    },
    stderrIsTty: false,
    stdinIsTty: false,
    stdoutIsTty: false,
    writeOut: (text) => (fakes.stdout += text),
    ...tty,
  }
}

interface World {
  /** What discovery finds, given who signed in. */
  found?: (options: DiscoveryOptions) => Partial<DiscoveryResult>
  /** The selector's choice, by subscription ID. */
  choose?: string
  /** Replaces a fake function. */
  override?: Partial<SignInAuth>
}

const token = (value: string, tenantId = CONTOSO) => ({expiresOn: new Date(Date.now() + 3_600_000), tenantId, token: value})
const userResult = (username: string | undefined, tenantId = CONTOSO) =>
  ({account: username === undefined ? null : {username}, tenantId}) as unknown as AuthenticationResult

/** Fake sign-in flows and discovery that record their calls. */
function fakeAuth(world: World = {}): SignInAuth {
  const record =
    <T>(name: string, result: (argument: never) => T) =>
    (argument: unknown) => {
      fakes.calls.push([name, argument])
      return result(argument as never)
    }

  const found =
    world.found ??
    ((options: DiscoveryOptions) => ({
      subscriptions: [subscription(DEV, 'Contoso Dev', options.user), subscription(PROD, 'Contoso Prod', options.user)],
    }))
  return {
    canLaunchBrowser: () => true,
    discoverSubscriptions: record('discoverSubscriptions', async (options: DiscoveryOptions) => ({
      duplicates: [],
      emptyTenants: [],
      failedTenants: [],
      subscriptions: [],
      ...found(options),
    })),
    getManagedIdentityToken: record('getManagedIdentityToken', async () => token('mi-arm-token')),
    getServicePrincipalToken: record('getServicePrincipalToken', async () => token('sp-arm-token')),
    getUserToken: record('getUserToken', async (request: {tenant: string}) => token(`user-token-for-${request.tenant}`)),
    loadNativeBroker: () => ({reason: 'not on Windows'}),
    proveServicePrincipal: record('proveServicePrincipal', async (request: {entry: ServicePrincipalEntry}) => ({
      entry: request.entry,
      token: token('sp-proof-token'),
    })),
    resolveTenant: record('resolveTenant', async (tenant: string) => (tenant.includes('.') ? CONTOSO : tenant)),
    runSubscriptionSelector: (async (subscriptions: readonly {id: string}[]) => {
      fakes.calls.push(['runSubscriptionSelector', subscriptions.map((entry) => entry.id)])
      return subscriptions.find((entry) => entry.id === world.choose) ?? subscriptions[0]
    }) as SignInAuth['runSubscriptionSelector'],
    saveServicePrincipal: (async (entry, source) => {
      fakes.calls.push(['saveServicePrincipal', {entry, source}])
    }) as SignInAuth['saveServicePrincipal'],
    signInWithBrowser: record('signInWithBrowser', async () => userResult(ALICE)),
    signInWithDeviceCode: record('signInWithDeviceCode', async () => userResult(ALICE)),
    signInWithPassword: record('signInWithPassword', async () => userResult(ALICE)),
    skipDiscovery: record('skipDiscovery', async () => {
      throw new Error('world.override.skipDiscovery is not set')
    }),
    ...world.override,
  }
}

/** `az login <flags>` through signIn. */
function login(flags: LoginFlags, options: {auth?: SignInAuth; terminal?: Terminal} = {}) {
  return signIn(
    loginRequest(flags),
    options.terminal ?? terminal(),
    {identityEndpointCommand: 'az account identity-endpoint start'},
    options.auth ?? fakeAuth(),
  )
}

/** Stands for the active cloud in a table (it is made per test). */
const activeCloudOf = Symbol('the active cloud')

/** `request` with the active cloud filled in where a table says so. */
function expected(request: object): object {
  return Object.fromEntries(Object.entries(request).map(([key, value]) => [key, value === activeCloudOf ? activeCloud : value]))
}

const called = (name: string) => fakes.calls.filter(([call]) => call === name).map(([, argument]) => argument)
const profile = async () => (await service('profile')).listSubscriptions({allClouds: true})
const defaultId = async () => (await profile()).find((entry) => entry.isDefault)?.id

describe('signIn: what each method signs in with, stores and prints', () => {
  const alice: SubscriptionUser = {name: ALICE, type: 'user'}
  const automation: SubscriptionUser = {name: APP, type: 'servicePrincipal'}
  it.each<[string, LoginFlags, string, object, SubscriptionUser]>([
    ['the browser', {}, 'signInWithBrowser', {cloud: activeCloudOf, scopes: ARM_SCOPES, tenant: undefined}, alice],
    ['a device code', {'use-device-code': true}, 'signInWithDeviceCode', {cloud: activeCloudOf, scopes: ARM_SCOPES, tenant: undefined}, alice],
    ['a browser sign-in to one tenant', {tenant: 'contoso.example'}, 'signInWithBrowser', {scopes: ARM_SCOPES, tenant: CONTOSO}, alice],
    [
      'a username and password',
      {password: 'alice-password-1', username: ALICE},
      'signInWithPassword',
      {password: 'alice-password-1', scopes: ARM_SCOPES, username: ALICE},
      alice,
    ],
    [
      'a service principal and its secret',
      {password: 'app-secret', 'service-principal': true, tenant: CONTOSO, username: APP},
      'proveServicePrincipal',
      {entry: {client_id: APP, client_secret: 'app-secret', tenant: CONTOSO}, scopes: ARM_SCOPES},
      automation,
    ],
    [
      'a service principal and a federated token',
      {'federated-token': 'eyJ.fake.jwt', 'service-principal': true, tenant: CONTOSO, username: APP},
      'proveServicePrincipal',
      {entry: {client_assertion: 'eyJ.fake.jwt', client_id: APP, tenant: CONTOSO}},
      automation,
    ],
    [
      'a service principal and its certificate (SN+I)',
      {certificate: 'sp.pem', 'service-principal': true, tenant: CONTOSO, 'use-cert-sn-issuer': true, username: APP},
      'proveServicePrincipal',
      {entry: {certificate: join(process.cwd(), 'sp.pem'), client_id: APP, tenant: CONTOSO, use_cert_sn_issuer: true}},
      {...automation, useCertSNIssuerAuth: true},
    ],
  ])(
    '%s: stores what discovery found for that account, the first Enabled one the default, and prints az account list entries',
    async (_name, flags, flow, request, user) => {
      const printed = await login(flags)
      expect(called(flow)).toEqual([expect.objectContaining(expected(request))])
      const stored = await profile()
      expect(stored.map(({id, isDefault, user: storedUser}) => ({id, isDefault, user: storedUser}))).toEqual([
        {id: DEV, isDefault: true, user},
        {id: PROD, isDefault: false, user},
      ])
      expect(printed).toEqual(stored.map(({environmentName, ...entry}) => ({...entry, cloudName: environmentName})))
      expect(fakes.stdout).toBe('')
    },
  )

  it('a managed identity: discovery in the tenant of its token; the printed entries keep environmentName, as az prints them', async () => {
    const printed = await login({identity: true, 'client-id': 'mi-client'})
    expect(called('getManagedIdentityToken')).toEqual([{clientId: 'mi-client', kind: 'managed-identity', objectId: undefined, resourceId: undefined}])
    const [discovery] = called('discoverSubscriptions') as DiscoveryOptions[]
    expect(discovery).toMatchObject({
      tenant: CONTOSO,
      user: {assignedIdentityInfo: 'MSIClient-mi-client', name: 'userAssignedIdentity', type: 'servicePrincipal'},
    })
    expect(await discovery.tokenFor(undefined)).toBe('mi-arm-token')
    expect(printed).toEqual(await profile())
    expect(printed?.[0]).toHaveProperty('environmentName', 'AzureCloud')
  })

  it('a user: discovery asks for each tenant its own token through the refresh token, for ARM', async () => {
    await login({})
    const [discovery] = called('discoverSubscriptions') as DiscoveryOptions[]
    expect(discovery.tenant).toBeUndefined()
    expect(await discovery.tokenFor(undefined)).toBe(`user-token-for-${CONTOSO}`)
    expect(await discovery.tokenFor(FABRIKAM)).toBe(`user-token-for-${FABRIKAM}`)
    expect(called('getUserToken')).toEqual([
      expect.objectContaining({scopes: ARM_SCOPES, username: ALICE}),
      expect.objectContaining({scopes: ARM_SCOPES}),
    ])
  })

  it('a service principal is stored only after Entra ID answered its credential, with the source of its federated tokens made absolute', async () => {
    await login({'federated-token-file': 'token.jwt', 'service-principal': true, tenant: CONTOSO, username: APP})
    expect(fakes.calls.map(([name]) => name)).toEqual(['resolveTenant', 'proveServicePrincipal', 'saveServicePrincipal', 'discoverSubscriptions'])
    expect(called('saveServicePrincipal')).toEqual([
      {entry: {client_id: APP, tenant: CONTOSO}, source: {path: join(process.cwd(), 'token.jwt'), provider: 'file'}},
    ])
  })

  it('a service principal with --scope proves its credential for that scope, and discovers with a token for ARM', async () => {
    await login({password: 'app-secret', scope: ['https://graph.microsoft.com/.default'], 'service-principal': true, tenant: CONTOSO, username: APP})
    expect(called('proveServicePrincipal')).toEqual([expect.objectContaining({scopes: ['https://graph.microsoft.com/.default']})])
    const [discovery] = called('discoverSubscriptions') as DiscoveryOptions[]
    expect(await discovery.tokenFor(undefined)).toBe('sp-arm-token')
    expect(called('getServicePrincipalToken')).toEqual([expect.objectContaining({scopes: ARM_SCOPES})])
  })

  it("a username and password: today's az's warning first (Azure public cloud: MFA)", async () => {
    await login({password: 'alice-password-1', username: ALICE})
    expect(fakes.stderr).toMatch(/^WARNING: Starting September 1, 2025, MFA will be gradually enforced for Azure public cloud\./)
  })

  it('a missing password or secret is asked for on a terminal, and is an error without one; nothing signs in then', async () => {
    await login({username: ALICE}, {terminal: terminal({stdinIsTty: true})})
    expect(called('signInWithPassword')).toEqual([expect.objectContaining({password: 'typed-secret'})])
    expect(fakes.secretsAsked).toBe(1)

    fakes.calls = []
    const error = await rejection<CommandError>(login({'service-principal': true, tenant: CONTOSO, username: APP}))
    expect(error.message).toBe('Please specify both username and password in non-interactive mode.')
    expect(fakes.calls.map(([name]) => name)).toEqual(['resolveTenant'])
  })

  it('a device code is used where no browser can be opened', async () => {
    await login({}, {auth: fakeAuth({override: {canLaunchBrowser: () => false}})})
    expect(fakes.calls.map(([name]) => name)).toEqual(['signInWithDeviceCode', 'discoverSubscriptions'])
  })
})

describe('signIn and the subscription selector', () => {
  const three = (options: DiscoveryOptions) => ({
    subscriptions: [DEV, PROD, LEGACY].map((id, index) => subscription(id, `Contoso ${index}`, options.user)),
  })
  const onTerminal = {stdinIsTty: true, stdoutIsTty: true}

  it("interactively on a terminal: az's notice, no spinner, the selector over what was stored, its choice the default, nothing printed", async () => {
    const printed = await login({}, {auth: fakeAuth({choose: LEGACY, found: three}), terminal: terminal({...onTerminal, stderrIsTty: true})})
    expect(printed).toBeUndefined()
    expect(fakes.stdout).toBe('\nRetrieving tenants and subscriptions for the selection...\n')
    expect(fakes.progress).toEqual([])
    expect(called('runSubscriptionSelector')).toEqual([[DEV, PROD, LEGACY]])
    expect(await defaultId()).toBe(LEGACY)
  })

  it('names the tenant in the notice when --tenant was given', async () => {
    await login({tenant: 'contoso.example'}, {auth: fakeAuth({found: three}), terminal: terminal(onTerminal)})
    expect(fakes.stdout).toBe('\nRetrieving subscriptions for the selection...\n')
  })

  it.each<[string, LoginFlags, Partial<Terminal>, Record<string, boolean>]>([
    ['--subscription chose already', {subscription: PROD}, onTerminal, {}],
    ['core.login_experience_v2 is off', {}, onTerminal, {'core.login_experience_v2': false}],
    ['stdin is not a terminal', {}, {stdoutIsTty: true}, {}],
    ['stdout is not a terminal', {}, {stdinIsTty: true}, {}],
    ['a username and password', {password: 'p', username: ALICE}, onTerminal, {}],
  ])('is not shown when %s: the list is printed instead', async (_name, flags, tty, configured) => {
    settings = configured
    const printed = await login(flags, {auth: fakeAuth({found: three}), terminal: terminal(tty)})
    expect(called('runSubscriptionSelector')).toEqual([])
    expect(printed).toHaveLength(3)
    expect(fakes.stdout).toBe('')
    expect(await defaultId()).toBe(flags.subscription ?? DEV)
  })

  it('is not shown for a single subscription, though the notice was printed before it was known', async () => {
    const printed = await login(
      {},
      {terminal: terminal(onTerminal), auth: fakeAuth({found: (options) => ({subscriptions: [subscription(DEV, 'Contoso Dev', options.user)]})})},
    )
    expect(called('runSubscriptionSelector')).toEqual([])
    expect(printed).toHaveLength(1)
    expect(fakes.stdout).toBe('\nRetrieving tenants and subscriptions for the selection...\n')
  })

  it('without the selector, a spinner runs on a terminal stderr while subscriptions are found', async () => {
    await login({}, {terminal: terminal({stderrIsTty: true})})
    expect(fakes.progress).toEqual(['Retrieving tenants and subscriptions'])
  })
})

describe('signIn with --skip-subscription-discovery', () => {
  const skipped =
    (subscriptions: NewSubscription[], warnings: string[] = []) =>
    async () => ({duplicates: [], emptyTenants: [], failedTenants: [], subscriptions, warnings})
  const tenantLevel = (user: SubscriptionUser) => ({...subscription(CONTOSO, 'N/A(tenant level account)', user), tenantId: CONTOSO})
  const alice: SubscriptionUser = {name: ALICE, type: 'user'}

  it('reads only the subscription named, makes it the default, and lists nothing', async () => {
    const auth = fakeAuth({
      override: {
        skipDiscovery: async (options) => (fakes.calls.push(['skipDiscovery', options]), skipped([subscription(PROD, 'Contoso Prod', alice)])()),
      },
    })
    const printed = await login(
      {'skip-subscription-discovery': true, subscription: PROD, tenant: CONTOSO, 'use-device-code': true},
      {auth, terminal: terminal({stderrIsTty: true, stdinIsTty: true, stdoutIsTty: true})},
    )
    expect(called('discoverSubscriptions')).toEqual([])
    expect(called('skipDiscovery')).toEqual([expect.objectContaining({subscription: PROD, tenant: CONTOSO})])
    expect(printed?.map((entry) => entry.id)).toEqual([PROD])
    expect(await defaultId()).toBe(PROD)
    // Neither the selector's notice nor a spinner: nothing is being listed.
    expect(fakes.stdout).toBe('')
    expect(fakes.progress).toEqual([])
  })

  it('stores the tenant-level account skipDiscovery found instead of an unknown subscription, warns, and makes it the default', async () => {
    const warning =
      `Subscription '${LEGACY}' was not found in tenant '${CONTOSO}'. ` +
      'A tenant level account is stored instead, as --allow-no-subscriptions asks.'
    const auth = fakeAuth({override: {skipDiscovery: skipped([tenantLevel(alice)], [warning])}})
    const printed = await login(
      {'allow-no-subscriptions': true, 'skip-subscription-discovery': true, subscription: LEGACY, tenant: CONTOSO, 'use-device-code': true},
      {auth},
    )
    expect(printed?.map((entry) => entry.name)).toEqual(['N/A(tenant level account)'])
    expect(await defaultId()).toBe(CONTOSO)
    expect(fakes.stderr).toBe(`WARNING: ${warning}\n`)
  })
})

describe('signIn failures: nothing is stored', () => {
  it("discovery found no subscription: az's error and advice, after the warnings about the tenants", async () => {
    const auth = fakeAuth({found: () => ({emptyTenants: [{displayName: 'Fabrikam', tenantId: FABRIKAM}]})})
    const error = await rejection<CommandError>(login({}, {auth}))
    expect(error).toBeInstanceOf(CommandError)
    expect(error.message).toBe(`No subscriptions found for ${ALICE}.`)
    expect(error.recommendations).toEqual(['Use `az login --allow-no-subscriptions` to sign in to tenants without subscriptions.'])
    expect(fakes.stderr).toContain(
      `WARNING: The following tenants don't contain accessible subscriptions. ` +
        `Use \`az login --allow-no-subscriptions\` to have tenant level access.\n${FABRIKAM} 'Fabrikam'\n`,
    )
    expect(await profile()).toEqual([])
  })

  it('the sign-in returned no account', async () => {
    const error = await rejection<CommandError>(login({}, {auth: fakeAuth({override: {signInWithBrowser: async () => userResult(undefined)}})}))
    expect(error.message).toBe('The sign-in returned no account.')
    expect(await profile()).toEqual([])
  })

  it('Entra ID refused the service principal: its credential is not stored', async () => {
    const refused = new CommandError('AADSTS7000215: Invalid client secret provided.')
    const error = await rejection<CommandError>(
      login(
        {password: 'wrong', 'service-principal': true, tenant: CONTOSO, username: APP},
        {auth: fakeAuth({override: {proveServicePrincipal: async () => Promise.reject(refused)}})},
      ),
    )
    expect(error).toBe(refused)
    expect(called('saveServicePrincipal')).toEqual([])
    expect(await profile()).toEqual([])
  })

  it('the cloud lacks the ARM endpoint: said before anything signs in', async () => {
    activeCloud = cloud({active_directory: 'https://login.microsoftonline.com', active_directory_resource_id: ARM})
    const error = await rejection<CommandError>(login({}))
    expect(error.message).toBe("The endpoint 'resource_manager' for the cloud 'AzureCloud' is not set but is used.")
    expect(fakes.calls).toEqual([])
  })

  it('no managed identity endpoint answered: the advice also names the local identity endpoint', async () => {
    const unreachable = new ManagedIdentityUnreachableError('No managed identity endpoint answered.', {
      recommendations: ['Run az login with another method.'],
    })
    const auth = fakeAuth({override: {getManagedIdentityToken: async () => Promise.reject(unreachable)}})
    const error = await rejection<CommandError>(login({identity: true}, {auth}))
    expect(error.recommendations).toEqual([
      'Run az login with another method.',
      'To use an account you are signed in with elsewhere (the host of this container, your workstation), ' +
        'run `az account identity-endpoint start` there and set the IDENTITY_ENDPOINT and IDENTITY_HEADER it prints here.',
    ])
    expect(await profile()).toEqual([])
  })
})
