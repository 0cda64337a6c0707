/**
 * Several processes changing the same config dir at once, as scripts and CI jobs do with az
 * (az issues 19402, 20273): every read-modify-write must survive.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterAll, describe, expect, it} from '@jest/globals'

import {parseProfileText} from './profile-file.js'

const WRITERS = 8
const CHANGES_EACH = 5

const here = fileURLToPath(new URL('.', import.meta.url))
const repoRoot = join(here, '..', '..', '..', '..')
const root = mkdtempSync(join(tmpdir(), 'azx-profile-race-'))
afterAll(() => rmSync(root, {force: true, recursive: true}))

/** One writer: registers a cloud, then stores its subscriptions one login at a time (merging). */
const WRITER = `
import {CloudService} from ${JSON.stringify(join(here, '..', 'clouds', 'service.ts'))}
import {ProfileService} from ${JSON.stringify(join(here, 'service.ts'))}

const [writer, changes] = process.argv.slice(2).map(Number)
const settings = {get: () => undefined, write: async () => {}}
const clouds = new CloudService({settings})
const profile = new ProfileService({clouds})
const endpoints = {
  active_directory: 'https://login.example.com',
  active_directory_graph_resource_id: 'https://graph.example.com/',
  active_directory_resource_id: 'https://management.example.com/',
  resource_manager: 'https://rm.example.com/',
}
await clouds.register('Cloud' + writer, {endpoints})
for (let change = 0; change < changes; change++) {
  const id = 'w' + writer + '-' + change
  const user = {name: 'u' + writer, type: 'user'}
  await profile.saveSubscriptions([{environmentName: 'AzureCloud', id, name: id, state: 'Enabled', tenantId: 't', user}])
}
`

function runWriter(script: string, writer: number): Promise<{code: number | null; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(writer), String(CHANGES_EACH)], {
      cwd: repoRoot,
      env: {...process.env, AZURE_CONFIG_DIR: join(root, 'azure'), NODE_OPTIONS: ''},
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stderr}))
  })
}

describe('concurrent writers', () => {
  it('lose no update to azureProfile.json or clouds.config', async () => {
    const script = join(root, 'writer.mts')
    writeFileSync(script, WRITER)
    const results = await Promise.all(Array.from({length: WRITERS}, (_, writer) => runWriter(script, writer)))
    for (const result of results) expect(result).toEqual({code: 0, stderr: ''})

    const read = parseProfileText(readFileSync(join(root, 'azure', 'azureProfile.json')))
    if (read.status !== 'ok') throw new Error(`the profile is not usable: ${JSON.stringify(read)}`)
    const ids = read.document.subscriptions.map((subscription) => subscription.id).sort()
    const expected = Array.from({length: WRITERS}, (_, writer) => Array.from({length: CHANGES_EACH}, (_, change) => `w${writer}-${change}`))
      .flat()
      .sort()
    expect(ids).toEqual(expected)
    expect(read.document.subscriptions.filter((subscription) => subscription.isDefault)).toHaveLength(1)

    const cloudsConfig = readFileSync(join(root, 'azure', 'clouds.config'), 'utf8')
    for (let writer = 0; writer < WRITERS; writer++) expect(cloudsConfig).toContain(`[Cloud${writer}]\n`)
    const defaultId = read.document.subscriptions.find((subscription) => subscription.isDefault)!.id
    expect(cloudsConfig).toContain(`[AzureCloud]\nsubscription = ${defaultId}\n`)
  }, 60_000)
})
