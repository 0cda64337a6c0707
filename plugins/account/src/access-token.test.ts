import {describe, expect, it} from '@jest/globals'

import {CommandError} from '@azx/core'
import type {Cloud} from '@azx/core'

import {localExpiresOn, RESOURCE_TYPES, scopesFor} from './access-token.js'

const endpoints = {
  active_directory_resource_id: 'https://management.core.windows.net/',
  batch_resource_id: 'https://batch.core.windows.net/',
  microsoft_graph_resource_id: 'https://graph.microsoft.com/',
  ossrdbms_resource_id: 'https://ossrdbms-aad.database.windows.net',
}
const cloud: Cloud = {endpoints, isActive: true, name: 'Emu', profile: 'latest', suffixes: {}, writtenEndpoints: endpoints}

describe('scopesFor', () => {
  it('asks for ARM by default, keeping the trailing slash of the resource', () => {
    expect(scopesFor({}, cloud)).toEqual(['https://management.core.windows.net//.default'])
  })

  it('takes --scope over --resource over --resource-type', () => {
    expect(scopesFor({resource: 'https://vault.azure.net', resourceType: 'batch', scopes: ['a/.default', 'b/.default']}, cloud)).toEqual([
      'a/.default',
      'b/.default',
    ])
    expect(scopesFor({resource: 'https://vault.azure.net', resourceType: 'batch'}, cloud)).toEqual(['https://vault.azure.net/.default'])
    expect(scopesFor({resource: 'https://graph.microsoft.com/'}, cloud)).toEqual(['https://graph.microsoft.com//.default'])
    expect(scopesFor({resourceType: 'oss-rdbms', scopes: []}, cloud)).toEqual(['https://ossrdbms-aad.database.windows.net/.default'])
  })

  it("maps each --resource-type to the cloud's endpoint, as az does", () => {
    expect(RESOURCE_TYPES).toEqual({
      'aad-graph': 'active_directory_graph_resource_id',
      arm: 'active_directory_resource_id',
      batch: 'batch_resource_id',
      'data-lake': 'active_directory_data_lake_resource_id',
      media: 'media_resource_id',
      'ms-graph': 'microsoft_graph_resource_id',
      'oss-rdbms': 'ossrdbms_resource_id',
    })
    // az's order, which its "Allowed values" message lists.
    expect(Object.keys(RESOURCE_TYPES)).toEqual(['oss-rdbms', 'arm', 'aad-graph', 'ms-graph', 'batch', 'media', 'data-lake'])
    expect(scopesFor({resourceType: 'ms-graph'}, cloud)).toEqual(['https://graph.microsoft.com//.default'])
  })

  it.each([
    [{resourceType: 'media'} as const, 'media_resource_id', `--cloud-config '{"endpoints":{"mediaResourceId":"URL"}}'`],
    [{}, 'active_directory_resource_id', '--endpoint-active-directory-resource-id URL'],
  ])('names the endpoint the cloud lacks, and how to set it: %j', (request, endpoint, setting) => {
    const bare: Cloud = {...cloud, endpoints: {microsoft_graph_resource_id: 'https://graph.microsoft.com/'}}
    let error: unknown
    try {
      scopesFor(request, bare)
    } catch (caught) {
      error = caught
    }

    expect(error).toBeInstanceOf(CommandError)
    expect(error).toMatchObject({
      exitCode: 1,
      message: `The endpoint '${endpoint}' for the cloud 'Emu' is not set but is used.`,
      recommendations: [`Set it with \`az cloud update --name Emu ${setting}\`, then run the command again.`],
    })
  })
})

describe('localExpiresOn', () => {
  it("prints local wall-clock time in az's format, microseconds always zero", () => {
    expect(localExpiresOn(new Date(2026, 10, 21, 6, 2, 24))).toBe('2026-11-21 06:02:24.000000')
    expect(localExpiresOn(new Date(2027, 0, 5, 7, 8, 9, 999))).toBe('2027-01-05 07:08:09.000000')
  })
})
