import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {CloudService} from '../clouds/service.js'
import {configureLogging} from '../logger/index.js'
import {SettingsService} from '../settings/index.js'
import {ProfileService} from './service.js'
import {toAccountListEntry} from './subscription.js'
import type {NewSubscription} from './types.js'

/**
 * azureProfile.json as az 2.45 writes it (bytes taken from a file az wrote): four subscriptions in
 * two clouds, with the given isDefault flags.
 */
function azProfile(defaults: [boolean, boolean, boolean, boolean]): string {
  const entry = (id: string, name: string, state: string, isDefault: boolean, cloud: string): string =>
    `{"id": "${id}", "name": "${name}", "state": "${state}", "user": {"name": "bob@contoso.com", "type": "user"}, "isDefault": ${isDefault}, ` +
    `"tenantId": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", "environmentName": "${cloud}", ` +
    '"homeTenantId": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", "managedByTenants": []}'
  const entries = [
    entry('11111111-1111-1111-1111-111111111111', 'Dev Sub', 'Enabled', defaults[0], 'AzureCloud'),
    entry('22222222-2222-2222-2222-222222222222', String.raw`Prod S\u00fcb`, 'Disabled', defaults[1], 'AzureCloud'),
    entry('33333333-3333-3333-3333-333333333333', 'China Sub', 'Enabled', defaults[2], 'AzureChinaCloud'),
    entry('44444444-4444-4444-4444-444444444444', 'dev sub', 'Enabled', defaults[3], 'AzureChinaCloud'),
  ]
  return `\uFEFF{"installationId": "x-y", "subscriptions": [${entries.join(', ')}]}`
}

const XPLAT_PROFILE = JSON.stringify(
  {
    environments: [],
    subscriptions: [
      {
        id: '11111111-2222-3333-4444-555555555555',
        managementCertificate: {cert: 'CERT', key: '-----BEGIN RSA PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END RSA PRIVATE KEY-----\n'},
        name: 'Contoso Dev',
      },
    ],
  },
  null,
  4,
)

/** A subscription as a login finds it, keys deliberately out of az's order. */
function found(id: string, name: string, state = 'Enabled', user = 'alice@contoso.com'): NewSubscription {
  return {
    environmentName: 'AzureCloud',
    homeTenantId: 'tenant-1',
    id,
    managedByTenants: [],
    name,
    state,
    tenantId: 'tenant-1',
    user: {type: 'user', name: user},
  }
}

let root: string
let env: NodeJS.ProcessEnv
let warnings: string[]
let clouds: CloudService
let profile: ProfileService

const dir = (): string => join(root, 'azure')
const profileText = (): string => readFileSync(join(dir(), 'azureProfile.json'), 'utf8')
const cloudsText = (): string => readFileSync(join(dir(), 'clouds.config'), 'utf8')

function seed(text: string): void {
  mkdirSync(dir(), {recursive: true})
  writeFileSync(join(dir(), 'azureProfile.json'), text)
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'azx-profile-'))
  env = {AZURE_CONFIG_DIR: dir()}
  warnings = []
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false, write: (text) => warnings.push(text)})
  clouds = new CloudService({env, settings: new SettingsService(env)})
  profile = new ProfileService({clouds, env})
})

afterEach(() => {
  rmSync(root, {force: true, recursive: true})
})

describe('reading', () => {
  it('has no subscriptions and writes nothing when there is no file', async () => {
    expect(await profile.read()).toEqual({subscriptions: []})
    expect(await profile.listSubscriptions()).toEqual([])
    expect(readdirSync(root)).toEqual([])
  })

  it('lists the active cloud, one cloud, or every cloud', async () => {
    seed(azProfile([true, false, true, false]))
    expect((await profile.listSubscriptions()).map((s) => s.name)).toEqual(['Dev Sub', 'Prod Süb'])
    expect((await profile.listSubscriptions({cloud: 'AzureChinaCloud'})).map((s) => s.name)).toEqual(['China Sub', 'dev sub'])
    expect(await profile.listSubscriptions({allClouds: true})).toHaveLength(4)
    expect((await profile.defaultSubscription())?.id).toBe('11111111-1111-1111-1111-111111111111')
    expect((await profile.defaultSubscription('AzureChinaCloud'))?.id).toBe('33333333-3333-3333-3333-333333333333')
  })

  it('reads the file without its BOM too', async () => {
    seed(azProfile([true, false, true, false]).slice(1))
    expect(await profile.listSubscriptions({allClouds: true})).toHaveLength(4)
  })
})

describe('getSubscription', () => {
  it('finds by ID or name in any casing, in the active cloud only', async () => {
    seed(azProfile([true, false, true, false]))
    expect((await profile.getSubscription()).name).toBe('Dev Sub')
    expect((await profile.getSubscription('PROD SÜB')).id).toBe('22222222-2222-2222-2222-222222222222')
    expect((await profile.getSubscription('22222222-2222-2222-2222-222222222222')).name).toBe('Prod Süb')
    await expect(profile.getSubscription('China Sub')).rejects.toThrow(
      "Subscription 'China Sub' not found. Check the spelling and casing and try again.",
    )
  })

  it("gives az's errors for no account and no default", async () => {
    await expect(profile.getSubscription()).rejects.toMatchObject({exitCode: 1, message: "Please run 'az login' to setup account."})
    seed(azProfile([false, false, true, false]))
    await expect(profile.getSubscription()).rejects.toThrow("No subscription found. Run 'az account set' to select a subscription.")
  })

  it('refuses an ambiguous name and lists the matching IDs', async () => {
    await profile.saveSubscriptions([found('id-1', 'Same'), found('id-2', 'same')])
    await expect(profile.getSubscription('SAME')).rejects.toMatchObject({
      message: "Multiple subscriptions with the name 'SAME' found. Specify the subscription ID.",
      recommendations: ["Subscriptions that match in cloud 'AzureCloud':", '  id-1  Same', '  id-2  same'],
    })
  })
})

describe('setDefaultSubscription', () => {
  it('rewrites the file byte for byte as az does and records the choice in clouds.config', async () => {
    seed(azProfile([true, false, true, false]))
    const chosen = await profile.setDefaultSubscription('prod süb')
    expect(chosen.id).toBe('22222222-2222-2222-2222-222222222222')
    // As az: the defaults of every cloud are cleared, not only the active cloud's.
    expect(profileText()).toBe(azProfile([false, true, false, false]))
    expect(cloudsText()).toBe('[AzureCloud]\nsubscription = 22222222-2222-2222-2222-222222222222\n\n')
  })

  it("gives az's errors, with the value lowercased, and lists the IDs of several matches", async () => {
    seed(azProfile([true, false, true, false]))
    await expect(profile.setDefaultSubscription('China Sub')).rejects.toThrow("The subscription of 'china sub' doesn't exist in cloud 'AzureCloud'.")
    await profile.saveSubscriptions([found('id-1', 'Twin'), found('id-2', 'TWIN')])
    await expect(profile.setDefaultSubscription('Twin')).rejects.toMatchObject({
      message: "The subscription of 'twin' has more than one match in cloud 'AzureCloud'.",
      recommendations: ["Subscriptions that match in cloud 'AzureCloud':", '  id-1  Twin', '  id-2  TWIN'],
    })
  })

  it('keeps the mode of an existing file', async () => {
    seed(azProfile([true, false, true, false]))
    chmodSync(join(dir(), 'azureProfile.json'), 0o600)
    await profile.setDefaultSubscription('Dev Sub')
    expect(statSync(join(dir(), 'azureProfile.json')).mode & 0o777).toBe(0o600)
  })
})

describe('saveSubscriptions', () => {
  it("stores a login's subscriptions in az's key order, the first Enabled one as default", async () => {
    const chosen = await profile.saveSubscriptions([found('id-1', 'Off', 'Disabled'), found('id-2', 'Ünïcode')])
    expect(chosen?.id).toBe('id-2')
    expect(profileText()).toBe(
      '\uFEFF{"subscriptions": [' +
        '{"id": "id-1", "name": "Off", "state": "Disabled", "user": {"name": "alice@contoso.com", "type": "user"}, "isDefault": ' +
        'false, "tenantId": "tenant-1", "environmentName": "AzureCloud", "homeTenantId": "tenant-1", "managedByTenants": []}, ' +
        String.raw`{"id": "id-2", "name": "\u00dcn\u00efcode", "state": "Enabled", "user": {"name": ` +
        String.raw`"alice@contoso.com", "type": "user"}, "isDefault": true, "tenantId": "tenant-1", ` +
        String.raw`"environmentName": "AzureCloud", "homeTenantId": "tenant-1", "managedByTenants": []}]}`,
    )
    expect(statSync(join(dir(), 'azureProfile.json')).mode & 0o777).toBe(0o644)
    expect(cloudsText()).toBe('[AzureCloud]\nsubscription = id-2\n\n')
  })

  it('merges by ID, keeps the previous default when it is found again, and keeps installationId', async () => {
    seed(azProfile([false, true, true, false]))
    const chosen = await profile.saveSubscriptions([
      found('new-1', 'New'),
      {...found('22222222-2222-2222-2222-222222222222', 'Prod renamed'), state: 'Enabled'},
    ])
    expect(chosen?.name).toBe('Prod renamed')
    const document = await profile.read()
    expect(document.installationId).toBe('x-y')
    expect(document.subscriptions.map((s) => [s.id.slice(0, 5), s.name, s.isDefault])).toEqual([
      ['11111', 'Dev Sub', false],
      ['22222', 'Prod renamed', true],
      ['33333', 'China Sub', false],
      ['44444', 'dev sub', false],
      ['new-1', 'New', false],
    ])
  })

  it('replaces everything with merge: false and picks a new default when the old one is gone', async () => {
    seed(azProfile([true, false, true, false]))
    const chosen = await profile.saveSubscriptions([found('a', 'A', 'Disabled'), found('b', 'B', 'Disabled')], {merge: false})
    expect(chosen?.id).toBe('a')
    expect((await profile.listSubscriptions({allClouds: true})).map((s) => [s.id, s.isDefault])).toEqual([
      ['a', true],
      ['b', false],
    ])
  })
})

describe('removeUser and clear', () => {
  it('removes every subscription of a user in every cloud, any casing', async () => {
    seed(azProfile([true, false, true, false]))
    await profile.saveSubscriptions([found('alice-1', 'Alice')])
    const removed = await profile.removeUser('BOB@contoso.com')
    expect(removed.map((s) => s.id.slice(0, 5))).toEqual(['11111', '22222', '33333', '44444'])
    expect((await profile.listSubscriptions({allClouds: true})).map((s) => s.id)).toEqual(['alice-1'])
  })

  it('clears the subscriptions and keeps installationId, as az', async () => {
    seed(azProfile([true, false, true, false]))
    await profile.clear()
    expect(profileText()).toBe('\uFEFF{"installationId": "x-y", "subscriptions": []}')
  })
})

describe('a file that cannot be used', () => {
  it('makes reads fail with the file, the problem and what to do, and is left as it is', async () => {
    seed('{"subscriptions": [')
    await expect(profile.listSubscriptions()).rejects.toMatchObject({
      exitCode: 1,
      message: `The file '${join(dir(), 'azureProfile.json')}' cannot be used: it is not valid JSON (line 1, column 20).`,
      recommendations: [
        "Run 'az login' to sign in again: azx then keeps this file beside it under a new name and starts a new one.",
        'Or repair the JSON by hand and run the command again.',
      ],
    })
    await expect(profile.setDefaultSubscription('x')).rejects.toThrow('cannot be used: it is not valid JSON')
    expect(profileText()).toBe('{"subscriptions": [')
  })

  it('is kept beside a new file, with a warning, by a change that replaces it', async () => {
    seed('{"subscriptions": [')
    await profile.saveSubscriptions([found('id-1', 'One')])
    const kept = readdirSync(dir()).filter((name) => name.startsWith('azureProfile.json.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(dir(), kept[0]), 'utf8')).toBe('{"subscriptions": [')
    expect(warnings).toEqual([
      `WARNING: The file '${join(dir(), 'azureProfile.json')}' could not be used (it is not valid JSON (line 1, ` +
        `column 20)); it has been kept as '${join(dir(), kept[0])}' and a new one has been started.\n`,
    ])
    expect((await profile.getSubscription()).id).toBe('id-1')
  })

  it('names a file of the xplat CLI and its private key without printing the key', async () => {
    seed(XPLAT_PROFILE)
    const path = join(dir(), 'azureProfile.json')
    let error: {message: string; recommendations: string[]} | undefined
    await profile.listSubscriptions().catch((caught) => (error = caught))
    expect(error?.message).toBe(
      `The file '${path}' cannot be used: it was written by the older Azure xplat CLI ('azure'), whose format az cannot read.`,
    )
    expect(error?.recommendations).toEqual([
      "Run 'az login' to sign in again: azx then keeps this file beside it under a new name and starts a new one.",
      `'${path}' holds a management certificate's private key in plain text: delete it once you no longer need that certificate.`,
    ])
    await profile.clear()
    expect(warnings.join('')).not.toContain('SECRETKEYMATERIAL')
    expect(warnings[1]).toMatch(/^WARNING: '.*azureProfile\.json\.corrupt-[^']+' holds a management certificate's private key in plain text/)
    expect(profileText()).toBe('\uFEFF{"subscriptions": []}')
  })
})

describe('switchCloud', () => {
  it("switches to the cloud's recorded subscription, or its first Enabled one", async () => {
    seed(azProfile([true, false, false, false]))
    await expect(profile.switchCloud('azurechinacloud')).resolves.toMatchObject({
      changed: true,
      cloud: {name: 'AzureChinaCloud'},
      subscription: {id: '33333333-3333-3333-3333-333333333333'},
    })
    await profile.setDefaultSubscription('dev sub')
    await profile.switchCloud('AzureCloud')
    await expect(profile.switchCloud('AzureChinaCloud')).resolves.toMatchObject({subscription: {id: '44444444-4444-4444-4444-444444444444'}})
    expect(await clouds.activeCloudName()).toBe('AzureChinaCloud')
  })

  it('reports a recorded subscription that is no longer stored, and a cloud without any', async () => {
    await clouds.setSubscriptionOf('AzureChinaCloud', 'gone')
    await expect(profile.switchCloud('AzureChinaCloud')).resolves.toEqual(
      expect.objectContaining({changed: true, subscriptionError: "The subscription of 'gone' doesn't exist in cloud 'AzureChinaCloud'."}),
    )
    const outcome = await profile.switchCloud('AzureUSGovernment')
    expect(outcome).toMatchObject({changed: true, cloud: {name: 'AzureUSGovernment'}})
    expect(outcome.subscription).toBeUndefined()
    expect(outcome.subscriptionError).toBeUndefined()
    await expect(profile.switchCloud('azureusgovernment')).resolves.toMatchObject({changed: false})
  })

  it('switches the cloud even when the profile cannot be used, and reports why no subscription was chosen', async () => {
    seed('{"subscriptions": [')
    const outcome = await profile.switchCloud('AzureChinaCloud')
    expect(outcome).toMatchObject({changed: true, cloud: {name: 'AzureChinaCloud'}})
    expect(outcome.subscriptionError).toMatch(/^The file '.*azureProfile\.json' cannot be used: it is not valid JSON/)
    expect(await clouds.activeCloudName()).toBe('AzureChinaCloud')
  })
})

describe('toAccountListEntry', () => {
  it('renames environmentName to cloudName and moves it last, as az account list does', () => {
    const entry = toAccountListEntry({...found('id', 'N'), isDefault: true})
    expect(Object.keys(entry)).toEqual(['homeTenantId', 'id', 'managedByTenants', 'name', 'state', 'tenantId', 'user', 'isDefault', 'cloudName'])
    expect(entry.cloudName).toBe('AzureCloud')
  })
})
