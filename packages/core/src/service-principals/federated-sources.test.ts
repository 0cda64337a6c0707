import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {createTestConfigDir} from '../testing/index.js'
import type {TestConfigDir} from '../testing/index.js'
import {FEDERATED_SOURCES_FILE, federatedSourceOf} from './federated-sources.js'
import {clearServicePrincipals, listServicePrincipals, removeServicePrincipal, saveServicePrincipal} from './index.js'

const APP = '30000000-0000-4000-8000-000000000002'
const TENANT = '10000000-0000-4000-8000-000000000001'
const OTHER_TENANT = '10000000-0000-4000-8000-000000000002'

let config: TestConfigDir

beforeEach(async () => {
  config = await createTestConfigDir()
})
afterEach(() => config.dispose())

const sourcesPath = () => join(config.path, FEDERATED_SOURCES_FILE)
const entry = (assertion: string, tenant = TENANT) => ({client_assertion: assertion, client_id: APP, tenant})

describe('where federated tokens come from, beside service_principal_entries.json', () => {
  it('is recorded for the entry that holds the token that proved the sign-in, and read back', async () => {
    await saveServicePrincipal(entry('first-token'), {provider: 'azure-pipelines', serviceConnectionId: 'connection'})
    expect(await federatedSourceOf(entry('first-token'))).toEqual({provider: 'azure-pipelines', serviceConnectionId: 'connection'})
    // az's file holds az's fields only.
    expect(await listServicePrincipals()).toEqual([{client_assertion: 'first-token', client_id: APP, tenant: TENANT}])
    const records = JSON.parse(readFileSync(sourcesPath(), 'utf8'))
    expect(records).toEqual([
      {
        client_assertion_sha256: expect.stringMatching(/^[\da-f]{64}$/),
        client_id: APP,
        federated_token_provider: 'azure-pipelines',
        service_connection_id: 'connection',
        tenant: TENANT,
      },
    ])
    expect(JSON.stringify(records)).not.toContain('first-token')
    expect(statSync(sourcesPath()).mode & 0o777).toBe(0o600)
  })

  it('does not apply once the entry holds another token (the Python az signed it in again), nor to another tenant', async () => {
    await saveServicePrincipal(entry('first-token'), {provider: 'github'})
    expect(await federatedSourceOf(entry('another-token'))).toBeUndefined()
    expect(await federatedSourceOf(entry('first-token', OTHER_TENANT))).toBeUndefined()
    expect(await federatedSourceOf({client_id: APP, tenant: TENANT})).toBeUndefined()
  })

  it('is forgotten by a sign-in without a source, by logout and by account clear', async () => {
    await saveServicePrincipal(entry('first-token'), {path: '/var/run/token', provider: 'file'})
    expect(await federatedSourceOf(entry('first-token'))).toEqual({path: '/var/run/token', provider: 'file'})
    await saveServicePrincipal(entry('first-token'))
    expect(await federatedSourceOf(entry('first-token'))).toBeUndefined()

    await saveServicePrincipal(entry('second-token'), {provider: 'github'})
    await removeServicePrincipal(APP)
    expect(JSON.parse(readFileSync(sourcesPath(), 'utf8'))).toEqual([])

    await saveServicePrincipal(entry('third-token'), {provider: 'github'})
    await clearServicePrincipals()
    expect(existsSync(sourcesPath())).toBe(false)
  })

  it('is not written, nor locked, by sign-ins that never had a source', async () => {
    await saveServicePrincipal({client_id: APP, client_secret: 'secret', tenant: TENANT})
    await removeServicePrincipal(APP)
    expect(readdirSync(config.path).filter((name) => name.startsWith('azx_'))).toEqual([])
  })

  it('an unreadable file is an error naming it when read, and is kept aside when written', async () => {
    writeFileSync(sourcesPath(), '{"not": "a list"}')
    await expect(federatedSourceOf(entry('first-token'))).rejects.toThrow(
      `Failed to read '${sourcesPath()}': it is not a list of federated token sources.`,
    )
    await saveServicePrincipal(entry('first-token'), {provider: 'github'})
    expect(await federatedSourceOf(entry('first-token'))).toEqual({provider: 'github'})
    expect(readdirSync(config.path).filter((name) => name.startsWith(FEDERATED_SOURCES_FILE) && name !== FEDERATED_SOURCES_FILE)).toHaveLength(1)
  })
})
