/**
 * A `config`, `clouds.config` or local `.azure/config` with a section or a key written twice. The
 * Python az reads them with configparser in strict mode and stops; azx refuses them too, with an
 * error naming the file, both lines and what to do, exit 1. No command rewrites such a file or
 * changes any other (before, the last value won and the next write dropped the first: a second
 * `[cloud]` section switched the active cloud).
 */
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it, jest} from '@jest/globals'

import {copySandbox} from './support/account.js'
import type {CliResult} from './support/cli.js'
import {snapshot} from './support/config-files.js'
import {runPythonAz} from './support/python-az.js'
import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, CONTOSO_DEV, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

jest.setTimeout(240_000)

let emulator: Emulator
/** Signed in as a service principal on the emulator cloud `Emu`; each test works on a copy. */
let template: EmulatorSandbox
let sandbox: EmulatorSandbox | undefined

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
  template = new EmulatorSandbox(emulator)
  await template.useEmulatorCloud()
  await template.loginServicePrincipal()
})
afterAll(async () => {
  template?.dispose()
  await emulator?.close()
})
afterEach(() => sandbox?.dispose())

function signedInCopy(): EmulatorSandbox {
  sandbox = copySandbox(template)
  return sandbox
}

const LOGIN_SP = ['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO]

/** Runs every command line; each must fail with the duplicate's error and leave every file and the emulator alone. */
async function expectEveryCommandRefused(on: EmulatorSandbox, commands: string[][], message: string, advice: string, cwd?: string): Promise<void> {
  const before = snapshot(on.configDir)
  const entries = readdirSync(on.configDir).sort()
  emulator.requests.clear()
  for (const args of commands) {
    const result: CliResult = await on.run(args, {cwd})
    expect({args, exitCode: result.exitCode, stdout: result.stdout}).toEqual({args, exitCode: 1, stdout: ''})
    expect(result.stderr).toContain(`ERROR: ${message}\n${advice}\n`)
  }

  expect(snapshot(on.configDir)).toEqual(before)
  expect(readdirSync(on.configDir).sort()).toEqual(entries)
  expect(emulator.requests.count()).toBe(0)
}

describe('a config file with a section written twice', () => {
  it('is refused by every command, the login and the writes included, and left as it is', async () => {
    const copy = signedInCopy()
    const config = join(copy.configDir, 'config')
    // A second [cloud] section that would have made AzureCloud the active cloud.
    writeFileSync(config, `${readFileSync(config, 'utf8')}[core]\noutput = table\n\n[cloud]\nname = AzureCloud\n`)
    const cloudLine = readFileSync(config, 'utf8').split('\n').indexOf('[cloud]') + 1
    const secondLine = readFileSync(config, 'utf8').split('\n').lastIndexOf('[cloud]') + 1
    await expectEveryCommandRefused(
      copy,
      [
        ['config', 'get'],
        ['config', 'get', 'cloud.name'],
        ['config', 'set', 'core.output=yaml'],
        ['config', 'unset', 'core.output'],
        ['cloud', 'set', '--name', 'AzureCloud'],
        ['cloud', 'show'],
        ['account', 'show'],
        ['account', 'get-access-token'],
        ['account', 'set', '--subscription', CONTOSO_DEV],
        LOGIN_SP,
        ['login', '-u', ALICE, '-p', 'alice-password-1'],
      ],
      `'${config}' has the section [cloud] twice (lines ${cloudLine} and ${secondLine}), so it cannot be read: az refuses such a file too.`,
      `Edit '${config}': merge the two [cloud] sections into one, keeping the values you want, then run the command again.`,
    )
  })

  it('works again once the sections are merged: the first one, kept, still names the emulator cloud', async () => {
    const copy = signedInCopy()
    const config = join(copy.configDir, 'config')
    const merged = readFileSync(config, 'utf8')
    writeFileSync(config, `${merged}[cloud]\nname = AzureCloud\n`)
    expect(await copy.run(['account', 'show'])).toMatchObject({exitCode: 1, stderr: expect.stringContaining('has the section [cloud] twice')})
    writeFileSync(config, merged)
    expect(JSON.parse((await copy.ok(['account', 'show'])).stdout)).toMatchObject({environmentName: 'Emu', id: CONTOSO_DEV})
  })

  it('stops the Python az too, which leaves it as it is', async () => {
    const copy = signedInCopy()
    const config = join(copy.configDir, 'config')
    const text = `${readFileSync(config, 'utf8')}[cloud]\nname = AzureCloud\n`
    writeFileSync(config, text)
    const python = await runPythonAz(copy, ['config', 'set', 'core.output=yaml'])
    expect(python.exitCode).toBe(1)
    expect(python.stderr).toContain(`DuplicateSectionError: While reading from '${config}'`)
    expect(readFileSync(config, 'utf8')).toBe(text)
  })
})

describe('a config file with a key written twice', () => {
  it('is refused, in any casing of the key, by every command', async () => {
    const copy = signedInCopy()
    const config = join(copy.configDir, 'config')
    const lines = readFileSync(config, 'utf8').split('\n').length
    writeFileSync(config, `${readFileSync(config, 'utf8')}[core]\noutput = json\nOUTPUT = table\n`)
    const commands = [['account', 'get-access-token'], ['account', 'show'], ['config', 'set', 'core.output=tsv'], ['version']]
    const message =
      `'${config}' sets 'output' twice in the section [core] (lines ${lines + 1} ` +
      `and ${lines + 2}), so it cannot be read: az refuses such a file too.`
    const advice = `Edit '${config}': keep one 'output' line in [core], the one with the value you want, then run the command again.`
    await expectEveryCommandRefused(copy, commands, message, advice)
  })
})

describe('a clouds.config with a key written twice', () => {
  it('is refused by the cloud, login and account commands, neither rewritten nor kept aside', async () => {
    const copy = signedInCopy()
    const clouds = join(copy.configDir, 'clouds.config')
    const text = readFileSync(clouds, 'utf8')
    expect(text.startsWith('[Emu]\nendpoint_resource_manager = ')).toBe(true)
    // A second resource manager for the same cloud: which one would a login have used?
    writeFileSync(clouds, text.replace('[Emu]\n', '[Emu]\nendpoint_resource_manager = https://elsewhere.example/\n'))
    await expectEveryCommandRefused(
      copy,
      [
        ['cloud', 'list'],
        ['cloud', 'show', '--name', 'Emu'],
        ['cloud', 'set', '--name', 'AzureCloud'],
        ['cloud', 'update', '--name', 'Emu', '--profile', 'latest'],
        [
          'cloud',
          'register',
          '--name',
          'Other',
          '--endpoint-resource-manager',
          'https://rm.example/',
          '--endpoint-active-directory',
          'https://login.example',
          '--endpoint-active-directory-resource-id',
          'https://rm.example/',
          '--endpoint-active-directory-graph-resource-id',
          'https://graph.example/',
        ],
        ['account', 'get-access-token'],
        ['account', 'set', '--subscription', CONTOSO_DEV],
        LOGIN_SP,
      ],
      `'${clouds}' sets 'endpoint_resource_manager' twice in the section [Emu] (lines 2 and 3), so it cannot be read: az refuses such a file too.`,
      `Edit '${clouds}': keep one 'endpoint_resource_manager' line in [Emu], the one with the value you want, then run the command again.`,
    )
  })
})

describe('a local .azure/config with a section written twice', () => {
  it('is refused by --local reads and writes; the global file still works', async () => {
    const copy = signedInCopy()
    const project = join(copy.root, 'project')
    // The local directory is named like the config dir (`azure` here, `.azure` for ~/.azure).
    const localDir = join(project, 'azure')
    mkdirSync(localDir, {recursive: true})
    const local = join(localDir, 'config')
    const text = '[defaults]\ngroup = rg-web\n\n[defaults]\nlocation = eastus\n'
    writeFileSync(local, text)
    await expectEveryCommandRefused(
      copy,
      [
        ['config', 'get', '--local'],
        ['config', 'set', '--local', 'defaults.group=rg-api'],
        ['config', 'unset', '--local', 'defaults.group'],
      ],
      `'${local}' has the section [defaults] twice (lines 1 and 4), so it cannot be read: az refuses such a file too.`,
      `Edit '${local}': merge the two [defaults] sections into one, keeping the values you want, then run the command again.`,
      project,
    )
    expect(readFileSync(local, 'utf8')).toBe(text)
    await copy.ok(['config', 'set', 'core.output=json'], {cwd: project})
    expect(readFileSync(local, 'utf8')).toBe(text)
  })
})
