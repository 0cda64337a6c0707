import {mkdtempSync, rmSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join, relative} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {configDir} from '../paths/index.js'
import {defineService, forgetServices, registerHostServices, resetServiceInstances, service} from './index.js'

const saved = {dir: process.env.AZURE_CONFIG_DIR, encrypt: process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE}

afterEach(async () => {
  for (const [name, value] of [
    ['AZURE_CONFIG_DIR', saved.dir],
    ['AZURE_CORE_ENCRYPT_TOKEN_CACHE', saved.encrypt],
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }

  forgetServices()
  await registerHostServices()
})

describe('forgetServices', () => {
  it('drops factories and instances, so the next copy to register owns the services', async () => {
    forgetServices()
    const first = {getBoolean: () => true}
    defineService('settings', async () => first as never)
    expect(await service('settings')).toBe(first)
    // Without forgetting, a second registration would be ignored: the first copy wins.
    const second = {getBoolean: () => false}
    defineService('settings', async () => second as never)
    expect(await service('settings')).toBe(first)

    forgetServices()
    defineService('settings', async () => second as never)
    expect(await service('settings')).toBe(second)
  })
})

describe('service', () => {
  /** What the fake settings factory built, in order: the config dir each was built for. */
  let built: string[]
  let dirA: string
  let dirB: string

  beforeEach(() => {
    dirA = mkdtempSync(join(tmpdir(), 'azx-registry-a-'))
    dirB = mkdtempSync(join(tmpdir(), 'azx-registry-b-'))
    built = []
    forgetServices()
    defineService('settings', async () => {
      const dir = configDir()
      built.push(dir)
      return {dir} as never
    })
  })

  afterEach(() => {
    for (const dir of [dirA, dirB]) rmSync(dir, {force: true, recursive: true})
  })

  /** The config dir the settings instance `service()` answers with was built for. */
  async function settingsDir(): Promise<string> {
    return ((await service('settings')) as unknown as {dir: string}).dir
  }

  it('keeps one instance per config dir: the same dir the same one, another dir its own, the first dir its first one again', async () => {
    process.env.AZURE_CONFIG_DIR = dirA
    const first = await service('settings')
    expect(await service('settings')).toBe(first)

    process.env.AZURE_CONFIG_DIR = dirB
    const second = await service('settings')
    expect(second).not.toBe(first)
    expect(await settingsDir()).toBe(dirB)

    // Back in the first dir, its instance again: state kept in memory stays one per dir.
    process.env.AZURE_CONFIG_DIR = dirA
    expect(await service('settings')).toBe(first)
    expect(built).toEqual([dirA, dirB])
  })

  it('builds one instance for concurrent first calls in a dir', async () => {
    process.env.AZURE_CONFIG_DIR = dirA
    const [one, two] = await Promise.all([service('settings'), service('settings')])
    expect(one).toBe(two)
    expect(built).toEqual([dirA])
  })

  it('takes the dir as resolved: a relative AZURE_CONFIG_DIR is its absolute dir, ~/.azure named is the default', async () => {
    process.env.AZURE_CONFIG_DIR = dirA
    const absolute = await service('settings')
    process.env.AZURE_CONFIG_DIR = relative(process.cwd(), dirA)
    expect(await service('settings')).toBe(absolute)

    delete process.env.AZURE_CONFIG_DIR
    const byDefault = await service('settings')
    process.env.AZURE_CONFIG_DIR = join(homedir(), '.azure')
    expect(await service('settings')).toBe(byDefault)
    expect(built).toEqual([dirA, join(homedir(), '.azure')])
  })

  it('builds anew when AZURE_CORE_ENCRYPT_TOKEN_CACHE changes, which chooses the token cache file', async () => {
    process.env.AZURE_CONFIG_DIR = dirA
    delete process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE
    const unset = await service('settings')
    process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE = 'true'
    const on = await service('settings')
    // Empty is not unset: it hides the config file's value.
    process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE = ''
    const empty = await service('settings')
    expect(new Set([unset, on, empty]).size).toBe(3)
    delete process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE
    expect(await service('settings')).toBe(unset)
  })

  it("serves a factory defined before the host's (a fake) in every dir, once per dir; a later definition is ignored", async () => {
    await registerHostServices()
    defineService('settings', async () => {
      throw new Error('not the first definition')
    })
    process.env.AZURE_CONFIG_DIR = dirA
    expect(await settingsDir()).toBe(dirA)
    process.env.AZURE_CONFIG_DIR = dirB
    expect(await settingsDir()).toBe(dirB)
    expect(built).toEqual([dirA, dirB])
  })

  it("builds the host's services in a dir on that dir's instance of a fake", async () => {
    const activeCloud: Record<string, string> = {[dirA]: 'AzureChinaCloud', [dirB]: 'AzureUSGovernment'}
    forgetServices()
    defineService('settings', async () => {
      const dir = configDir()
      return {get: (section: string, key: string) => (section === 'cloud' && key === 'name' ? activeCloud[dir] : undefined)} as never
    })
    await registerHostServices()
    process.env.AZURE_CONFIG_DIR = dirA
    expect(await (await service('clouds')).activeCloudName()).toBe('AzureChinaCloud')
    process.env.AZURE_CONFIG_DIR = dirB
    expect(await (await service('clouds')).activeCloudName()).toBe('AzureUSGovernment')
  })

  it('forgets the instances of every dir on resetServiceInstances()', async () => {
    process.env.AZURE_CONFIG_DIR = dirA
    const first = await service('settings')
    process.env.AZURE_CONFIG_DIR = dirB
    await service('settings')
    resetServiceInstances()
    expect(await service('settings')).not.toBe(first)
    process.env.AZURE_CONFIG_DIR = dirA
    expect(await service('settings')).not.toBe(first)
    expect(built).toEqual([dirA, dirB, dirB, dirA])
  })
})
