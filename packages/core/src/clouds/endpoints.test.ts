import {describe, expect, it} from '@jest/globals'

import {normalizeEndpoints, requiredEndpoint} from './endpoints.js'

describe('normalizeEndpoints', () => {
  it.each([
    ['https://login.contoso.example:443', 'https://login.contoso.example'],
    ['https://Login.Contoso.Example:443/', 'https://login.contoso.example'],
    ['HTTPS://login.contoso.example//', 'https://login.contoso.example'],
    ['https://localhost:8443', 'https://localhost:8443'],
    ['https://adfs.local.azurestack.external:443/adfs/', 'https://adfs.local.azurestack.external/adfs'],
    ['https://login.contoso.example/Tenant-Path', 'https://login.contoso.example/Tenant-Path'],
    ['https://[::1]:443', 'https://[::1]'],
    ['not a url', 'not a url'],
  ])('the Active Directory endpoint %s is %s', (written, used) => {
    expect(normalizeEndpoints({active_directory: written}).active_directory).toBe(used)
  })

  it('drops the default port of the resource manager but keeps its path and trailing slash as written', () => {
    expect(normalizeEndpoints({resource_manager: 'https://Management.Contoso.Example:443/'}).resource_manager).toBe(
      'https://management.contoso.example/',
    )
    expect(normalizeEndpoints({resource_manager: 'https://management.contoso.example:443'}).resource_manager).toBe(
      'https://management.contoso.example',
    )
    expect(normalizeEndpoints({resource_manager: 'https://management.contoso.example:8443/x/'}).resource_manager).toBe(
      'https://management.contoso.example:8443/x/',
    )
  })

  it('leaves resource IDs and other endpoints exactly as written: they are token audiences or only shown', () => {
    const endpoints = {
      active_directory_resource_id: 'https://Management.Contoso.Example:443/',
      microsoft_graph_resource_id: 'https://graph.contoso.example:443/',
      portal: 'https://Portal.Contoso.Example:443',
    }
    expect(normalizeEndpoints(endpoints)).toEqual(endpoints)
  })
})

describe('requiredEndpoint', () => {
  const cloud = {endpoints: {resource_manager: 'https://management.contoso.example/'}, name: 'Contoso'}

  it('is the endpoint when the cloud has it', () => {
    expect(requiredEndpoint(cloud, 'resource_manager')).toBe('https://management.contoso.example/')
  })

  it.each([
    ['active_directory', 'Contoso', 'az cloud update --name Contoso --endpoint-active-directory URL'],
    ['microsoft_graph_resource_id', 'Contoso', `az cloud update --name Contoso --cloud-config '{"endpoints":{"microsoftGraphResourceId":"URL"}}'`],
    ['active_directory_resource_id', "Bob's Cloud", String.raw`az cloud update --name 'Bob'\''s Cloud' --endpoint-active-directory-resource-id URL`],
  ] as const)('names a missing %s of the cloud %s and the az cloud update command that sets it', (name, cloudName, command) => {
    expect(() => requiredEndpoint({...cloud, name: cloudName}, name)).toThrow(
      expect.objectContaining({
        exitCode: 1,
        message: `The endpoint '${name}' for the cloud '${cloudName}' is not set but is used.`,
        recommendations: [`Set it with \`${command}\`, then run the command again.`],
      }),
    )
  })
})
