import {describe, expect, it} from '@jest/globals'

import {assertHttpsEndpoints, cloudInputFromConfig, mergeCloudInputs, missingEndpointsError, missingRequiredEndpoints} from './input.js'

describe('cloudInputFromConfig', () => {
  it('reads flat camelCase keys, as in az help', () => {
    expect(cloudInputFromConfig({endpointActiveDirectory: 'https://login.microsoftonline.us', suffixAcrLoginServerEndpoint: '.azurecr.us'})).toEqual({
      endpoints: {active_directory: 'https://login.microsoftonline.us'},
      profile: undefined,
      suffixes: {acr_login_server_endpoint: '.azurecr.us'},
    })
  })

  it('reads the shape az cloud show prints, nulls left unset, name and isActive ignored', () => {
    const input = cloudInputFromConfig({
      endpoints: {activeDirectory: 'https://l', fooBar: 'https://x', gallery: null},
      isActive: true,
      name: 'Ignored',
      profile: '2019-03-01-hybrid',
      suffixes: {keyvaultDns: '.kv', storageEndpoint: null},
    })
    expect(input).toEqual({
      endpoints: {active_directory: 'https://l', foo_bar: 'https://x'},
      profile: '2019-03-01-hybrid',
      suffixes: {keyvault_dns: '.kv'},
    })
  })

  it('lets flat keys win over nested ones, as az applies them last', () => {
    expect(cloudInputFromConfig({endpointGallery: 'https://flat', endpoints: {gallery: 'https://nested'}}).endpoints).toEqual({
      gallery: 'https://flat',
    })
  })

  it('accepts snake_case keys too', () => {
    expect(cloudInputFromConfig({endpoint_resource_manager: 'https://rm'}).endpoints).toEqual({resource_manager: 'https://rm'})
  })

  it('rejects what configparser could not store', () => {
    expect(() => cloudInputFromConfig([])).toThrow('The --cloud-config value must be a JSON object')
    expect(() => cloudInputFromConfig({endpointGallery: 5})).toThrow("The value of 'endpoint_gallery' in --cloud-config must be a string.")
    expect(() => cloudInputFromConfig({endpoints: 'x'})).toThrow("The 'endpoints' of --cloud-config must be a JSON object.")
  })
})

describe('mergeCloudInputs', () => {
  it('lays flags over the cloud config', () => {
    expect(mergeCloudInputs({endpoints: {a: '1', b: '2'}, profile: 'latest', suffixes: {s: 'x'}}, {endpoints: {b: '3'}, suffixes: {}})).toEqual({
      endpoints: {a: '1', b: '3'},
      profile: 'latest',
      suffixes: {s: 'x'},
    })
  })
})

describe('assertHttpsEndpoints', () => {
  it('accepts https URLs', () => {
    expect(() =>
      assertHttpsEndpoints({active_directory: 'https://login.example.com', resource_manager: 'https://rm.example.com:8443/'}),
    ).not.toThrow()
  })

  it.each(['http://login.example.com', 'login.example.com', 'ftp://x', ''])('rejects %p, naming the flag and what to do', (value) => {
    let error: unknown
    try {
      assertHttpsEndpoints({active_directory: value})
    } catch (caught) {
      error = caught
    }

    expect(error).toMatchObject({
      exitCode: 1,
      message:
        `The endpoint --endpoint-active-directory is '${value}', which is not an https:// URL. ` +
        `azx sends sign-in requests and tokens to a cloud's endpoints, so it only accepts endpoints that use HTTPS.`,
      recommendations: ['Give --endpoint-active-directory as an https:// URL (on the command line or in --cloud-config) and run the command again.'],
    })
  })
})

describe('required endpoints', () => {
  it("lists the missing ones in az's order with az's message", () => {
    const missing = missingRequiredEndpoints({active_directory: 'https://l'})
    expect(missing).toEqual([
      '--endpoint-resource-manager',
      '--endpoint-active-directory-resource-id',
      '--endpoint-active-directory-graph-resource-id',
    ])
    expect(missingEndpointsError(missing).message).toBe(
      'The following endpoints are required for the CLI to function and were not ' +
        'specified on the command line, in the cloud config or could not be autodetected.\n' +
        'Specify them on the command line or through the cloud config file:\n' +
        '--endpoint-resource-manager, --endpoint-active-directory-resource-id, --endpoint-active-directory-graph-resource-id',
    )
  })
})
