/**
 * The data the output tests render in every format: subscriptions as `az account list` (cloudName)
 * and `az account show` (environmentName) show them, and `az account get-access-token`'s result.
 */
export const devSub = {
  id: '11111111-1111-1111-1111-111111111111',
  name: 'Dev Sub',
  state: 'Enabled',
  user: {name: 'user@example.com', type: 'user'},
  isDefault: true,
  tenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  cloudName: 'AzureCloud',
  homeTenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  managedByTenants: [],
}

export const prodSub = {
  id: '22222222-2222-2222-2222-222222222222',
  name: 'Prod Süb ✓',
  state: 'Disabled',
  user: {name: 'sp-app-id', type: 'servicePrincipal'},
  isDefault: false,
  tenantId: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
  cloudName: 'AzureCloud',
  homeTenantId: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
  managedByTenants: [{tenantId: 'cccccccc-cccc-cccc-cccc-cccccccccccc'}],
}

export const shownSubscription = {
  environmentName: 'AzureCloud',
  homeTenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  id: '11111111-1111-1111-1111-111111111111',
  isDefault: true,
  managedByTenants: [{tenantId: 'cccccccc-cccc-cccc-cccc-cccccccccccc'}],
  name: 'Dev Sub',
  state: 'Enabled',
  tenantId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  user: {name: 'user@example.com', type: 'user'},
}

export const accessToken = {
  accessToken: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl',
  expiresOn: '2026-11-21 06:02:24.000000',
  expires_on: 1795240944,
  subscription: '11111111-1111-1111-1111-111111111111',
  tenant: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
  tokenType: 'Bearer',
}
