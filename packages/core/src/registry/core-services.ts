import {defineService, service} from './index.js'

/** The factories of this copy of @azx/core. Each imports its module only when first used. */
export function registerCoreServices(): void {
  defineService('settings', async () => {
    const {SettingsService} = await import('../settings/index.js')
    return new SettingsService()
  })
  defineService('clouds', async () => {
    const {CloudService} = await import('../clouds/service.js')
    // Metadata is fetched only by `az cloud register|update`: the network client loads then.
    const fetch: typeof globalThis.fetch = async (input, init) => (await import('../http/fetch-adapter.js')).fetchOverHttp(input, init)
    return new CloudService({fetch, settings: await service('settings')})
  })
  defineService('profile', async () => {
    const {ProfileService} = await import('../profile/service.js')
    return new ProfileService({clouds: await service('clouds')})
  })
  defineService('token-cache', async () => {
    const [{encryptTokenCache, TokenCacheService}, settings] = await Promise.all([import('../token-cache/index.js'), service('settings')])
    return new TokenCacheService({encrypt: encryptTokenCache(settings)})
  })
  defineService('http', async () => {
    const {HttpService} = await import('../http/service.js')
    return new HttpService()
  })
}
