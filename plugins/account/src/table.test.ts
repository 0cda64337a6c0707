import {describe, expect, it} from '@jest/globals'

import type {AccountListEntry} from '@azx/core'

import {accountListTable} from './table.js'

describe('accountListTable', () => {
  it("keeps az's columns, in az's order, and drops the rest", () => {
    const entry: AccountListEntry = {
      cloudName: 'AzureCloud',
      homeTenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
      id: '11111111-1111-1111-1111-111111111111',
      isDefault: true,
      managedByTenants: [],
      name: 'Dev Sub',
      state: 'Enabled',
      tenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
      user: {name: 'someone@example.com', type: 'user'},
    }
    const [row] = accountListTable([entry]) as Record<string, unknown>[]
    expect(Object.entries(row)).toEqual([
      ['Name', 'Dev Sub'],
      ['CloudName', 'AzureCloud'],
      ['SubscriptionId', '11111111-1111-1111-1111-111111111111'],
      ['TenantId', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'],
      ['State', 'Enabled'],
      ['IsDefault', true],
    ])
  })

  it('gives no rows for no subscriptions', () => {
    expect(accountListTable([])).toEqual([])
  })
})
