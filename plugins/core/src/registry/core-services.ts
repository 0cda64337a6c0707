import {defineService} from './index.js'

/** The factories of this copy of @azx/core. Each imports its module only when first used. */
export function registerCoreServices(): void {
  defineService('settings', async () => {
    const {SettingsService} = await import('../settings/index.js')
    return new SettingsService()
  })
}
