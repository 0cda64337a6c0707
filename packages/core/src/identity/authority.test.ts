import {describe, expect, it} from '@jest/globals'
import {PublicClientApplication} from '@azure/msal-node'
import type {INetworkModule} from '@azure/msal-node'

import {authorityOptions, authorityUrl, msalHost} from './authority.js'
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

  it('names the host as MSAL computes it, an explicit default port included', () => {
    expect(msalHost('https://Login.Contoso.Example:443/organizations')).toBe('login.contoso.example:443')
    expect(msalHost('https://login.contoso.example/organizations')).toBe('login.contoso.example')
    expect(authorityOptions('https://Login.Contoso.Example:443', 'tid').knownAuthorities).toEqual(['login.contoso.example:443'])
  })

  it.each(['https://login.contoso.example', 'https://Login.Contoso.Example:443', 'https://localhost:8443/'])(
    'lets MSAL build a sign-in URL for %s without a single request (no instance discovery)',
    async (endpoint) => {
      const requests: string[] = []
      const offline = async (url: string): Promise<never> => {
        requests.push(url)
        throw new Error(`no network in this test: ${url}`)
      }

      const networkClient: INetworkModule = {sendGetRequestAsync: offline, sendPostRequestAsync: offline}
      const app = new PublicClientApplication({
        auth: {...authorityOptions(endpoint, 'tid'), clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46'},
        system: {networkClient},
      })
      const url = await app.getAuthCodeUrl({redirectUri: 'http://localhost', scopes: ['https://management.core.windows.net//.default']})
      expect(requests).toEqual([])
      expect(url.startsWith(`${authorityUrl(endpoint, 'tid')}/oauth2/v2.0/authorize?`)).toBe(true)
    },
  )
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
