import {spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {isAzError} from '../errors/index.js'
import {configureLogging} from '../logger/index.js'
import {parseCacheText} from './document.js'
import type {OpenOsPersistence} from './encrypted-store.js'
import {createApp, msal, oidFor} from './fixtures/msal-app.mjs'
import {encryptByDefault} from './encryption.js'
import {TokenCacheService} from './service.js'

import {linuxOnly} from '../../../../test/support/platform.js'
import {rejection} from '../../../../test/support/promises.js'

const PYTHON_CACHE = new URL('fixtures/python-msal-cache.json', import.meta.url)
const REPO = fileURLToPath(new URL('../../../../', import.meta.url))
const SP = '22222222-2222-4222-8222-222222222222'
const ARM = 'https://management.core.windows.net//.default'
const alice = {oid: oidFor(21), username: 'alice@contoso.com'}

let dir: string
let jsonPath: string
let binPath: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'azx-token-cache-'))
  jsonPath = join(dir, 'msal_token_cache.json')
  binPath = join(dir, 'msal_token_cache.bin')
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false, write: () => {}})
})

afterEach(() => {
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false})
  rmSync(dir, {force: true, recursive: true})
})

function plaintext(): TokenCacheService {
  return new TokenCacheService({dir, encrypt: false})
}

describe('the offline helpers', () => {
  it('list the accounts, and nothing when there is no cache', async () => {
    expect(await plaintext().listAccounts()).toEqual([])
    copyFileSync(PYTHON_CACHE, jsonPath)
    expect((await plaintext().listAccounts()).map((account) => account.username)).toEqual(['Jose@Contoso.com'])
  })

  it('remove a user under the lock, written in the same layout', async () => {
    copyFileSync(PYTHON_CACHE, jsonPath)
    const removal = await plaintext().removeUser('jose@contoso.com')
    expect(removal).toEqual({accessTokens: 1, accounts: 1, appMetadata: 0, idTokens: 1, refreshTokens: 1})
    const text = readFileSync(jsonPath, 'utf8')
    const parsed = parseCacheText(text)
    expect(parsed.ok && Object.keys(parsed.document.Account!)).toEqual([])
    expect(parsed.ok && Object.keys(parsed.document.AccessToken!)).toEqual([expect.stringContaining(SP)])
    expect(text.startsWith('{\n    "AccessToken": {\n        "-login.microsoftonline.com-accesstoken-')).toBe(true)
    expect(readdirSync(dir)).toEqual(['msal_token_cache.json'])
  })

  it('remove a service principal', async () => {
    copyFileSync(PYTHON_CACHE, jsonPath)
    const removal = await plaintext().removeServicePrincipal(SP)
    expect(removal).toEqual({accessTokens: 1, accounts: 0, appMetadata: 1, idTokens: 0, refreshTokens: 0})
    expect(JSON.stringify(JSON.parse(readFileSync(jsonPath, 'utf8')))).not.toContain(SP)
  })

  it('leave the file alone when there is nothing to remove', async () => {
    copyFileSync(PYTHON_CACHE, jsonPath)
    await plaintext().removeUser('nobody@contoso.com')
    expect(readFileSync(jsonPath, 'utf8')).toBe(readFileSync(PYTHON_CACHE, 'utf8'))
  })

  it('refuse to edit an unreadable cache, and `clear` deletes it', async () => {
    writeFileSync(jsonPath, '{"Account": ')
    const error = await rejection(plaintext().removeUser('jose@contoso.com'))
    expect(error.message).toBe(`The token cache '${jsonPath}' cannot be read: it is truncated (the JSON ends early).`)
    await expect(plaintext().listAccounts()).rejects.toThrow('cannot be read')
    expect(readFileSync(jsonPath, 'utf8')).toBe('{"Account": ')
    await plaintext().clear()
    expect(await plaintext().listAccounts()).toEqual([])
  })

  it('move an unreadable cache aside for a sign-in, and leave a readable one alone', async () => {
    writeFileSync(jsonPath, '{"Account": ')
    expect(await plaintext().keepUnreadableAside()).toBe(true)
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^msal_token_cache\.json\.corrupt-\d{8}T\d{6}Z-[0-9a-f]{6}$/)])
    copyFileSync(PYTHON_CACHE, jsonPath)
    expect(await plaintext().keepUnreadableAside()).toBe(false)
    expect(readFileSync(jsonPath, 'utf8')).toBe(readFileSync(PYTHON_CACHE, 'utf8'))
  })

  it('clear both the plaintext and the encrypted cache files, and no lock stays', async () => {
    copyFileSync(PYTHON_CACHE, jsonPath)
    writeFileSync(binPath, 'ciphertext')
    const service = plaintext()
    await createApp(service.cachePlugin()).signIn({...alice, scope: ARM})
    await service.clear()
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('core.encrypt_token_cache', () => {
  it('is on by default on Windows only, as in az', () => {
    expect(encryptByDefault('win32')).toBe(true)
    expect(encryptByDefault('linux')).toBe(false)
    expect(encryptByDefault('darwin')).toBe(false)
  })

  /** An OS store kept in memory, behaving as the extensions' keyring persistences do (secret in the store, the file a marker). */
  function memoryKeyring() {
    const state = {deletes: 0, failLoads: false, secret: null as null | string}
    const open: OpenOsPersistence = async (path) => ({
      async delete() {
        state.deletes++
        state.secret = null
        rmSync(path, {force: true})
        return true
      },
      async load() {
        if (state.failLoads) throw new Error('GnomeKeyringError: the collection is locked')
        return state.secret
      },
      async save(contents) {
        state.secret = contents
        writeFileSync(path, '{}')
      },
    })
    return {open, state}
  }

  it('keeps the cache in the OS store as msal_token_cache.bin, never in plaintext', async () => {
    const keyring = memoryKeyring()
    const service = new TokenCacheService({dir, encrypt: true, openOsPersistence: keyring.open})
    expect(service.path).toBe(binPath)
    await createApp(service.cachePlugin()).signIn({...alice, scope: ARM})
    expect(readFileSync(binPath, 'utf8')).toBe('{}')
    expect(existsSync(jsonPath)).toBe(false)
    expect(keyring.state.secret).toContain(alice.username)
    const other = new TokenCacheService({dir, encrypt: true, openOsPersistence: keyring.open})
    expect((await createApp(other.cachePlugin()).tokenCache.getAllAccounts()).map((account) => account.username)).toEqual([alice.username])
    expect((await other.listAccounts()).map((account) => account.username)).toEqual([alice.username])
    await other.clear()
    expect(keyring.state).toMatchObject({deletes: 1, secret: null})
    expect(readdirSync(dir)).toEqual([])
  })

  it('does not open the OS store while there is no cache', async () => {
    const service = new TokenCacheService({dir, encrypt: true, openOsPersistence: async () => Promise.reject(new Error('opened'))})
    expect(await createApp(service.cachePlugin()).tokenCache.getAllAccounts()).toEqual([])
    expect(await service.listAccounts()).toEqual([])
  })

  it('fails a read from a failing OS store with what failed, releasing the lock of a write', async () => {
    const keyring = memoryKeyring()
    const service = new TokenCacheService({dir, encrypt: true, openOsPersistence: keyring.open})
    const {signIn, tokenCache} = createApp(service.cachePlugin())
    await signIn({...alice, scope: ARM})
    keyring.state.failLoads = true
    const fresh = createApp(new TokenCacheService({dir, encrypt: true, openOsPersistence: keyring.open}).cachePlugin())
    const error = await rejection(fresh.tokenCache.getAllAccounts())
    expect(isAzError(error) && error.exitCode).toBe(1)
    expect(error.message).toMatch(
      /^The encrypted token cache \(core.encrypt_token_cache=true\) is not available: reading it from .* failed \(GnomeKeyringError: the collection is locked\)\.$/,
    )
    expect(error.recommendations).toContain('  az config set core.encrypt_token_cache=false')
    const plugin = new TokenCacheService({dir, encrypt: true, openOsPersistence: keyring.open}).cachePlugin()
    const context = new msal.TokenCacheContext(tokenCache, true)
    await expect(plugin.beforeCacheAccess(context)).rejects.toThrow('is not available')
    await plugin.afterCacheAccess(context)
    expect(existsSync(`${binPath}.lockfile`)).toBe(false)
  })

  it('refuses to replace unreadable content it cannot keep aside (a keyring item)', async () => {
    const keyring = memoryKeyring()
    keyring.state.secret = 'not json'
    writeFileSync(binPath, '{}')
    const service = new TokenCacheService({dir, encrypt: true, openOsPersistence: keyring.open})
    const error = await rejection(createApp(service.cachePlugin()).signIn({...alice, scope: ARM}))
    expect(error.message).toBe(`The token cache '${binPath}' cannot be read: it is not valid JSON.`)
    expect(keyring.state.secret).toBe('not json')
  })

  linuxOnly('fails clearly on this machine, where no Secret Service runs, and leaves no file behind', () => {
    // A child with no D-Bus session, so that a desktop with a keyring gets the same answer.
    mkdirSync(join(dir, 'runtime'), {mode: 0o700})
    const script = [
      `import {TokenCacheService} from ${JSON.stringify(join(REPO, 'packages/core/src/token-cache/service.ts'))}`,
      `import {createApp} from ${JSON.stringify(join(REPO, 'packages/core/src/token-cache/fixtures/msal-app.mjs'))}`,
      `const service = new TokenCacheService({dir: ${JSON.stringify(dir)}, encrypt: true})`,
      `createApp(service.cachePlugin()).signIn({oid: '${alice.oid}', username: 'alice@contoso.com', scope: '${ARM}'})`,
      '  .then(() => console.log(JSON.stringify({ok: true})), (error) => console.log(JSON.stringify({message: ' +
        'error.message, recommendations: error.recommendations, exitCode: error.exitCode})))',
    ].join('\n')
    const env = {HOME: dir, PATH: process.env.PATH, XDG_RUNTIME_DIR: join(dir, 'runtime')}
    const child = spawnSync(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', script], {
      cwd: REPO,
      encoding: 'utf8',
      env,
      timeout: 20_000,
    })
    const outcome = JSON.parse(child.stdout)
    expect(outcome.exitCode).toBe(1)
    expect(outcome.message).toMatch(
      /^The encrypted token cache \(core\.encrypt_token_cache=true\) is not available: (the optional package @azure\/msal-node-extensions is not installed\.|@azure\/msal-node-extensions could not load its native parts .*|the Secret Service \(libsecret over D-Bus, through keytar\) did not work \(.*D-Bus.*\)\. Headless sessions \(SSH, containers, CI\) usually have no Secret Service\.)$/,
    )
    expect(outcome.recommendations).toEqual([
      'To keep the tokens in a plaintext file that only you can read (mode 0600, as az does on Linux), turn encryption off and sign in again:',
      '  az config set core.encrypt_token_cache=false',
      'The environment variable AZURE_CORE_ENCRYPT_TOKEN_CACHE, when set, overrides the config file.',
    ])
    expect(readdirSync(dir)).toEqual(['runtime'])
  })
})

describe('the service registry', () => {
  it('builds the service from the settings, encrypted only where az encrypts by default', async () => {
    const {service} = await import('../registry/index.js')
    const saved = {dir: process.env.AZURE_CONFIG_DIR, encrypt: process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE}
    process.env.AZURE_CONFIG_DIR = dir
    try {
      delete process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE
      const byDefault = await service('token-cache')
      expect(byDefault.encrypted).toBe(process.platform === 'win32')
      // The variable chooses the file when the service is built, so it is part of what an instance is for.
      process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE = 'true'
      expect((await service('token-cache')).path).toBe(binPath)
      delete process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE
      expect(await service('token-cache')).toBe(byDefault)
    } finally {
      for (const [name, value] of [
        ['AZURE_CONFIG_DIR', saved.dir],
        ['AZURE_CORE_ENCRYPT_TOKEN_CACHE', saved.encrypt],
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })
})
