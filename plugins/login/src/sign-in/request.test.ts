import {describe, expect, it} from '@jest/globals'

import {isAzError} from '@azx/core'

import {loginRequest} from './request.js'
import type {LoginFlags} from './request.js'

const IDENTITY_WITH_OTHERS = "usage error: '--identity' is not applicable with other arguments"
const IDENTITY_USERNAME =
  'Passing the managed identity ID with --username is no longer supported. Use --client-id, --object-id or --resource-id instead.'
const DEVICE_CODE_WITH_OTHERS = "usage error: '--use-device-code' is not applicable with other arguments"
const SN_ISSUER = "usage error: '--use-sn-issuer' is only applicable with a service principal"
const SERVICE_PRINCIPAL = 'usage error: --service-principal --username NAME --password SECRET --tenant TENANT'
const SELECTORS_WITHOUT_IDENTITY = 'usage error: --client-id, --object-id and --resource-id are only applicable with --identity'
const ONE_SELECTOR = 'Usage error: Provide only one of --client-id, --object-id, --resource-id.'
const ONE_CREDENTIAL =
  'usage error: give only one of --password, --certificate, --federated-token, --federated-token-file and --federated-token-provider'
const SP_CREDENTIALS_ONLY = 'usage error: --certificate and the --federated-token options are only applicable with --service-principal'

const APP = '30000000-0000-4000-8000-000000000001'
const TENANT = '10000000-0000-4000-8000-000000000001'
const sp = {'service-principal': true, tenant: TENANT, username: APP} satisfies LoginFlags

/** The error loginRequest throws for `flags`: az's text, exit code 1 (az raises CLIError), recommendations. */
function usageError(flags: LoginFlags): {exitCode: number; message: string; recommendations: string[]} {
  try {
    loginRequest(flags)
  } catch (error) {
    if (!isAzError(error)) throw error
    return {exitCode: error.exitCode, message: error.message, recommendations: error.recommendations}
  }

  throw new Error(`accepted: ${JSON.stringify(flags)}`)
}

describe('loginRequest: the usage errors, with az texts and exit code 1', () => {
  it.each<[string, LoginFlags, string]>([
    ['--identity with --password', {identity: true, password: 'secret'}, IDENTITY_WITH_OTHERS],
    ['--identity with --service-principal', {identity: true, 'service-principal': true, username: APP}, IDENTITY_WITH_OTHERS],
    ['--identity with --tenant', {identity: true, tenant: TENANT}, IDENTITY_WITH_OTHERS],
    ['--identity with --username', {identity: true, username: APP}, IDENTITY_USERNAME],
    ['--use-device-code with --password', {password: 'secret', 'use-device-code': true}, DEVICE_CODE_WITH_OTHERS],
    ['--use-device-code with --username', {'use-device-code': true, username: 'alice@contoso.example'}, DEVICE_CODE_WITH_OTHERS],
    ['--use-device-code with --service-principal', {...sp, password: 'secret', 'use-device-code': true}, DEVICE_CODE_WITH_OTHERS],
    ['--use-device-code with --identity', {identity: true, 'use-device-code': true}, DEVICE_CODE_WITH_OTHERS],
    ['--use-cert-sn-issuer without --service-principal', {certificate: 'sp.pem', 'use-cert-sn-issuer': true, username: APP}, SN_ISSUER],
    ['--service-principal without --username', {password: 'secret', 'service-principal': true, tenant: TENANT}, SERVICE_PRINCIPAL],
    ['--client-id without --identity', {'client-id': APP}, SELECTORS_WITHOUT_IDENTITY],
    ['--object-id without --identity', {'object-id': APP}, SELECTORS_WITHOUT_IDENTITY],
    ['--resource-id without --identity', {'resource-id': '/subscriptions/x/rg/y'}, SELECTORS_WITHOUT_IDENTITY],
    ['--client-id and --object-id', {'client-id': APP, identity: true, 'object-id': APP}, ONE_SELECTOR],
    ['--object-id and --resource-id', {identity: true, 'object-id': APP, 'resource-id': '/subscriptions/x'}, ONE_SELECTOR],
    ['all three identity selectors', {'client-id': APP, identity: true, 'object-id': APP, 'resource-id': '/subscriptions/x'}, ONE_SELECTOR],
    ['--password and --certificate', {...sp, certificate: 'sp.pem', password: 'secret'}, ONE_CREDENTIAL],
    ['--password and --federated-token', {...sp, 'federated-token': 'jwt', password: 'secret'}, ONE_CREDENTIAL],
    ['--certificate and --federated-token', {...sp, certificate: 'sp.pem', 'federated-token': 'jwt'}, ONE_CREDENTIAL],
    ['--certificate without --service-principal', {certificate: 'sp.pem', username: APP}, SP_CREDENTIALS_ONLY],
    ['--federated-token without --service-principal', {'federated-token': 'jwt', username: APP}, SP_CREDENTIALS_ONLY],
    ['--certificate alone', {certificate: 'sp.pem'}, SP_CREDENTIALS_ONLY],
    ['--federated-token-file and --password', {...sp, 'federated-token-file': '/var/run/token', password: 'secret'}, ONE_CREDENTIAL],
    ['--federated-token-provider and --federated-token', {...sp, 'federated-token': 'jwt', 'federated-token-provider': 'github'}, ONE_CREDENTIAL],
    [
      '--federated-token-file and --federated-token-provider',
      {...sp, 'federated-token-file': 'token', 'federated-token-provider': 'github'},
      ONE_CREDENTIAL,
    ],
    ['--federated-token-file without --service-principal', {'federated-token-file': 'token', tenant: TENANT, username: APP}, SP_CREDENTIALS_ONLY],
    ['--federated-token-provider without --service-principal', {'federated-token-provider': 'github', username: APP}, SP_CREDENTIALS_ONLY],
  ])('%s', (_, flags, message) => {
    expect(usageError(flags)).toEqual({exitCode: 1, message, recommendations: []})
  })

  it('a service principal without --tenant, saying why', () => {
    expect(usageError({password: 'secret', 'service-principal': true, username: APP})).toEqual({
      exitCode: 1,
      message: SERVICE_PRINCIPAL,
      recommendations: ['The tenant must be provided when using a service principal.'],
    })
  })

  it("--skip-subscription-discovery without --tenant: today's az's error, with or without --subscription", () => {
    const message = "'--skip-subscription-discovery' requires '--tenant'"
    expect(usageError({'skip-subscription-discovery': true})).toEqual({exitCode: 1, message, recommendations: []})
    expect(usageError({'skip-subscription-discovery': true, subscription: '50000000-0000-4000-8000-000000000001'}).message).toBe(message)
    expect(usageError({password: 'secret', 'skip-subscription-discovery': true, username: 'alice@contoso.example'}).message).toBe(message)
  })

  it('--skip-subscription-discovery with a subscription name: it reads a subscription by ID only', () => {
    expect(usageError({'skip-subscription-discovery': true, subscription: 'Contoso Prod', tenant: TENANT})).toEqual({
      exitCode: 1,
      message: "'--subscription' must be a subscription ID with '--skip-subscription-discovery', not a name: 'Contoso Prod'.",
      recommendations: ['Give the subscription ID, or leave out --skip-subscription-discovery to find the subscription by name.'],
    })
  })

  it.each<[string, LoginFlags]>([
    ['--identity', {identity: true}],
    ['--service-principal', {...sp, password: 'secret'}],
    ['--username', {password: 'secret', username: 'alice@contoso.example'}],
  ])('--claims-challenge with %s: only interactive sign-ins take claims', (_, flags) => {
    expect(usageError({...flags, 'claims-challenge': 'e30='}).message).toBe(
      "usage error: '--claims-challenge' is only applicable to an interactive sign-in (browser, device code or broker)",
    )
  })

  it.each(['not base64!', Buffer.from('not json').toString('base64'), Buffer.from('[1]').toString('base64'), ''])(
    '--claims-challenge %j that is not base64 JSON',
    (value) => {
      expect(usageError({'claims-challenge': value})).toEqual({
        exitCode: 1,
        message:
          "usage error: '--claims-challenge' must be the base64-encoded claims challenge that a resource returned in its WWW-Authenticate header.",
        recommendations: ['Copy it from the `az login ... --claims-challenge "..."` command that the failed command printed.'],
      })
    },
  )

  it('checks --identity before --use-device-code, as az does', () => {
    expect(usageError({identity: true, password: 'secret', 'use-device-code': true}).message).toBe(IDENTITY_WITH_OTHERS)
  })
})

describe('loginRequest: what it accepts', () => {
  const none = {allowNoSubscriptions: false, scopes: undefined, skipSubscriptionDiscovery: false, subscription: undefined, tenant: undefined}

  it('no flags: the interactive sign-in, in a browser where one can be opened', () => {
    expect(loginRequest({})).toEqual({...none, method: {kind: 'interactive', useDeviceCode: false}})
  })

  it('--use-device-code with --tenant, --scope, --subscription and --allow-no-subscriptions', () => {
    expect(
      loginRequest({
        'allow-no-subscriptions': true,
        scope: ['https://graph.microsoft.com//.default'],
        subscription: 'Contoso Prod',
        tenant: 'contoso.example',
        'use-device-code': true,
      }),
    ).toEqual({
      allowNoSubscriptions: true,
      method: {kind: 'interactive', useDeviceCode: true},
      scopes: ['https://graph.microsoft.com//.default'],
      skipSubscriptionDiscovery: false,
      subscription: 'Contoso Prod',
      tenant: 'contoso.example',
    })
  })

  it('--claims-challenge: the decoded claims go with the interactive sign-in, browser or device code', () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}'
    const base64 = Buffer.from(claims).toString('base64')
    expect(loginRequest({'claims-challenge': base64, tenant: TENANT}).method).toEqual({claims, kind: 'interactive', useDeviceCode: false})
    expect(loginRequest({'claims-challenge': Buffer.from(claims).toString('base64url'), 'use-device-code': true}).method).toEqual({
      claims,
      kind: 'interactive',
      useDeviceCode: true,
    })
  })

  it('--skip-subscription-discovery with --tenant, alone or with a subscription ID', () => {
    expect(loginRequest({'skip-subscription-discovery': true, tenant: TENANT})).toEqual({
      ...none,
      method: {kind: 'interactive', useDeviceCode: false},
      skipSubscriptionDiscovery: true,
      tenant: TENANT,
    })
    expect(
      loginRequest({...sp, password: 'secret', 'skip-subscription-discovery': true, subscription: '50000000-0000-4000-8000-000000000001'}),
    ).toMatchObject({
      skipSubscriptionDiscovery: true,
      subscription: '50000000-0000-4000-8000-000000000001',
    })
  })

  it('--username with or without --password: a password sign-in (the password is asked for later)', () => {
    expect(loginRequest({password: 'secret', username: 'alice@contoso.example'}).method).toEqual({
      kind: 'password',
      password: 'secret',
      username: 'alice@contoso.example',
    })
    expect(loginRequest({tenant: TENANT, username: 'alice@contoso.example'})).toEqual({
      ...none,
      method: {kind: 'password', password: undefined, username: 'alice@contoso.example'},
      tenant: TENANT,
    })
  })

  it('a service principal with a secret, a certificate (with or without SN+I), a federated token, or nothing yet', () => {
    const method = (flags: LoginFlags) => loginRequest({...sp, ...flags}).method
    const base = {
      certificate: undefined,
      clientId: APP,
      federatedToken: undefined,
      federatedTokenSource: undefined,
      kind: 'service-principal',
      secret: undefined,
      useCertSnIssuer: false,
    }
    expect(method({password: 'secret'})).toEqual({...base, secret: 'secret'})
    expect(method({certificate: '~/sp.pem'})).toEqual({...base, certificate: '~/sp.pem'})
    expect(method({certificate: '~/sp.pem', 'use-cert-sn-issuer': true})).toEqual({...base, certificate: '~/sp.pem', useCertSnIssuer: true})
    expect(method({'federated-token': 'jwt'})).toEqual({...base, federatedToken: 'jwt'})
    expect(method({})).toEqual(base)
    expect(loginRequest({...sp, password: 'secret', scope: ['api://app/.default']})).toMatchObject({scopes: ['api://app/.default'], tenant: TENANT})
  })

  it('a service principal whose federated tokens come from a file, GitHub Actions or Azure Pipelines', () => {
    const source = (flags: LoginFlags, env: NodeJS.ProcessEnv = {}) =>
      (loginRequest({...sp, ...flags}, env).method as {federatedTokenSource?: unknown}).federatedTokenSource
    expect(source({'federated-token-file': '~/token'})).toEqual({path: '~/token', provider: 'file'})
    expect(source({'federated-token-provider': 'github'})).toEqual({provider: 'github'})
    expect(source({'federated-token-provider': 'azure-pipelines'}, {AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'connection'})).toEqual({
      provider: 'azure-pipelines',
      serviceConnectionId: 'connection',
    })
  })

  it('Azure Pipelines without the service connection in AZURESUBSCRIPTION_SERVICE_CONNECTION_ID', () => {
    let error: unknown
    try {
      loginRequest({...sp, 'federated-token-provider': 'azure-pipelines'}, {})
    } catch (thrown) {
      error = thrown
    }

    expect(isAzError(error) && {exitCode: error.exitCode, message: error.message}).toEqual({
      exitCode: 1,
      message:
        'usage error: --federated-token-provider azure-pipelines needs the ID of the service connection in AZURESUBSCRIPTION_SERVICE_CONNECTION_ID',
    })
  })

  it('--identity alone or with one of --client-id, --object-id, --resource-id', () => {
    const base = {clientId: undefined, kind: 'managed-identity', objectId: undefined, resourceId: undefined}
    expect(loginRequest({identity: true})).toEqual({...none, method: base})
    expect(loginRequest({'client-id': APP, identity: true}).method).toEqual({...base, clientId: APP})
    expect(loginRequest({identity: true, 'object-id': APP}).method).toEqual({...base, objectId: APP})
    expect(loginRequest({identity: true, 'resource-id': '/subscriptions/x/id'}).method).toEqual({...base, resourceId: '/subscriptions/x/id'})
    expect(loginRequest({'allow-no-subscriptions': true, identity: true})).toMatchObject({allowNoSubscriptions: true, method: base})
  })
})
