import {spawnSync} from 'node:child_process'
import {chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {isAzError} from '../errors/index.js'
import {configureLogging} from '../logger/index.js'
import {formatCacheDocument, parseCacheText} from './document.js'
import type {CacheDocument} from './document.js'
import {AZ_CLIENT_ID, createApp, msal, oidFor, TENANT} from './fixtures/msal-app.mjs'
import {TokenCacheService} from './service.js'

import {rejection} from '../../../../test/support/promises.js'
import {PYTHON, requirePythonModule} from '../../../../test/support/python.js'

const PYTHON_CACHE = new URL('fixtures/python-msal-cache.json', import.meta.url)
const ARM = 'https://management.core.windows.net//.default'
const GRAPH = 'https://graph.microsoft.com/.default'
const alice = {oid: oidFor(11), username: 'alice@contoso.com'}
const bob = {oid: oidFor(12), username: 'bob@contoso.com'}

let dir: string
let cachePath: string
let warnings: string[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'azx-token-cache-'))
  cachePath = join(dir, 'msal_token_cache.json')
  warnings = []
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false, write: (text) => warnings.push(text)})
})

afterEach(() => {
  configureLogging({color: false, debug: false, onlyErrors: false, verbose: false})
  rmSync(dir, {force: true, recursive: true})
})

/** A service as one process would have it. */
function newService(): TokenCacheService {
  return new TokenCacheService({dir, encrypt: false})
}

function readDocument(): CacheDocument {
  const parsed = parseCacheText(readFileSync(cachePath, 'utf8'))
  if (!parsed.ok) throw new Error(parsed.problem)
  return parsed.document
}

function usernames(document: CacheDocument): string[] {
  return Object.values(document.Account ?? {})
    .map((account) => String(account.username))
    .sort()
}

describe('the file format, with MSAL Node', () => {
  it('reads the cache the Python az wrote', async () => {
    copyFileSync(PYTHON_CACHE, cachePath)
    const app = new msal.PublicClientApplication({
      auth: {authority: 'https://login.microsoftonline.com/organizations', clientId: AZ_CLIENT_ID},
      cache: {cachePlugin: newService().cachePlugin()},
    })
    const [account, ...others] = await app.getTokenCache().getAllAccounts()
    expect(others).toEqual([])
    expect(account).toMatchObject({environment: 'login.microsoftonline.com', name: 'José Test', tenantId: TENANT, username: 'Jose@Contoso.com'})
  })

  it('leaves the Python az file byte for byte when a write changes nothing', async () => {
    copyFileSync(PYTHON_CACHE, cachePath)
    const inode = statSync(cachePath).ino
    const plugin = newService().cachePlugin()
    const {tokenCache} = createApp(plugin)
    const context = new msal.TokenCacheContext(tokenCache, true)
    await plugin.beforeCacheAccess(context)
    await plugin.afterCacheAccess(context)
    expect(readFileSync(cachePath, 'utf8')).toBe(readFileSync(PYTHON_CACHE, 'utf8'))
    expect(statSync(cachePath).ino).toBe(inode)
  })

  it("stores MSAL Node's tokens in the unified schema, laid out as the Python az writes, and serves them from the cache", async () => {
    const {signIn} = createApp(newService().cachePlugin())
    await signIn({...alice, scope: ARM})
    const text = readFileSync(cachePath, 'utf8')
    const document = readDocument()
    expect(text).toBe(formatCacheDocument(document))
    expect(text).toMatch(/^\{\n {4}"Account": \{\n {8}"/)
    expect(Object.keys(document).sort()).toEqual(['AccessToken', 'Account', 'AppMetadata', 'IdToken', 'RefreshToken'])
    const [accessToken] = Object.values(document.AccessToken!)
    expect(accessToken).toMatchObject({client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', credential_type: 'AccessToken', realm: TENANT, target: ARM})
    expect(typeof accessToken.expires_on).toBe('string')
    expect(usernames(document)).toEqual([alice.username])

    // Another process: a new service and application, no network.
    const {app} = createApp(newService().cachePlugin())
    const [account] = await app.getAllAccounts()
    const result = await app.acquireTokenSilent({account, scopes: [ARM]})
    expect(result).toMatchObject({accessToken: `fake-at-${alice.oid}-${ARM}`, fromCache: true})
  })

  it("keeps the Python az's entries, field for field, when MSAL Node adds its own", async () => {
    copyFileSync(PYTHON_CACHE, cachePath)
    const python = readDocument()
    const {signIn} = createApp(newService().cachePlugin())
    await signIn({...alice, scope: ARM})
    const document = readDocument()
    expect(usernames(document)).toEqual(['Jose@Contoso.com', alice.username])
    for (const [section, entries] of Object.entries(python)) {
      for (const [key, entry] of Object.entries(entries as CacheDocument)) expect((document[section] as CacheDocument)[key]).toEqual(entry)
    }
  })

  it("is read by the Python az's MSAL (msal 1.21 under /usr/bin/python3)", async () => {
    requirePythonModule('msal')
    copyFileSync(PYTHON_CACHE, cachePath)
    const {signIn} = createApp(newService().cachePlugin())
    await signIn({...alice, scope: ARM})
    const script = [
      'import json, sys, msal',
      'cache = msal.SerializableTokenCache()',
      'cache.deserialize(open(sys.argv[1]).read())',
      'kinds = cache.CredentialType',
      'print(json.dumps({"accounts": sorted(a["username"] for a in cache.find(kinds.ACCOUNT)),',
      '  "arm_tokens": len(cache.find(kinds.ACCESS_TOKEN, target=[sys.argv[2]])),',
      '  "refresh_tokens": len(cache.find(kinds.REFRESH_TOKEN))}))',
    ].join('\n')
    const python = spawnSync(PYTHON, ['-c', script, cachePath, ARM], {encoding: 'utf8'})
    expect(python.stderr).toBe('')
    expect(JSON.parse(python.stdout)).toEqual({accounts: ['Jose@Contoso.com', alice.username], arm_tokens: 3, refresh_tokens: 2})
  })

  it("lets the Python az's MSAL remove every token MSAL Node stored (az logout)", async () => {
    requirePythonModule('msal')
    const {signIn} = createApp(newService().cachePlugin())
    await signIn({...alice, scope: ARM})
    await signIn({...alice, scope: GRAPH})
    // What msal 1.21's ClientApplication._forget_me does: find by fields, remove by the key it computes.
    const script = [
      'import json, sys, msal',
      'cache = msal.SerializableTokenCache()',
      'cache.deserialize(open(sys.argv[1]).read())',
      'kinds = cache.CredentialType',
      'owned = {"environment": "login.microsoftonline.com", "home_account_id": sys.argv[2]}',
      'for rt in cache.find(kinds.REFRESH_TOKEN, query=owned): cache.remove_rt(rt)',
      'for at in cache.find(kinds.ACCESS_TOKEN, query=owned): cache.remove_at(at)',
      'for idt in cache.find(kinds.ID_TOKEN, query=owned): cache.remove_idt(idt)',
      'for account in cache.find(kinds.ACCOUNT, query=owned): cache.remove_account(account)',
      'print(json.dumps(sorted(key for section in json.loads(cache.serialize()).values() for key in section)))',
    ].join('\n')
    const python = spawnSync(PYTHON, ['-c', script, cachePath, `${alice.oid}.${TENANT}`], {encoding: 'utf8'})
    expect(python.stderr).toBe('')
    expect(JSON.parse(python.stdout)).toEqual([`appmetadata-login.microsoftonline.com-${AZ_CLIENT_ID}`])
  })
})

describe('one process, several writes', () => {
  it('keeps tokens written earlier in the process after a silent token request (MSAL rebuilds its memory then)', async () => {
    const {app, signIn} = createApp(newService().cachePlugin())
    await signIn({...alice, scope: ARM})
    const [account] = await app.getAllAccounts()
    expect((await app.acquireTokenSilent({account, scopes: [ARM]})).fromCache).toBe(true)
    await signIn({...bob, scope: GRAPH})
    expect(usernames(readDocument())).toEqual([alice.username, bob.username])
    expect(Object.keys(readDocument().AccessToken!)).toHaveLength(2)
  })

  it("sees another process's sign-in at the next access", async () => {
    const {app} = createApp(newService().cachePlugin())
    expect(await app.getAllAccounts()).toEqual([])
    await createApp(newService().cachePlugin()).signIn({...alice, scope: ARM})
    expect((await app.getAllAccounts()).map((account) => account.username)).toEqual([alice.username])
  })

  it('does not bring back an account another process removed', async () => {
    await createApp(newService().cachePlugin()).signIn({...alice, scope: ARM})
    const {app, signIn} = createApp(newService().cachePlugin())
    expect(await app.getAllAccounts()).toHaveLength(1)
    await newService().removeUser(alice.username)
    await signIn({...bob, scope: ARM})
    expect(usernames(readDocument())).toEqual([bob.username])
    expect(JSON.stringify(readDocument())).not.toContain(alice.oid)
    expect((await app.getAllAccounts()).map((account) => account.username)).toEqual([bob.username])
  })

  it('really removes an account MSAL removes (removeAccount)', async () => {
    const {app, signIn} = createApp(newService().cachePlugin())
    await signIn({...alice, scope: ARM})
    await signIn({...bob, scope: ARM})
    const account = (await app.getAllAccounts()).find((candidate) => candidate.username === alice.username)!
    await app.getTokenCache().removeAccount(account)
    expect(usernames(readDocument())).toEqual([bob.username])
    expect(JSON.stringify(readDocument())).not.toContain(alice.oid)
  })
})

describe('file modes', () => {
  it('creates the config dir 0700 and the file 0600 whatever the umask', async () => {
    const previous = process.umask(0)
    try {
      const nested = join(dir, 'new', 'config')
      const {signIn} = createApp(new TokenCacheService({dir: nested, encrypt: false}).cachePlugin())
      await signIn({...alice, scope: ARM})
      expect(statSync(nested).mode & 0o777).toBe(0o700)
      expect(statSync(join(nested, 'msal_token_cache.json')).mode & 0o777).toBe(0o600)
    } finally {
      process.umask(previous)
    }
  })

  it('makes an existing world-readable file 0600 on the next write', async () => {
    writeFileSync(cachePath, '{}')
    chmodSync(cachePath, 0o644)
    await createApp(newService().cachePlugin()).signIn({...alice, scope: ARM})
    expect(statSync(cachePath).mode & 0o777).toBe(0o600)
  })
})

describe('an unreadable cache file', () => {
  const truncated = '{\n    "RefreshToken": {\n        "k": {\n            "secret": "supersecret-refresh-tok'

  it('fails a read with an error that names the file, says what is wrong and what to do, and quotes nothing', async () => {
    writeFileSync(cachePath, truncated)
    const {app} = createApp(newService().cachePlugin())
    const error = await rejection(app.getAllAccounts())
    expect(isAzError(error)).toBe(true)
    expect(error.message).toBe(`The token cache '${cachePath}' cannot be read: it is truncated (the JSON ends early).`)
    expect((error as unknown as {recommendations: string[]}).recommendations.join('\n')).toContain('az account clear')
    expect(JSON.stringify(error)).not.toContain('supersecret')
    expect(readFileSync(cachePath, 'utf8')).toBe(truncated)
  })

  it('fails a silent token request (get-access-token) the same way', async () => {
    await createApp(newService().cachePlugin()).signIn({...alice, scope: ARM})
    const {app} = createApp(newService().cachePlugin())
    const [account] = await app.getAllAccounts()
    writeFileSync(cachePath, '[1, 2]')
    const error = await rejection(app.acquireTokenSilent({account, scopes: [ARM]}))
    expect(error.message).toContain('is JSON but not a token cache')
    expect(readFileSync(cachePath, 'utf8')).toBe('[1, 2]')
  })

  it('is moved aside, with a warning, before a sign-in writes a new cache', async () => {
    writeFileSync(cachePath, truncated)
    await createApp(newService().cachePlugin()).signIn({...alice, scope: ARM})
    const kept = readdirSync(dir).filter((name) => name.startsWith('msal_token_cache.json.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(dir, kept[0]), 'utf8')).toBe(truncated)
    expect(usernames(readDocument())).toEqual([alice.username])
    expect(warnings.join('')).toBe(
      `WARNING: The token cache '${cachePath}' could not be read (it is truncated (the JSON ends early)). ` +
        `It was moved to '${join(dir, kept[0])}' and a new token cache is written in its place.\n`,
    )
  })

  it('caught between the Python az truncating it and writing it (in place), is read again until it holds the accounts', async () => {
    await createApp(newService().cachePlugin()).signIn({...alice, scope: ARM})
    const text = readFileSync(cachePath, 'utf8')
    writeFileSync(cachePath, '')
    setTimeout(() => writeFileSync(cachePath, text), 120)
    const accounts = await createApp(newService().cachePlugin()).app.getAllAccounts()
    expect(accounts.map((account) => account.username)).toEqual([alice.username])
  })

  it('is an empty cache when the file is empty', async () => {
    writeFileSync(cachePath, '')
    const {app, signIn} = createApp(newService().cachePlugin())
    expect(await app.getAllAccounts()).toEqual([])
    await signIn({...alice, scope: ARM})
    expect(usernames(readDocument())).toEqual([alice.username])
  })
})

describe('the lock', () => {
  it('is not left behind by a write', async () => {
    await createApp(newService().cachePlugin()).signIn({...alice, scope: ARM})
    expect(readdirSync(dir)).toEqual(['msal_token_cache.json'])
  })
})
