/**
 * Helpers for the `az account` end-to-end tests: an emulator cloud that names every resource
 * `--resource-type` can ask for, copies of a signed-in sandbox (so a test may change its files
 * without signing in again), the stored files, and the claims of a token.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {EmulatorSandbox} from './signed-in.js'
import type {Emulator} from './signed-in.js'

/** The resource IDs of the emulator cloud, by `--resource-type`. */
export const RESOURCES = {
  'aad-graph': 'https://graph.windows.net/',
  arm: 'https://management.core.windows.net/',
  batch: 'https://batch.core.windows.net/',
  'data-lake': 'https://datalake.azure.net/',
  media: 'https://rest.media.azure.net',
  'ms-graph': 'https://graph.microsoft.com/',
  'oss-rdbms': 'https://ossrdbms-aad.database.windows.net',
} as const

/** The default ARM scope az asks for: the resource with `/.default`, its trailing slash kept. */
export const ARM_SCOPE = 'https://management.core.windows.net//.default'

/**
 * A sandbox whose active cloud `Emu` is the emulator with every resource ID set, registered with
 * `--cloud-config` as a user would.
 */
export async function accountSandbox(emulator: Emulator): Promise<EmulatorSandbox> {
  const sandbox = new EmulatorSandbox(emulator)
  const endpoints = {
    activeDirectory: emulator.url,
    activeDirectoryDataLakeResourceId: RESOURCES['data-lake'],
    activeDirectoryGraphResourceId: RESOURCES['aad-graph'],
    activeDirectoryResourceId: RESOURCES.arm,
    batchResourceId: RESOURCES.batch,
    mediaResourceId: RESOURCES.media,
    microsoftGraphResourceId: RESOURCES['ms-graph'],
    ossrdbmsResourceId: RESOURCES['oss-rdbms'],
    resourceManager: `${emulator.url}/`,
  }
  await sandbox.ok(['cloud', 'register', '--name', 'Emu', '--cloud-config', JSON.stringify({endpoints})])
  await sandbox.ok(['cloud', 'set', '--name', 'Emu'])
  return sandbox
}

export {copySandbox} from './signed-in.js'

export interface StoredProfile {
  installationId?: string
  subscriptions: {
    id: string
    isDefault: boolean
    name: string
    environmentName: string
    tenantId: string
    user: {name: string; type: string}
    [key: string]: unknown
  }[]
}

/** azureProfile.json, read as az reads it (UTF-8 with a BOM). */
export function readProfile(sandbox: EmulatorSandbox): StoredProfile {
  return JSON.parse(readFileSync(join(sandbox.configDir, 'azureProfile.json'), 'utf8').replace(/^\uFEFF/, '')) as StoredProfile
}

/** Writes azureProfile.json as az does: a BOM, no trailing newline. */
export function writeProfile(sandbox: EmulatorSandbox, profile: StoredProfile): void {
  writeFileSync(join(sandbox.configDir, 'azureProfile.json'), `\uFEFF${JSON.stringify(profile)}`)
}

/** The claims of a JWT, read without checking its signature. */
export function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

/** `2026-11-21 06:02:24.000000`: an instant as wall-clock time in `timeZone`, in az's `expiresOn` format. */
export function wallClock(epochSeconds: number, timeZone: string): string {
  const format = new Intl.DateTimeFormat('en-US', {
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
    minute: '2-digit',
    month: '2-digit',
    second: '2-digit',
    timeZone,
    year: 'numeric',
  })
  const part = Object.fromEntries(format.formatToParts(new Date(epochSeconds * 1000)).map(({type, value}) => [type, value]))
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}.000000`
}
