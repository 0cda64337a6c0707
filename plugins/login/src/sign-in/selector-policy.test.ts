import {describe, expect, it} from '@jest/globals'

import type {LoginRequest} from './request.js'
import {selectionNotice, selectorShown, selectorWanted} from './selector-policy.js'

const browser: LoginRequest = {allowNoSubscriptions: false, method: {kind: 'interactive', useDeviceCode: false}, skipSubscriptionDiscovery: false}
const onTerminal = {stdinIsTty: true, stdoutIsTty: true}

describe('selectorWanted: whether a login may end in the subscription selector', () => {
  it('wants it after a browser or device code sign-in on a terminal, with core.login_experience_v2 on', () => {
    expect(selectorWanted(browser, onTerminal, true)).toBe(true)
    expect(selectorWanted({...browser, method: {kind: 'interactive', useDeviceCode: true}}, onTerminal, true)).toBe(true)
    expect(selectorWanted({...browser, tenant: 'contoso.example'}, onTerminal, true)).toBe(true)
  })

  it.each<[string, Partial<LoginRequest>, Partial<typeof onTerminal>, boolean]>([
    ['core.login_experience_v2 off', {}, {}, false],
    ['a username and password', {method: {kind: 'password', password: 'p', username: 'u'}}, {}, true],
    ['a service principal', {method: {clientId: 'app', kind: 'service-principal', secret: 's', useCertSnIssuer: false}}, {}, true],
    ['a managed identity', {method: {kind: 'managed-identity'}}, {}, true],
    ['stdin not a terminal', {}, {stdinIsTty: false}, true],
    ['stdout not a terminal', {}, {stdoutIsTty: false}, true],
    ['--subscription given', {subscription: 'Contoso Dev'}, {}, true],
    ['--skip-subscription-discovery', {skipSubscriptionDiscovery: true, tenant: 'contoso.example'}, {}, true],
  ])('never with %s', (_name, request, terminal, experienceV2) => {
    expect(selectorWanted({...browser, ...request}, {...onTerminal, ...terminal}, experienceV2)).toBe(false)
  })
})

describe('selectorShown: whether it runs once the subscriptions are known', () => {
  it.each([
    [true, 2, true],
    [true, 5, true],
    [true, 1, false],
    [false, 2, false],
  ])('wanted %p, %p found: %p', (wanted, found, shown) => {
    expect(selectorShown(wanted, found)).toBe(shown)
  })
})

describe('selectionNotice', () => {
  it("is az's line before the subscriptions are looked for: of the tenant given, or of every tenant", () => {
    expect(selectionNotice('10000000-0000-4000-8000-000000000001')).toBe('\nRetrieving subscriptions for the selection...\n')
    expect(selectionNotice(undefined)).toBe('\nRetrieving tenants and subscriptions for the selection...\n')
  })
})
