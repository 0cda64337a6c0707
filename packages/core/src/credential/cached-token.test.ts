import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import type {Cloud} from '../clouds/cloud.js'
import {BUILT_IN_CLOUDS} from '../clouds/builtin.js'
import {AZURE_CLI_CLIENT_ID} from '../identity/scopes.js'
import type {StoredSubscription} from '../profile/types.js'
import {createTestConfigDir} from '../testing/index.js'
import type {TestConfigDir} from '../testing/index.js'
import {formatCacheDocument} from '../token-cache/document.js'
import type {CacheDocument, CacheEntry} from '../token-cache/document.js'
import {cachedTokenForAccount, RENEWAL_MARGIN_SECONDS} from './cached-token.js'

const HOME_TENANT = '11111111-1111-4111-8111-111111111111'
const OTHER_TENANT = '33333333-3333-4333-8333-333333333333'
const HOME = `00000000-0000-4000-8000-000000000001.${HOME_TENANT}`
const APP = '22222222-2222-4222-8222-222222222222'
const ARM = 'https://management.core.windows.net//.default'
const NOW = 1_800_000_000_000
const HOST = 'login.microsoftonline.com'

const cloud = {...BUILT_IN_CLOUDS[0], isActive: true, profile: 'latest'} as unknown as Cloud
const user: Pick<StoredSubscription, 'tenantId' | 'user'> = {tenantId: HOME_TENANT, user: {name: 'Alice@Contoso.com', type: 'user'}}
const servicePrincipal: Pick<StoredSubscription, 'tenantId' | 'user'> = {tenantId: HOME_TENANT, user: {name: APP, type: 'servicePrincipal'}}

let config: TestConfigDir

beforeEach(async () => {
  config = await createTestConfigDir()
})
afterEach(() => config.dispose())

function accessToken(fields: Partial<CacheEntry> = {}): CacheEntry {
  return {
    cached_at: String(NOW / 1000 - 60),
    client_id: AZURE_CLI_CLIENT_ID,
    credential_type: 'AccessToken',
    environment: HOST,
    expires_on: String(NOW / 1000 + 3600),
    home_account_id: HOME,
    realm: HOME_TENANT,
    secret: 'the-token',
    target: `${ARM} https://management.core.windows.net//user_impersonation`,
    token_type: 'Bearer',
    ...fields,
  }
}

const ACCOUNT: CacheEntry = {environment: HOST, home_account_id: HOME, realm: HOME_TENANT, username: 'alice@contoso.com'}

function writeCache(tokens: CacheEntry[], accounts: CacheEntry[] = [ACCOUNT]): void {
  const document: CacheDocument = {
    Account: Object.fromEntries(accounts.map((entry, index) => [`account-${index}`, entry])),
    AccessToken: Object.fromEntries(tokens.map((entry, index) => [`token-${index}`, entry])),
  }
  writeFileSync(join(config.path, 'msal_token_cache.json'), formatCacheDocument(document))
}

function lookup(account = user, fields: {minValiditySeconds?: number; scopes?: string[]; tenant?: string} = {}) {
  return cachedTokenForAccount(
    {account, cloud, minValiditySeconds: fields.minValiditySeconds, scopes: fields.scopes ?? [ARM], tenant: fields.tenant},
    NOW,
  )
}

describe('cachedTokenForAccount', () => {
  it("returns the user's cached token for the tenant and scope, with its expiry", async () => {
    writeCache([accessToken()])
    expect(await lookup()).toEqual({expiresOn: new Date(NOW + 3_600_000), tenantId: HOME_TENANT, token: 'the-token'})
  })

  it('matches usernames, scopes and tenants case-insensitively and ignores the OpenID scopes MSAL adds', async () => {
    writeCache([accessToken({realm: HOME_TENANT.toUpperCase()})])
    expect(await lookup(user, {scopes: ['HTTPS://management.core.windows.net//.DEFAULT', 'offline_access', 'openid', 'profile']})).toMatchObject({
      token: 'the-token',
    })
  })

  it('takes the token of another tenant with --tenant', async () => {
    writeCache([accessToken(), accessToken({realm: OTHER_TENANT, secret: 'other-tenant'})])
    expect(await lookup(user, {tenant: OTHER_TENANT})).toMatchObject({tenantId: OTHER_TENANT, token: 'other-tenant'})
  })

  it.each([
    ['expires within the renewal margin', {expires_on: String(NOW / 1000 + RENEWAL_MARGIN_SECONDS)}],
    ['has expired', {expires_on: String(NOW / 1000 - 1)}],
    ['is past its refresh_on', {refresh_on: String(NOW / 1000 - 1)}],
    ['is for another scope', {target: 'https://graph.microsoft.com//.default'}],
    ['is for another tenant', {realm: OTHER_TENANT}],
    ['is for another client', {client_id: APP}],
    ['is for another authority host', {environment: 'login.chinacloudapi.cn'}],
    ['is bound to a key (PoP)', {keyId: 'key', token_type: 'pop'}],
    ['was issued for requested claims', {requestedClaimsHash: 'hash'}],
    ['has no secret', {secret: undefined}],
  ])('declines a token that %s', async (_why, fields) => {
    writeCache([accessToken(fields as Partial<CacheEntry>)])
    expect(await lookup()).toBeUndefined()
  })

  it('takes a token valid just beyond the renewal margin', async () => {
    writeCache([accessToken({expires_on: String(NOW / 1000 + RENEWAL_MARGIN_SECONDS + 1), refresh_on: String(NOW / 1000 + 1)})])
    expect(await lookup()).toMatchObject({token: 'the-token'})
  })

  it('with --min-validity, takes a token valid at least that long and declines one that expires sooner', async () => {
    writeCache([accessToken({expires_on: String(NOW / 1000 + 1800)})])
    expect(await lookup(user, {minValiditySeconds: 1800})).toMatchObject({token: 'the-token'})
    expect(await lookup(user, {minValiditySeconds: 1801})).toBeUndefined()
    expect(await lookup(user, {minValiditySeconds: 0})).toMatchObject({token: 'the-token'})
  })

  it('declines when two tokens match, as MSAL then asks for a new one', async () => {
    writeCache([accessToken(), accessToken({secret: 'twin'})])
    expect(await lookup()).toBeUndefined()
  })

  it('declines when the username belongs to two home accounts, or to none', async () => {
    writeCache([accessToken()], [ACCOUNT, {...ACCOUNT, home_account_id: `other.${HOME_TENANT}`}])
    expect(await lookup()).toBeUndefined()
    writeCache([accessToken()], [{...ACCOUNT, username: 'bob@contoso.com'}])
    expect(await lookup()).toBeUndefined()
  })

  it('declines without a cache file, with an unreadable one, and with the encrypted cache', async () => {
    expect(await lookup()).toBeUndefined()
    writeFileSync(join(config.path, 'msal_token_cache.json'), '{"AccessToken": {')
    expect(await lookup()).toBeUndefined()
    writeCache([accessToken()])
    process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE = 'true'
    try {
      expect(await lookup()).toBeUndefined()
    } finally {
      delete process.env.AZURE_CORE_ENCRYPT_TOKEN_CACHE
    }
  })

  it('declines managed identities (az keeps no token for them) and ADFS', async () => {
    writeCache([accessToken()])
    expect(await lookup({tenantId: HOME_TENANT, user: {name: 'systemAssignedIdentity', type: 'servicePrincipal'}})).toBeUndefined()
    const adfs = {...cloud, endpoints: {...cloud.endpoints, active_directory: 'https://adfs.contoso.com/adfs'}} as Cloud
    expect(await cachedTokenForAccount({account: user, cloud: adfs, scopes: [ARM]}, NOW)).toBeUndefined()
  })

  describe('for a service principal', () => {
    const appToken = accessToken({client_id: APP, home_account_id: null, secret: 'app-token'})

    function writeEntries(entries: object[]): void {
      writeFileSync(join(config.path, 'service_principal_entries.json'), JSON.stringify(entries))
    }

    it('returns its app-only token (home_account_id null, as az writes it, or empty, as MSAL Node does)', async () => {
      writeEntries([{client_id: APP, client_secret: 'secret', tenant: HOME_TENANT}])
      writeCache([appToken], [])
      expect(await lookup(servicePrincipal)).toMatchObject({token: 'app-token'})
      writeCache([{...appToken, home_account_id: ''}], [])
      expect(await lookup(servicePrincipal)).toMatchObject({token: 'app-token'})
    })

    it('declines without a stored credential for that tenant, where az warns before trying another', async () => {
      writeCache([appToken, {...appToken, realm: OTHER_TENANT}], [])
      expect(await lookup(servicePrincipal)).toBeUndefined()
      writeEntries([{client_id: APP, client_secret: 'secret', tenant: HOME_TENANT}])
      expect(await lookup(servicePrincipal, {tenant: OTHER_TENANT})).toBeUndefined()
    })

    it("never takes a user's token", async () => {
      writeEntries([{client_id: APP, client_secret: 'secret', tenant: HOME_TENANT}])
      writeCache([accessToken({client_id: APP})])
      expect(await lookup(servicePrincipal)).toBeUndefined()
    })
  })
})
