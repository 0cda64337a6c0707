/**
 * `GET /subscriptions/{id}/locations`: the regions ARM offers a subscription, in ARM's shape
 * (api-version 2022-12-01): physical regions with metadata, paired regions and availability zone
 * mappings, a logical region (no coordinates, no zones), and with `includeExtendedLocations=true`
 * the edge zones too (`type: EdgeZone`, `metadata.homeLocation`).
 */
import {json} from '../router.js'
import {armRoute, subscriptionNotFound, visibleSubscription} from './arm.js'

interface LocationSeed {
  name: string
  type: 'Region' | 'EdgeZone'
  displayName: string
  regionalDisplayName: string
  metadata: {
    regionType: 'Physical' | 'Logical'
    regionCategory: 'Recommended' | 'Other'
    geography: string
    geographyGroup: string
    longitude?: string
    latitude?: string
    physicalLocation?: string
    pairedRegion?: string[]
    homeLocation?: string
  }
  zones?: number
}

const LOCATIONS: LocationSeed[] = [
  {
    name: 'eastus',
    type: 'Region',
    displayName: 'East US',
    regionalDisplayName: '(US) East US',
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Recommended',
      geography: 'United States',
      geographyGroup: 'US',
      longitude: '-79.8164',
      latitude: '37.3719',
      physicalLocation: 'Virginia',
      pairedRegion: ['westus'],
    },
    zones: 3,
  },
  {
    name: 'westus2',
    type: 'Region',
    displayName: 'West US 2',
    regionalDisplayName: '(US) West US 2',
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Recommended',
      geography: 'United States',
      geographyGroup: 'US',
      longitude: '-119.852',
      latitude: '47.233',
      physicalLocation: 'Washington',
      pairedRegion: ['westcentralus'],
    },
    zones: 3,
  },
  {
    name: 'westeurope',
    type: 'Region',
    displayName: 'West Europe',
    regionalDisplayName: '(Europe) West Europe',
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Recommended',
      geography: 'Netherlands',
      geographyGroup: 'Europe',
      longitude: '4.9',
      latitude: '52.3667',
      physicalLocation: 'Netherlands',
      pairedRegion: ['northeurope'],
    },
    zones: 3,
  },
  {
    name: 'uksouth',
    type: 'Region',
    displayName: 'UK South',
    regionalDisplayName: '(Europe) UK South',
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Recommended',
      geography: 'United Kingdom',
      geographyGroup: 'Europe',
      longitude: '-0.799',
      latitude: '50.941',
      physicalLocation: 'London',
      pairedRegion: ['ukwest'],
    },
    zones: 3,
  },
  {
    name: 'unitedstates',
    type: 'Region',
    displayName: 'United States',
    regionalDisplayName: 'United States',
    metadata: {regionType: 'Logical', regionCategory: 'Other', geography: 'United States', geographyGroup: 'US'},
  },
]

const EXTENDED_LOCATIONS: LocationSeed[] = [
  {
    name: 'losangeles',
    type: 'EdgeZone',
    displayName: 'Los Angeles',
    regionalDisplayName: '(US) Los Angeles',
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Other',
      geography: 'United States',
      geographyGroup: 'US',
      longitude: '-118.2437',
      latitude: '34.0522',
      physicalLocation: 'Los Angeles',
      homeLocation: 'westus',
    },
  },
]

/** One location as ARM sends it: only the keys that have a value. */
function locationJson(subscriptionId: string, location: LocationSeed) {
  const id = (name: string) => `/subscriptions/${subscriptionId}/locations/${name}`
  const {pairedRegion, ...metadata} = location.metadata
  return {
    id: id(location.name),
    name: location.name,
    type: location.type,
    displayName: location.displayName,
    regionalDisplayName: location.regionalDisplayName,
    metadata: {...metadata, ...(pairedRegion ? {pairedRegion: pairedRegion.map((name) => ({name, id: id(name)}))} : {})},
    ...(location.zones
      ? {
          availabilityZoneMappings: Array.from({length: location.zones}, (_, zone) => ({
            logicalZone: String(zone + 1),
            physicalZone: `${location.name}-az${zone + 1}`,
          })),
        }
      : {}),
  }
}

export const locationsRoute = armRoute('locations', /^\/subscriptions\/([^/]+)\/locations\/?$/i, (request, context, principal) => {
  const subscription = visibleSubscription(context, principal, request.params[0])
  if (!subscription) return subscriptionNotFound(request.params[0])
  const extended = request.url.searchParams.get('includeExtendedLocations')?.toLowerCase() === 'true'
  return json(200, {value: [...LOCATIONS, ...(extended ? EXTENDED_LOCATIONS : [])].map((location) => locationJson(subscription.id, location))})
})
