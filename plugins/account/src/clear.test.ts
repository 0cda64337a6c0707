/**
 * Commands run in-process in two config dirs, one after the other, with nothing reset between
 * them: each reads and clears its own dir's files. The token cache service is the one that fixes
 * its dir when it is built, so `az account clear` in the second dir shows whether the registry
 * handed it the first dir's instance.
 */
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {runCommand} from '@azx/core/testing'

import AccountClear from './commands/account/clear.js'
import AccountList from './commands/account/list.js'

/** A config dir signed in to one subscription, with a token cache. */
function signedInDir(subscription: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'azx-clear-'))
  const stored = {
    environmentName: 'AzureCloud',
    homeTenantId: '10000000-0000-4000-8000-000000000001',
    id: '50000000-0000-4000-8000-000000000001',
    isDefault: true,
    managedByTenants: [],
    name: subscription,
    state: 'Enabled',
    tenantId: '10000000-0000-4000-8000-000000000001',
    user: {name: 'alice@contoso.example', type: 'user'},
  }
  writeFileSync(join(dir, 'azureProfile.json'), `\uFEFF${JSON.stringify({subscriptions: [stored]})}`)
  writeFileSync(join(dir, 'msal_token_cache.json'), '{"AccessToken": {}, "Account": {}, "IdToken": {}, "RefreshToken": {}, "AppMetadata": {}}', {
    mode: 0o600,
  })
  return dir
}

describe('commands in two config dirs in one process', () => {
  const saved = process.env.AZURE_CONFIG_DIR
  let first: string
  let second: string

  beforeAll(async () => {
    // Node's warning that jest's VM modules are experimental is written on a later turn of the
    // event loop than the one that loaded this file: let it be written before stderr is captured.
    await new Promise((resolve) => setImmediate(resolve))
  })

  beforeEach(() => {
    first = signedInDir('Contoso Dev')
    second = signedInDir('Fabrikam Dev')
  })

  afterEach(() => {
    if (saved === undefined) delete process.env.AZURE_CONFIG_DIR
    else process.env.AZURE_CONFIG_DIR = saved
    for (const dir of [first, second]) rmSync(dir, {force: true, recursive: true})
  })

  it('each reads and clears its own files, without resetServiceInstances()', async () => {
    const list = ['--query', '[].name', '-o', 'tsv']
    process.env.AZURE_CONFIG_DIR = first
    expect(await runCommand(AccountList, list)).toEqual({exitCode: 0, stderr: '', stdout: 'Contoso Dev\n'})
    expect(await runCommand(AccountClear)).toEqual({exitCode: 0, stderr: '', stdout: ''})
    expect(existsSync(join(first, 'msal_token_cache.json'))).toBe(false)

    process.env.AZURE_CONFIG_DIR = second
    expect(existsSync(join(second, 'msal_token_cache.json'))).toBe(true)
    expect(await runCommand(AccountList, list)).toEqual({exitCode: 0, stderr: '', stdout: 'Fabrikam Dev\n'})
    expect(await runCommand(AccountClear)).toEqual({exitCode: 0, stderr: '', stdout: ''})
    expect(existsSync(join(second, 'msal_token_cache.json'))).toBe(false)

    // Back in the first dir: as its own clear left it.
    process.env.AZURE_CONFIG_DIR = first
    expect(await runCommand(AccountList, list)).toEqual({
      exitCode: 0,
      stderr: 'WARNING: Please run "az login" to access your accounts.\n',
      stdout: '',
    })
  })
})
