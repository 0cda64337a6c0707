/**
 * The config dir as the file system has it, beyond az's own files:
 * - a config dir the process cannot write (a read-only mount, an immutable directory or file):
 *   reads still work, and a command that must write fails (exit 1) naming the file, the directory
 *   and why, never a temporary file name, a traceback or a link to an issue tracker; nothing changes;
 * - files that are symbolic links, as dotfile managers make them: a write goes to the target (beside
 *   it, atomically) and the link stays a link, as the Python az's writes do (it writes in place).
 * The read-only mount is made in a mount namespace of the command's own (unshare), and the immutable
 * attribute with chattr: both need root, as these tests run here and in CI.
 */
import {spawnSync} from 'node:child_process'
import {lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'

import {copySandbox} from './support/account.js'
import {CONFIG, leftovers, PROFILE, readState, snapshot, TOKEN_CACHE} from './support/config-files.js'
import {spawnAz, spawnAzOk} from './support/processes.js'
import type {SpawnOptions, SpawnResult} from './support/processes.js'
import {runPythonAz} from './support/python-az.js'
import {ALICE, CONTOSO_DEV, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

const CONTOSO_TRIAL = '50000000-0000-4000-8000-000000000004'
const GRAPH = 'https://graph.microsoft.com'

let emulator: Emulator
/** A config dir signed in as Alice; each test works on a copy. */
let template: EmulatorSandbox
let sandbox: EmulatorSandbox

beforeAll(async () => {
  emulator = await startEmulator({autoApproveDeviceCodes: ALICE, proxyPort: false})
  template = new EmulatorSandbox(emulator)
  await template.useEmulatorCloud()
  await spawnAzOk(template, ['login', '--use-device-code', '--output', 'none'])
}, 120_000)

afterAll(async () => {
  template?.dispose()
  await emulator?.close()
})

beforeEach(() => {
  sandbox = copySandbox(template)
})

afterEach(() => {
  spawnSync('chattr', ['-R', '-i', sandbox.root])
  sandbox.dispose()
})

function az(args: string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  return spawnAz(sandbox, args, options)
}

/** Everything in a directory, by name: the bytes of files, where links point. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => {
        const path = join(dir, name)
        const stat = lstatSync(path)
        return [name, stat.isSymbolicLink() ? `-> ${readlinkSync(path)}` : stat.isDirectory() ? 'directory' : readFileSync(path, 'base64')]
      }),
  )
}

describe('a config dir the process cannot write', () => {
  const accountSet = ['account', 'set', '--subscription', CONTOSO_TRIAL]
  const configSet = ['config', 'set', 'defaults.location=eastus', '--only-show-errors']

  /** The error az prints when `file` cannot be written, and the advice after it. */
  function expectWriteError(run: SpawnResult, message: string, advice: string): void {
    expect({exitCode: run.exitCode, stderr: run.stderr}).toEqual({exitCode: 1, stderr: `ERROR: ${message}\n${advice}\n`})
  }

  it('on a read-only file system: reads work, writes fail saying which file cannot be written and why, and nothing changes', async () => {
    const dir = sandbox.configDir
    const before = contents(dir)
    // In a mount namespace of the command's own, the config dir is mounted read-only over itself.
    const readOnly: SpawnOptions = {
      prefix: ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind -o ro "$0" "$0" && exec "$@"', dir],
    }

    const show = await az(['account', 'show', '--query', 'id', '--output', 'tsv'], readOnly)
    expect({exitCode: show.exitCode, stdout: show.stdout}).toEqual({exitCode: 0, stdout: `${CONTOSO_DEV}\n`})
    expect((await az(['account', 'get-access-token', '--output', 'none'], readOnly)).exitCode).toBe(0)

    const advice = `'${dir}' is on a read-only file system: set AZURE_CONFIG_DIR to a directory you can write to, or make that file system writable.`
    expectWriteError(
      await az(accountSet, readOnly),
      `Could not write '${join(dir, PROFILE)}': cannot create a file in '${dir}': read-only file system (EROFS).`,
      advice,
    )
    expectWriteError(
      await az(configSet, readOnly),
      `Could not write '${join(dir, CONFIG)}': cannot create a file in '${dir}': read-only file system (EROFS).`,
      advice,
    )
    expect(contents(dir)).toEqual(before)
  })

  it('that is immutable, or whose file is: writes fail saying which file and why, and nothing changes or is left behind', async () => {
    const dir = sandbox.configDir
    const before = contents(dir)
    const advice =
      `Check the owner and permissions of '${dir}' and its files (ls -l; ` +
      'lsattr shows an immutable one), or set AZURE_CONFIG_DIR to a directory you can write to.'

    expect(spawnSync('chattr', ['+i', dir]).status).toBe(0)
    expectWriteError(
      await az(accountSet),
      `Could not write '${join(dir, PROFILE)}': cannot create a file in '${dir}': operation not permitted (EPERM).`,
      advice,
    )
    expectWriteError(
      await az(configSet),
      `Could not write '${join(dir, CONFIG)}': cannot create a file in '${dir}': operation not permitted (EPERM).`,
      advice,
    )
    expect(spawnSync('chattr', ['-i', dir]).status).toBe(0)
    expect(contents(dir)).toEqual(before)

    // The directory takes the temporary file and the lock; the file itself refuses to be replaced.
    expect(spawnSync('chattr', ['+i', join(dir, PROFILE)]).status).toBe(0)
    expectWriteError(await az(accountSet), `Could not write '${join(dir, PROFILE)}': cannot replace it: operation not permitted (EPERM).`, advice)
    expect(contents(dir)).toEqual(before)
    expect(leftovers(dir)).toEqual([])
  })
})

describe('files that are symbolic links (a dotfile manager)', () => {
  let dotfiles: string

  beforeEach(() => {
    dotfiles = join(sandbox.root, 'dotfiles')
    mkdirSync(dotfiles)
  })

  /** Moves a config dir file into the dotfiles and links it back, by a relative link. */
  function linkIntoDotfiles(name: string): string {
    const target = join(dotfiles, name)
    renameSync(join(sandbox.configDir, name), target)
    symlinkSync(`../dotfiles/${name}`, join(sandbox.configDir, name))
    return target
  }

  it('config set writes the target and keeps the link, as the Python az does', async () => {
    const target = linkIntoDotfiles(CONFIG)
    await spawnAzOk(sandbox, ['config', 'set', 'defaults.location=eastus', '--only-show-errors'])
    expect(readlinkSync(join(sandbox.configDir, CONFIG))).toBe(`../dotfiles/${CONFIG}`)
    expect(readFileSync(target, 'utf8')).toContain('location = eastus')
    expect((await spawnAzOk(sandbox, ['config', 'get', 'defaults.location', '--query', 'value', '--output', 'tsv'])).stdout).toBe('eastus\n')

    const python = await runPythonAz(sandbox, ['config', 'set', 'defaults.group=rg1', '--only-show-errors'])
    expect(python.exitCode).toBe(0)
    expect(readlinkSync(join(sandbox.configDir, CONFIG))).toBe(`../dotfiles/${CONFIG}`)
    expect(readFileSync(target, 'utf8')).toMatch(/location = eastus[^]*group = rg1|group = rg1[^]*location = eastus/)
    expect(readdirSync(dotfiles)).toEqual([CONFIG])
    expect(leftovers(sandbox.configDir)).toEqual([])
  })

  it('account set writes the end of a chain of links and keeps both links', async () => {
    const target = join(dotfiles, 'profile.json')
    renameSync(join(sandbox.configDir, PROFILE), target)
    symlinkSync(target, join(dotfiles, PROFILE))
    symlinkSync(`../dotfiles/${PROFILE}`, join(sandbox.configDir, PROFILE))

    await spawnAzOk(sandbox, ['account', 'set', '--subscription', CONTOSO_TRIAL])
    expect([lstatSync(join(sandbox.configDir, PROFILE)).isSymbolicLink(), lstatSync(join(dotfiles, PROFILE)).isSymbolicLink()]).toEqual([true, true])
    const stored = readState(sandbox.configDir).profile!.subscriptions.find((subscription) => subscription.isDefault)
    expect(stored?.id).toBe(CONTOSO_TRIAL)
    expect((await spawnAzOk(sandbox, ['account', 'show', '--query', 'id', '--output', 'tsv'])).stdout).toBe(`${CONTOSO_TRIAL}\n`)
    expect(readdirSync(dotfiles).sort()).toEqual([PROFILE, 'profile.json'])
    expect(leftovers(sandbox.configDir)).toEqual([])
  })

  it('a token refresh writes the token cache behind its link and keeps the link', async () => {
    const target = linkIntoDotfiles(TOKEN_CACHE)
    const before = readFileSync(target, 'utf8')
    await spawnAzOk(sandbox, ['account', 'get-access-token', '--resource', GRAPH, '--output', 'none'])
    expect(lstatSync(join(sandbox.configDir, TOKEN_CACHE)).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).not.toBe(before)
    expect(Object.values(readState(sandbox.configDir).tokenCache!.AccessToken ?? {}).map((entry) => entry.target)).toContainEqual(
      expect.stringContaining(GRAPH),
    )
    expect(readdirSync(dotfiles)).toEqual([TOKEN_CACHE])
  })

  it('a dangling link gets its target created, as the Python az creates it', async () => {
    const target = linkIntoDotfiles(CONFIG)
    spawnSync('rm', [target])
    await spawnAzOk(sandbox, ['config', 'set', 'defaults.location=eastus', '--only-show-errors'])
    expect(lstatSync(join(sandbox.configDir, CONFIG)).isSymbolicLink()).toBe(true)
    expect(readFileSync(target, 'utf8')).toContain('location = eastus')
  })

  it('a link into a directory that does not exist: the error names the link and the directory, and nothing is created', async () => {
    spawnSync('rm', [join(sandbox.configDir, CONFIG)])
    symlinkSync(join(sandbox.root, 'gone', CONFIG), join(sandbox.configDir, CONFIG))
    const before = contents(sandbox.configDir)
    const run = await az(['config', 'set', 'defaults.location=eastus', '--only-show-errors'])
    expect({exitCode: run.exitCode, stderr: run.stderr.split('\n')[0]}).toEqual({
      exitCode: 1,
      stderr:
        `ERROR: Could not write '${join(sandbox.configDir, CONFIG)}': cannot create a ` +
        `file in '${join(sandbox.root, 'gone')}': no such file or directory (ENOENT).`,
    })
    expect(contents(sandbox.configDir)).toEqual(before)
    expect(snapshot(sandbox.configDir).get(CONFIG)).toBeUndefined()
  })
})
