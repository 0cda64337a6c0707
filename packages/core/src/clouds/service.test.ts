import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {configureLogging} from '../logger/index.js'
import {SettingsService} from '../settings/index.js'
import {CloudService} from './service.js'

const AD_ENDPOINTS = {
  active_directory: 'https://login.example.com',
  active_directory_graph_resource_id: 'https://graph.example.com/',
  active_directory_resource_id: 'https://mgmt.example.com/',
  resource_manager: 'https://rm.example.com/',
}

let root: string
let env: NodeJS.ProcessEnv
let warnings: string[]

function clouds(fetchImpl?: typeof fetch): CloudService {
  return new CloudService({env, fetch: fetchImpl, settings: new SettingsService(env)})
}

function cloudsConfig(): string {
  return readFileSync(join(root, 'azure', 'clouds.config'), 'utf8')
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'azx-clouds-'))
  env = {AZURE_CONFIG_DIR: join(root, 'azure')}
  warnings = []
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false, write: (text) => warnings.push(text)})
})

afterEach(() => {
  rmSync(root, {force: true, recursive: true})
})

describe('listing', () => {
  it('lists the three built-in clouds, AzureCloud active, without writing anything', async () => {
    const list = await clouds().list()
    expect(list.map((cloud) => [cloud.name, cloud.profile, cloud.isActive])).toEqual([
      ['AzureCloud', 'latest', true],
      ['AzureChinaCloud', 'latest', false],
      ['AzureUSGovernment', 'latest', false],
    ])
    expect(list[0].endpoints.active_directory).toBe('https://login.microsoftonline.com')
    expect(list[1].endpoints.active_directory_data_lake_resource_id).toBeUndefined()
    expect(list[2].suffixes.storage_sync_endpoint).toBe('afs.azure.us')
    expect(() => statSync(join(root, 'azure'))).toThrow()
  })

  it('applies clouds.config over built-in clouds and falls back to the resource manager for management', async () => {
    const service = clouds()
    mkdirSync(join(root, 'azure'))
    writeFileSync(
      service.path,
      '[AzureCloud]\nsubscription = sub-1\nendpoint_portal = https://p\n\n[Stack]\n' +
        'endpoint_resource_manager = https://rm.stack/\nendpoint_foo_bar = https://extra\n\n',
    )
    const azure = await service.get('AzureCloud')
    expect(azure.endpoints.portal).toBe('https://p')
    expect(azure.endpoints.management).toBe('https://management.core.windows.net/')
    const stack = await service.get('Stack')
    expect(stack.endpoints).toEqual({foo_bar: 'https://extra', management: 'https://rm.stack/', resource_manager: 'https://rm.stack/'})
    expect(stack.profile).toBe('latest')
    expect(await service.subscriptionOf('AzureCloud')).toBe('sub-1')
  })

  it('uses the sign-in and ARM endpoints with their default port dropped, and keeps clouds.config as written', async () => {
    const service = clouds()
    const written = {
      active_directory: 'https://Login.Contoso.Example:443/',
      active_directory_graph_resource_id: 'https://graph.contoso.example:443/',
      active_directory_resource_id: 'https://management.contoso.example:443/',
      resource_manager: 'https://Management.Contoso.Example:443/',
    }
    await service.register('Sovereign', {endpoints: written})
    const file = cloudsConfig()
    const cloud = await service.get('Sovereign')
    expect(cloud.endpoints.active_directory).toBe('https://login.contoso.example')
    expect(cloud.endpoints.resource_manager).toBe('https://management.contoso.example/')
    // Token audiences stay as written, as az sends them.
    expect(cloud.endpoints.active_directory_resource_id).toBe('https://management.contoso.example:443/')
    expect(file).toContain('endpoint_active_directory = https://Login.Contoso.Example:443/\n')
    await service.update('Sovereign', {profile: 'latest'})
    expect(cloudsConfig()).toBe(file.replace(/\n\n$/, '\nprofile = latest\n\n'))
    expect(cloud.writtenEndpoints).toMatchObject(written)
  })

  it("names an unknown profile with az's message, but only for the cloud that has it", async () => {
    const service = clouds()
    await service.register('Good', {endpoints: AD_ENDPOINTS})
    writeFileSync(service.path, `${cloudsConfig()}[Bad]\nprofile = bogus\n\n`)
    await expect(service.list()).rejects.toMatchObject({
      message: 'Profile bogus does not exist or is not supported.',
      recommendations: [`Run 'az cloud update -n Bad --profile latest', or correct 'profile' in the [Bad] section of '${service.path}'.`],
    })
    await expect(service.get('Good')).resolves.toMatchObject({name: 'Good'})
    await service.update('Bad', {profile: 'latest'})
    await expect(service.list()).resolves.toHaveLength(5)
  })
})

describe('register', () => {
  it('writes the section az writes, byte for byte, with mode 0644 in a 0700 config dir', async () => {
    const cloud = await clouds().register('MyCloud', {endpoints: AD_ENDPOINTS, suffixes: {keyvault_dns: '.vault.example.com'}})
    // What az 2.45 wrote for `az cloud register -n MyCloud` with these flags.
    expect(cloudsConfig()).toBe(
      '[MyCloud]\n' +
        'endpoint_resource_manager = https://rm.example.com/\n' +
        'endpoint_active_directory = https://login.example.com\n' +
        'endpoint_active_directory_resource_id = https://mgmt.example.com/\n' +
        'endpoint_active_directory_graph_resource_id = https://graph.example.com/\n' +
        'suffix_keyvault_dns = .vault.example.com\n\n',
    )
    expect(statSync(join(root, 'azure', 'clouds.config')).mode & 0o777).toBe(0o644)
    expect(statSync(join(root, 'azure')).mode & 0o777).toBe(0o700)
    expect(cloud).toMatchObject({isActive: false, name: 'MyCloud', profile: 'latest'})
    expect(cloud.endpoints.management).toBe('https://rm.example.com/')
  })

  it("orders keys as az: profile, endpoints in az's order, unknown names after them", async () => {
    await clouds().register('Cfg', {
      endpoints: {foo_bar: 'https://x', ...AD_ENDPOINTS, sql_management: 'https://sql'},
      profile: '2019-03-01-hybrid',
      suffixes: {keyvault_dns: '.kv', storage_endpoint: 's.example'},
    })
    expect(cloudsConfig()).toBe(
      '[Cfg]\nprofile = 2019-03-01-hybrid\nendpoint_resource_manager = https://rm.example.com/\nendpoint_sql_management = https://sql\n' +
        'endpoint_active_directory = https://login.example.com\nendpoint_active_directory_resource_id = https://mgmt.example.com/\n' +
        'endpoint_active_directory_graph_resource_id = https://graph.example.com/\nendpoint_foo_bar = https://x\n' +
        'suffix_storage_endpoint = s.example\nsuffix_keyvault_dns = .kv\n\n',
    )
  })

  it('refuses a name that is registered, matching exactly as az does', async () => {
    const service = clouds()
    await service.register('MyCloud', {endpoints: AD_ENDPOINTS})
    await expect(service.register('MyCloud', {endpoints: AD_ENDPOINTS})).rejects.toThrow("The cloud 'MyCloud' is already registered.")
    await expect(service.register('AzureCloud', {endpoints: AD_ENDPOINTS})).rejects.toThrow("The cloud 'AzureCloud' is already registered.")
    await service.register('mycloud', {endpoints: AD_ENDPOINTS})
    expect((await service.list()).map((cloud) => cloud.name)).toEqual(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'MyCloud', 'mycloud'])
  })

  it('refuses an endpoint that is not https and stores nothing', async () => {
    const service = clouds()
    await expect(service.register('Plain', {endpoints: {...AD_ENDPOINTS, active_directory: 'http://login.example.com'}})).rejects.toThrow(
      "The endpoint --endpoint-active-directory is 'http://login.example.com', which is not an https:// URL.",
    )
    expect(() => cloudsConfig()).toThrow()
  })

  it('refuses a cloud without the required endpoints', async () => {
    await expect(clouds().register('Other', {endpoints: {active_directory: 'https://login.example.com'}})).rejects.toThrow(
      'Specify them on the command line or through the cloud config file:\n' +
        '--endpoint-resource-manager, --endpoint-active-directory-resource-id, --endpoint-active-directory-graph-resource-id',
    )
  })

  it('refuses a profile az does not know', async () => {
    await expect(clouds().register('P', {endpoints: AD_ENDPOINTS, profile: 'bogus'})).rejects.toThrow(
      'Profile bogus does not exist or is not supported.',
    )
  })

  it('refuses names configparser cannot hold', async () => {
    await expect(clouds().register('a]b', {endpoints: AD_ENDPOINTS})).rejects.toThrow("'a]b' cannot be used as a cloud name.")
    await expect(clouds().register('DEFAULT', {endpoints: AD_ENDPOINTS})).rejects.toThrow("'DEFAULT' cannot be used as a cloud name.")
  })

  it('reads missing AD endpoints from the ARM metadata', async () => {
    const seen: string[] = []
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input))
      return Response.json({
        authentication: {audiences: ['https://management.core.contoso.com/'], loginEndpoint: 'https://login.contoso.com/'},
        galleryEndpoint: 'https://gallery.contoso.com/',
        graphEndpoint: 'https://graph.contoso.com/',
      })
    }

    const cloud = await clouds(fakeFetch).register('Contoso', {endpoints: {resource_manager: 'https://management.contoso.com/'}})
    expect(seen).toEqual(['https://management.contoso.com/metadata/endpoints?api-version=2015-01-01'])
    expect(cloud.writtenEndpoints).toMatchObject({
      active_directory: 'https://login.contoso.com/',
      active_directory_graph_resource_id: 'https://graph.contoso.com/',
      active_directory_resource_id: 'https://management.core.contoso.com/',
      gallery: 'https://gallery.contoso.com/',
    })
  })

  it('does not go to the network when all four required endpoints are given', async () => {
    const failing: typeof fetch = async () => {
      throw new Error('no network in this test')
    }

    await expect(clouds(failing).register('Offline', {endpoints: AD_ENDPOINTS})).resolves.toMatchObject({name: 'Offline'})
  })

  it("keeps '%' as az reads it back ('%%' in the file)", async () => {
    const service = clouds()
    await service.register('Pct', {endpoints: {...AD_ENDPOINTS, gallery: 'https://gallery.example.com/a%20b'}})
    expect(cloudsConfig()).toContain('endpoint_gallery = https://gallery.example.com/a%%20b\n')
    expect((await service.get('Pct')).endpoints.gallery).toBe('https://gallery.example.com/a%20b')
  })
})

describe('update', () => {
  it('changes the given values in place and appends new ones, as configparser does', async () => {
    const service = clouds()
    await service.register('MyCloud', {endpoints: AD_ENDPOINTS, suffixes: {keyvault_dns: '.vault.example.com'}})
    await service.update('MyCloud', {
      endpoints: {active_directory: 'https://login2.example.com', gallery: 'https://gal.example.com/'},
      profile: '2020-09-01-hybrid',
    })
    expect(cloudsConfig()).toBe(
      '[MyCloud]\nendpoint_resource_manager = https://rm.example.com/\nendpoint_active_directory = https://login2.example.com\n' +
        'endpoint_active_directory_resource_id = https://mgmt.example.com/\n' +
        'endpoint_active_directory_graph_resource_id = https://graph.example.com/\n' +
        'suffix_keyvault_dns = .vault.example.com\nprofile = 2020-09-01-hybrid\nendpoint_gallery = https://gal.example.com/\n\n',
    )
  })

  it('updates the active cloud by default and gives a built-in cloud a section of overrides', async () => {
    const service = clouds()
    const updated = await service.update(undefined, {suffixes: {keyvault_dns: '.kv.example'}})
    expect(updated.name).toBe('AzureCloud')
    expect(updated.suffixes.keyvault_dns).toBe('.kv.example')
    expect(cloudsConfig()).toBe('[AzureCloud]\nsuffix_keyvault_dns = .kv.example\n\n')
  })

  it('refuses a cloud that is not registered, and plain http', async () => {
    const service = clouds()
    await expect(service.update('nope', {suffixes: {keyvault_dns: '.kv'}})).rejects.toThrow("The cloud 'nope' is not registered.")
    await expect(service.update('AzureCloud', {endpoints: {portal: 'http://portal'}})).rejects.toThrow('is not an https:// URL')
  })
})

describe('unregister', () => {
  it("follows az's rules: registered, not active, not built-in", async () => {
    const service = clouds()
    await service.register('MyCloud', {endpoints: AD_ENDPOINTS})
    await service.register('Other', {endpoints: AD_ENDPOINTS})
    await expect(service.unregister('nope')).rejects.toThrow("The cloud 'nope' is not registered.")
    await expect(service.unregister('AzureCloud')).rejects.toThrow("The cloud 'AzureCloud' cannot be unregistered as it's currently active.")
    await expect(service.unregister('AzureChinaCloud')).rejects.toThrow(
      "The cloud 'AzureChinaCloud' cannot be unregistered as it's not a custom cloud.",
    )
    await service.setActive('MyCloud')
    await expect(service.unregister('MyCloud')).rejects.toThrow("The cloud 'MyCloud' cannot be unregistered as it's currently active.")
    await service.unregister('Other')
    expect(cloudsConfig()).not.toContain('[Other]')
    expect((await service.list()).map((cloud) => cloud.name)).toEqual(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'MyCloud'])
  })
})

describe('the active cloud', () => {
  it('is set by any casing of its name and recorded in config', async () => {
    const service = clouds()
    await expect(service.setActive('azurechinacloud')).resolves.toMatchObject({changed: true, cloud: {isActive: true, name: 'AzureChinaCloud'}})
    expect(readFileSync(join(root, 'azure', 'config'), 'utf8')).toContain('[cloud]\nname = AzureChinaCloud\n')
    expect(await service.activeCloudName()).toBe('AzureChinaCloud')
    await expect(service.setActive('AZURECHINACLOUD')).resolves.toMatchObject({changed: false})
    await expect(service.setActive('nope')).rejects.toThrow("The cloud 'nope' is not registered.")
  })

  it("is reset to AzureCloud with az's warnings when config names an unknown cloud", async () => {
    const service = clouds()
    await new SettingsService(env).write('cloud', 'name', 'Gone')
    expect(await service.activeCloudName()).toBe('AzureCloud')
    expect(warnings).toEqual(["WARNING: The cloud 'Gone' is not registered.\n", "WARNING: Resetting active cloud to'AzureCloud'.\n"])
    expect(readFileSync(join(root, 'azure', 'config'), 'utf8')).toContain('name = AzureCloud')
  })
})

describe('a clouds.config that does not parse', () => {
  it('is kept beside under a new name, with a warning naming both files, and the built-in clouds still work', async () => {
    const service = clouds()
    const bad = 'garbage before any section\n[X]\na = b\n'
    mkdirSync(join(root, 'azure'))
    writeFileSync(service.path, bad)
    const list = await service.list()
    expect(list.map((cloud) => cloud.name)).toEqual(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'])
    const kept = readdirSync(join(root, 'azure')).filter((name) => name.startsWith('clouds.config.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(root, 'azure', kept[0]), 'utf8')).toBe(bad)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`'${service.path}' is in bad format`)
    expect(warnings[0]).toContain(`kept as '${join(root, 'azure', kept[0])}'`)
  })

  it('is kept aside before a write replaces it', async () => {
    const service = clouds()
    mkdirSync(join(root, 'azure'))
    writeFileSync(service.path, 'no section\n')
    await service.register('MyCloud', {endpoints: AD_ENDPOINTS})
    expect(cloudsConfig()).toMatch(/^\[MyCloud]\n/)
    expect(readdirSync(join(root, 'azure')).filter((name) => name.startsWith('clouds.config.corrupt-'))).toHaveLength(1)
  })
})

describe('a clouds.config with a section or key written twice', () => {
  it.each([
    [
      'a section',
      '[MyCloud]\nendpoint_active_directory = https://a.example\n\n[MyCloud]\nendpoint_active_directory = https://b.example\n',
      'has the section [MyCloud] twice (lines 1 and 4)',
    ],
    ['a key', '[AzureCloud]\nsubscription = a\nsubscription = b\n', "sets 'subscription' twice in the section [AzureCloud] (lines 2 and 3)"],
  ])('%s: every read and write is refused, and the file is neither kept aside nor rewritten', async (_what, text, detail) => {
    const service = clouds()
    mkdirSync(join(root, 'azure'))
    writeFileSync(service.path, text)
    await expect(service.list()).rejects.toThrow(`'${service.path}' ${detail}, so it cannot be read`)
    await expect(service.register('Other', {endpoints: AD_ENDPOINTS})).rejects.toMatchObject({exitCode: 1})
    await expect(service.setActive('AzureChinaCloud')).rejects.toMatchObject({exitCode: 1})
    await expect(service.setSubscriptionOf('AzureCloud', 'c')).rejects.toMatchObject({exitCode: 1})
    expect(cloudsConfig()).toBe(text)
    expect(readdirSync(join(root, 'azure'))).toEqual(['clouds.config'])
    expect(warnings).toEqual([])
  })
})

describe('recorded subscriptions', () => {
  it("are written into the cloud's section, created when needed, and can be removed", async () => {
    const service = clouds()
    await service.register('MyCloud', {endpoints: AD_ENDPOINTS})
    await service.setSubscriptionOf('AzureCloud', '22222222-2222-2222-2222-222222222222')
    await service.setSubscriptionOf('MyCloud', '33333333-3333-3333-3333-333333333333')
    expect(cloudsConfig()).toBe(
      '[MyCloud]\nendpoint_resource_manager = https://rm.example.com/\nendpoint_active_directory = https://login.example.com\n' +
        'endpoint_active_directory_resource_id = https://mgmt.example.com/\n' +
        'endpoint_active_directory_graph_resource_id = https://graph.example.com/\n' +
        'subscription = 33333333-3333-3333-3333-333333333333\n\n[AzureCloud]\nsubscription = 22222222-2222-2222-2222-222222222222\n\n',
    )
    expect(await service.subscriptionOf('MyCloud')).toBe('33333333-3333-3333-3333-333333333333')
    expect(await service.subscriptionOf('AzureChinaCloud')).toBeUndefined()
    await service.setSubscriptionOf('AzureCloud', undefined)
    expect(await service.subscriptionOf('AzureCloud')).toBeUndefined()
    await expect(service.setSubscriptionOf('nope', 'x')).rejects.toThrow("The cloud 'nope' is not registered.")
  })
})
