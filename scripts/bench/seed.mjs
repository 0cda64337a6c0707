// The emulator's seed for B3: one person who reaches 25 tenants with 4 subscriptions each, and a
// service principal with a few subscriptions in the first tenant. GUIDs are deterministic, in the
// default seed's style (the first digits say what it is, the last ones count).

export const TENANTS = 25
export const SUBSCRIPTIONS_PER_TENANT = 4
export const USER = {username: 'bench@tenant01.example', password: 'bench-password-1'}
export const SERVICE_PRINCIPAL = {appId: '30000000-0000-4000-8000-0000000000b1', secret: 'bench-automation-secret-1', subscriptions: 3}

const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46'
const pad = (number, width) => String(number).padStart(width, '0')
const tenantId = (t) => `10000000-0000-4000-8000-${pad(t, 12)}`
const subscriptionId = (t, s) => `50000000-0000-4000-8000-${pad(t * 100 + s, 12)}`

export function firstTenantId() {
  return tenantId(1)
}

export function manyTenantsSeed() {
  const tenants = Array.from({length: TENANTS}, (_, i) => ({
    id: tenantId(i + 1),
    displayName: `Tenant ${pad(i + 1, 2)}`,
    defaultDomain: `tenant${pad(i + 1, 2)}.example`,
  }))
  const subscriptions = tenants.flatMap((tenant, t) =>
    Array.from({length: SUBSCRIPTIONS_PER_TENANT}, (_, s) => ({
      id: subscriptionId(t + 1, s + 1),
      displayName: `Tenant ${pad(t + 1, 2)} subscription ${s + 1}`,
      tenant: tenant.id,
      state: 'Enabled',
    })),
  )
  return {
    settings: {
      // With the code approved when it is issued, MSAL Node (azx) and MSAL Python (az) both get
      // their tokens on the first poll: each polls at once and sleeps `interval` seconds only after
      // `authorization_pending`. 1 is the smallest interval the seed accepts (a positive integer,
      // as in RFC 8628), so that even a client that slept first would lose no more than a second.
      deviceCodeIntervalSeconds: 1,
      // The default seed's 2 would page every list; 100 is ARM's own page size.
      armPageSize: 100,
    },
    publicClients: [{clientId: AZURE_CLI, displayName: 'Microsoft Azure CLI', foci: true}],
    tenants,
    users: [
      {
        ...USER,
        displayName: 'Bench User',
        objectId: '20000000-0000-4000-8000-0000000000b1',
        homeTenant: tenants[0].id,
        tenants: tenants.slice(1).map((tenant) => tenant.id),
      },
    ],
    servicePrincipals: [
      {
        appId: SERVICE_PRINCIPAL.appId,
        objectId: '31000000-0000-4000-8000-0000000000b1',
        displayName: 'bench-automation',
        tenant: tenants[0].id,
        secret: SERVICE_PRINCIPAL.secret,
        subscriptions: subscriptions.slice(0, SERVICE_PRINCIPAL.subscriptions).map((subscription) => subscription.id),
      },
    ],
    subscriptions,
  }
}
