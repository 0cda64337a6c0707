import {describe, expect, it} from '@jest/globals'

import {endpointFlag, suffixFlag, toCamelCase, toSnakeCase} from './names.js'

describe('toSnakeCase (knack to_snake_case)', () => {
  it.each([
    ['endpointResourceManager', 'endpoint_resource_manager'],
    ['activeDirectoryGraphResourceId', 'active_directory_graph_resource_id'],
    ['vmImageAliasDoc', 'vm_image_alias_doc'],
    ['suffixAcrLoginServerEndpoint', 'suffix_acr_login_server_endpoint'],
    ['azureDatalakeStoreFileSystemEndpoint', 'azure_datalake_store_file_system_endpoint'],
    ['ossrdbmsResourceId', 'ossrdbms_resource_id'],
    ['profile', 'profile'],
    ['already_snake', 'already_snake'],
    ['HTTPEndpoint', 'http_endpoint'],
  ])('%s → %s', (input, expected) => {
    expect(toSnakeCase(input)).toBe(expected)
  })
})

describe('toCamelCase (knack to_camel_case)', () => {
  it.each([
    ['resource_manager', 'resourceManager'],
    ['app_insights_telemetry_channel_resource_id', 'appInsightsTelemetryChannelResourceId'],
    ['azmirror_storage_account_resource_id', 'azmirrorStorageAccountResourceId'],
    ['_private', '_private'],
    ['is_active', 'isActive'],
  ])('%s → %s', (input, expected) => {
    expect(toCamelCase(input)).toBe(expected)
  })
})

describe('flag names', () => {
  it('spells endpoint and suffix flags as az does', () => {
    expect(endpointFlag('active_directory_resource_id')).toBe('--endpoint-active-directory-resource-id')
    expect(suffixFlag('keyvault_dns')).toBe('--suffix-keyvault-dns')
  })
})
