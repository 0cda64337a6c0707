/**
 * `az account list-locations [--include-extended-locations]` (today's az): ARM's locations of the
 * subscription in az's JSON (ARM's objects, keys sorted) and `-o table` columns, edge zones only
 * when asked, the three-state flag's values, and az's errors.
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {CONTOSO_DEV, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

const CONTOSO_PROD = '50000000-0000-4000-8000-000000000002'

// az's automatic table: the scalar keys, sorted, `id` and `type` left out.
const TABLE = `DisplayName    Name          RegionalDisplayName
-------------  ------------  ---------------------
East US        eastus        (US) East US
West US 2      westus2       (US) West US 2
West Europe    westeurope    (Europe) West Europe
UK South       uksouth       (Europe) UK South
United States  unitedstates  United States
`

// The first location as az prints ARM's object: two-space indents, keys sorted at every level.
const EAST_US = `  {
    "availabilityZoneMappings": [
      {
        "logicalZone": "1",
        "physicalZone": "eastus-az1"
      },
      {
        "logicalZone": "2",
        "physicalZone": "eastus-az2"
      },
      {
        "logicalZone": "3",
        "physicalZone": "eastus-az3"
      }
    ],
    "displayName": "East US",
    "id": "/subscriptions/${CONTOSO_DEV}/locations/eastus",
    "metadata": {
      "geography": "United States",
      "geographyGroup": "US",
      "latitude": "37.3719",
      "longitude": "-79.8164",
      "pairedRegion": [
        {
          "id": "/subscriptions/${CONTOSO_DEV}/locations/westus",
          "name": "westus"
        }
      ],
      "physicalLocation": "Virginia",
      "regionCategory": "Recommended",
      "regionType": "Physical"
    },
    "name": "eastus",
    "regionalDisplayName": "(US) East US",
    "type": "Region"
  },
`

let emulator: Emulator
let sandbox: EmulatorSandbox

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
  sandbox = new EmulatorSandbox(emulator)
  await sandbox.useEmulatorCloud()
})
afterAll(async () => {
  sandbox.dispose()
  await emulator.close()
})

const names = async (args: string[]) =>
  (await sandbox.ok(['account', 'list-locations', ...args, '--query', '[].name', '-o', 'tsv'])).stdout.trim().split('\n')

describe('az account list-locations', () => {
  it('says to log in first, as az does', async () => {
    expect(await sandbox.run(['account', 'list-locations'])).toMatchObject({exitCode: 1, stderr: "ERROR: Please run 'az login' to setup account.\n"})
  })

  it("prints ARM's locations of the default subscription in az's JSON and table", async () => {
    await sandbox.loginServicePrincipal()
    emulator.requests.clear()
    const json = (await sandbox.ok(['account', 'list-locations'])).stdout
    expect(json.startsWith(`[\n${EAST_US}`)).toBe(true)
    expect(JSON.parse(json)).toHaveLength(5)
    expect(emulator.requests.entries().map((entry) => `${entry.path}?${entry.query}`)).toEqual([
      `/subscriptions/${CONTOSO_DEV}/locations?api-version=2022-12-01`,
    ])
    expect((await sandbox.ok(['account', 'list-locations', '-o', 'table'])).stdout).toBe(TABLE)
  })

  it('adds the edge zones with --include-extended-locations, given alone or with a true value', async () => {
    emulator.requests.clear()
    expect(await names(['--include-extended-locations'])).toContain('losangeles')
    expect(emulator.requests.entries()[0].query).toBe('api-version=2022-12-01&includeExtendedLocations=true')
    expect(await names(['--include-extended-locations', 'yes'])).toContain('losangeles')
    expect(await names(['--include-extended-locations', 'false'])).not.toContain('losangeles')
    expect(await names([])).not.toContain('losangeles')
  })

  it('lists another subscription with --subscription', async () => {
    const ids = JSON.parse((await sandbox.ok(['account', 'list-locations', '--subscription', 'Contoso Prod', '--query', '[].id'])).stdout) as string[]
    expect(ids.every((id) => id.startsWith(`/subscriptions/${CONTOSO_PROD}/locations/`))).toBe(true)
  })

  it.each([
    [
      ['--include-extended-locations', 'maybe'],
      "ERROR: az account list-locations: 'maybe' is not a valid value for '--include-extended-locations'. " +
        'Allowed values: 0, 1, f, false, n, no, t, true, y, yes.\n',
    ],
    [['true'], 'ERROR: unrecognized arguments: true\n'],
  ])('refuses %j with exit 2', async (args, error) => {
    const result = await sandbox.run(['account', 'list-locations', ...args])
    expect(result.exitCode).toBe(2)
    expect(result.stderr.startsWith(error)).toBe(true)
    expect(result.stdout).toBe('')
  })
})
