import {describe, expect, it} from '@jest/globals'

import {authorityOptions, authorityUrl} from './authority.js'
import {resourceToScopes, scopesToResource} from './scopes.js'

describe('authority', () => {
  it('is the endpoint and the tenant, organizations by default', () => {
    expect(authorityUrl('https://login.microsoftonline.com')).toBe('https://login.microsoftonline.com/organizations')
    expect(authorityUrl('https://login.microsoftonline.com/', 'contoso.com')).toBe('https://login.microsoftonline.com/contoso.com')
  })

  it('drops the tenant for ADFS and leaves discovery to MSAL', () => {
    expect(authorityUrl('https://adfs.local/adfs', 't')).toBe('https://adfs.local/adfs')
    expect(authorityOptions('https://adfs.local/adfs').authorityMetadata).toBeUndefined()
  })

  it('gives MSAL static metadata for Entra ID, with the host and port', () => {
    const options = authorityOptions('https://localhost:8443', 'tid')
    expect(options.knownAuthorities).toEqual(['localhost:8443'])
    expect(JSON.parse(options.authorityMetadata!).token_endpoint).toBe('https://localhost:8443/tid/oauth2/v2.0/token')
    expect(JSON.parse(options.cloudDiscoveryMetadata!).metadata[0].preferred_cache).toBe('localhost:8443')
  })
})

describe('scopes', () => {
  it('appends /.default without trimming, keeping the double slash', () => {
    expect(resourceToScopes('https://management.core.windows.net/')).toEqual(['https://management.core.windows.net//.default'])
  })

  it('turns a scope back into a resource', () => {
    expect(scopesToResource(['https://management.core.windows.net//.default'])).toBe('https://management.core.windows.net/')
    expect(scopesToResource(['https://graph.microsoft.com/user_impersonation'])).toBe('https://graph.microsoft.com')
  })
})
