import {afterEach, describe, expect, it} from '@jest/globals'

import {defineService, forgetServices, registerHostServices, service} from './index.js'

afterEach(async () => {
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
