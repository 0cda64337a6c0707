import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {CommandError} from '@azx/core'

import {explainPublishSettings, parsePublishSettings} from './publish-settings.js'

/** Stands for a base64 PKCS#12: its content does not matter here. */
const CERTIFICATE = Buffer.from('not really a PKCS#12, but base64 all the same').toString('base64')
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSECRETSECRETSECRET\n-----END PRIVATE KEY-----'

const SCHEMA_1 = `<?xml version="1.0" encoding="utf-8"?>
<PublishData>
  <PublishProfile
    PublishMethod="AzureServiceManagementAPI"
    Url="https://management.core.windows.net/"
    ManagementCertificate="${CERTIFICATE}">
    <Subscription
      Id="11111111-1111-1111-1111-111111111111"
      Name="Pay-As-You-Go" />
  </PublishProfile>
</PublishData>`

const SCHEMA_2 = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<PublishData>
  <!-- <Subscription Id="99999999-9999-9999-9999-999999999999" Name="commented out" /> -->
  <PublishProfile SchemaVersion="2.0" PublishMethod="AzureServiceManagementAPI">
    <Subscription ServiceManagementUrl="https://management.core.windows.net" Id="22222222-2222-2222-2222-222222222222"
      Name="R&amp;D &#x3C;classic&#62;" ManagementCertificate="${CERTIFICATE}" />
    <Subscription ServiceManagementUrl='https://management.core.chinacloudapi.cn' Id='33333333-3333-3333-3333-333333333333'
      Name='a > b' ManagementCertificate='${CERTIFICATE}'></Subscription>
  </PublishProfile>
</PublishData>`

describe('parsePublishSettings', () => {
  it('reads schema 1.0: the certificate and URL on the profile', () => {
    expect(parsePublishSettings(SCHEMA_1, 'f')).toEqual({
      schemaVersion: '1.0',
      subscriptions: [{id: '11111111-1111-1111-1111-111111111111', managementUrl: 'https://management.core.windows.net/', name: 'Pay-As-You-Go'}],
    })
  })

  it('reads schema 2.0: a URL per subscription, entities decoded, comments skipped, either quote', () => {
    expect(parsePublishSettings(SCHEMA_2, 'f')).toEqual({
      schemaVersion: '2.0',
      subscriptions: [
        {id: '22222222-2222-2222-2222-222222222222', managementUrl: 'https://management.core.windows.net', name: 'R&D <classic>'},
        {id: '33333333-3333-3333-3333-333333333333', managementUrl: 'https://management.core.chinacloudapi.cn', name: 'a > b'},
      ],
    })
  })

  it.each([
    ['<Settings/>', "'f' is not a publish settings file: it has no PublishData/PublishProfile element."],
    ['<PublishData></PublishData>', "'f' is not a publish settings file: it has no PublishData/PublishProfile element."],
    [
      '<PublishData><PublishProfile PublishMethod="AzureServiceManagementAPI"/></PublishData>',
      "'f' is not a publish settings file: its PublishProfile has no SchemaVersion and no ManagementCertificate.",
    ],
  ])('rejects %s', (xml, message) => {
    expect(() => parsePublishSettings(xml, 'f')).toThrow(new CommandError(message))
  })
})

describe('explainPublishSettings', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'azx-publish-settings-'))
  })
  afterAll(() => rmSync(dir, {force: true, recursive: true}))

  it('always fails, listing the subscriptions and the way to sign in instead, never the key', async () => {
    const file = join(dir, 'both.publishsettings')
    writeFileSync(file, SCHEMA_2.replace('<PublishData>', `<PublishData>\n<!--\n${KEY}\n-->`))
    const error = (await explainPublishSettings(file).catch((caught: unknown) => caught)) as CommandError
    expect(error).toBeInstanceOf(CommandError)
    expect(error.exitCode).toBe(1)
    expect(error.message).toBe(
      `'${file}' is a publish settings file (schema 2.0) with management certificates for 2 subscription(s), which azx does not import:\n` +
        '  22222222-2222-2222-2222-222222222222  R&D <classic>  (https://management.core.windows.net)\n' +
        '  33333333-3333-3333-3333-333333333333  a > b  (https://management.core.chinacloudapi.cn)',
    )
    expect(error.recommendations.join('\n')).toMatch(/Azure Service Management \(classic\), which was retired on 31 August 2024/)
    expect(error.recommendations.join('\n')).toContain('az login --service-principal -u APP_ID --tenant TENANT --certificate PEM_FILE')
    expect(error.recommendations.join('\n')).toContain(`delete '${file}'`)
    const printed = [error.message, ...error.recommendations].join('\n')
    expect(printed).not.toContain('SECRET')
    expect(printed).not.toContain(CERTIFICATE)
  })

  it('says when the file cannot be read', async () => {
    const missing = join(dir, 'missing.publishsettings')
    await expect(explainPublishSettings(missing)).rejects.toThrow(new CommandError(`Cannot read '${missing}': ENOENT.`))
  })
})
