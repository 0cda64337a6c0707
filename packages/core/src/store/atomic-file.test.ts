import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {isAzError} from '../errors/index.js'
import {keepBadFile, writeFileAtomic} from './atomic-file.js'

import {rejection} from '../../../../test/support/promises.js'
import {PYTHON, requirePythonModule} from '../../../../test/support/python.js'

let root: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'azx-store-atomic-'))
})

afterEach(() => {
  rmSync(root, {force: true, recursive: true})
})

function mode(path: string): number {
  return statSync(path).mode & 0o777
}

describe('writeFileAtomic', () => {
  it.each([0o000, 0o022, 0o077])('creates the directory 0700 and the file with its exact mode under umask %o', async (umask) => {
    const previous = process.umask(umask)
    try {
      const dir = join(root, 'new', 'azure')
      await writeFileAtomic(join(dir, 'secret'), 'x')
      await writeFileAtomic(join(dir, 'public'), 'y', {mode: 0o644})
      expect(mode(dir)).toBe(0o700)
      expect(mode(join(dir, 'secret'))).toBe(0o600)
      expect(mode(join(dir, 'public'))).toBe(0o644)
    } finally {
      process.umask(previous)
    }
  })

  it('replaces the file, gives it the mode asked for, and leaves no temporary file', async () => {
    const path = join(root, 'msal_token_cache.json')
    writeFileSync(path, 'old')
    chmodSync(path, 0o644)
    await writeFileAtomic(path, 'new')
    expect(readFileSync(path, 'utf8')).toBe('new')
    expect(mode(path)).toBe(0o600)
    expect(readdirSync(root)).toEqual(['msal_token_cache.json'])
  })
})

describe('keepBadFile', () => {
  it('keeps two bad files set aside within one second under two names', async () => {
    const path = join(root, 'azureProfile.json')
    writeFileSync(path, 'first')
    const first = await keepBadFile(path)
    writeFileSync(path, 'second')
    const second = await keepBadFile(path)
    expect(first).not.toBe(second)
    expect(first).toMatch(/azureProfile\.json\.corrupt-\d{8}T\d{6}Z-[0-9a-f]{6}$/)
    expect([readFileSync(first, 'utf8'), readFileSync(second, 'utf8')]).toEqual(['first', 'second'])
    expect(readdirSync(root)).toHaveLength(2)
  })
})

describe('writeFileAtomic through a symbolic link', () => {
  it('replaces the target and keeps the link, with the temporary file beside the target', async () => {
    mkdirSync(join(root, 'config-dir'))
    mkdirSync(join(root, 'dotfiles'))
    writeFileSync(join(root, 'dotfiles', 'config'), 'old')
    symlinkSync('../dotfiles/config', join(root, 'config-dir', 'config'))
    await writeFileAtomic(join(root, 'config-dir', 'config'), 'new')
    expect(readlinkSync(join(root, 'config-dir', 'config'))).toBe('../dotfiles/config')
    expect(readFileSync(join(root, 'dotfiles', 'config'), 'utf8')).toBe('new')
    expect(mode(join(root, 'dotfiles', 'config'))).toBe(0o600)
    expect(readdirSync(join(root, 'config-dir'))).toEqual(['config'])
    expect(readdirSync(join(root, 'dotfiles'))).toEqual(['config'])
  })

  it('follows a chain of links, relative and absolute, to the file at its end', async () => {
    writeFileSync(join(root, 'real'), 'old')
    symlinkSync(join(root, 'real'), join(root, 'second'))
    symlinkSync('second', join(root, 'first'))
    await writeFileAtomic(join(root, 'first'), 'new')
    expect(readFileSync(join(root, 'real'), 'utf8')).toBe('new')
    expect([lstatSync(join(root, 'first')).isSymbolicLink(), lstatSync(join(root, 'second')).isSymbolicLink()]).toEqual([true, true])
    expect(readdirSync(root).sort()).toEqual(['first', 'real', 'second'])
  })

  it('creates the missing target of a dangling link, as the Python az does', async () => {
    symlinkSync('target', join(root, 'config'))
    await writeFileAtomic(join(root, 'config'), 'new')
    expect(lstatSync(join(root, 'config')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(root, 'target'), 'utf8')).toBe('new')
  })

  it('refuses a link into a directory that does not exist, naming both, and creates nothing', async () => {
    symlinkSync(join(root, 'missing', 'config'), join(root, 'config'))
    const error = await rejection(writeFileAtomic(join(root, 'config'), 'new'))
    expect(isAzError(error) && error.exitCode).toBe(1)
    expect(error.message).toBe(
      `Could not write '${join(root, 'config')}': cannot create a file in '${join(root, 'missing')}': no such file or directory (ENOENT).`,
    )
    expect(readdirSync(root)).toEqual(['config'])
  })

  it('refuses a loop of links', async () => {
    symlinkSync('b', join(root, 'a'))
    symlinkSync('a', join(root, 'b'))
    const error = await rejection(writeFileAtomic(join(root, 'a'), 'new'))
    expect(error.message).toBe(
      `Could not write '${join(root, 'a')}': cannot create a file in '${root}': too many symbolic links encountered (ELOOP).`,
    )
  })
})

describe('writeFileAtomic, when the file system refuses', () => {
  it('names the file and the directory it cannot create, and why, never a temporary file', async () => {
    writeFileSync(join(root, 'not-a-directory'), '')
    const path = join(root, 'not-a-directory', 'azure', 'config')
    const error = await rejection(writeFileAtomic(path, 'x'))
    expect(isAzError(error) && error.exitCode).toBe(1)
    expect(error.message).toBe(
      `Could not write '${path}': cannot create the directory '${join(root, 'not-a-directory', 'azure')}': not a directory (ENOTDIR).`,
    )
    expect((error as {recommendations?: string[]}).recommendations).toEqual([
      `Check '${join(root, 'not-a-directory', 'azure')}', or set AZURE_CONFIG_DIR to a directory you can write to, then run the command again.`,
    ])
  })
})

describe('keepBadFile through a symbolic link', () => {
  it('moves the target aside and keeps the link, which the next write fills again', async () => {
    writeFileSync(join(root, 'real.json'), 'bad')
    symlinkSync('real.json', join(root, 'azureProfile.json'))
    const kept = await keepBadFile(join(root, 'azureProfile.json'))
    expect(kept).toMatch(new RegExp(`^${join(root, 'real.json')}\\.corrupt-`))
    expect(readFileSync(kept, 'utf8')).toBe('bad')
    await writeFileAtomic(join(root, 'azureProfile.json'), 'good')
    expect(readlinkSync(join(root, 'azureProfile.json'))).toBe('real.json')
    expect(readFileSync(join(root, 'real.json'), 'utf8')).toBe('good')
  })
})

describe('writeFileAtomic with modifiedAheadMs, beside the Python MSAL extensions (PersistedTokenCache)', () => {
  const entry = (name: string) => ({
    client_id: 'c',
    credential_type: 'AccessToken',
    environment: 'e',
    home_account_id: name,
    realm: 'r',
    secret: name,
    target: 't',
  })

  it('a write that lands while the Python az reads the cache is read again, not dropped by its next save', async () => {
    requirePythonModule('msal_extensions')

    const path = join(root, 'msal_token_cache.json')
    const document = (...names: string[]) => ({AccessToken: Object.fromEntries(names.map((name) => [`${name}-e-accesstoken-c-r-t`, entry(name)]))})
    writeFileSync(path, JSON.stringify(document('python')))
    // The Python az reads the cache (find), pausing between its read and the time it notes as read,
    // then removes its entry (modify: under the lock, reloading the file if it changed since).
    const script = [
      'import json, sys',
      'from msal_extensions import FilePersistence, PersistedTokenCache',
      'cache = PersistedTokenCache(FilePersistence(sys.argv[1]))',
      'load = cache._persistence.load',
      'def paused():',
      '    text = load()',
      '    print("read", flush=True)',
      '    sys.stdin.readline()',
      '    return text',
      'cache._persistence.load = paused',
      'cache.find("AccessToken")',
      'cache._persistence.load = load',
      `cache.modify("AccessToken", ${JSON.stringify(entry('python'))})`,
    ].join('\n')
    const child = spawn(PYTHON, ['-c', script, path], {stdio: ['pipe', 'pipe', 'inherit']})
    await once(child.stdout!, 'data')
    await writeFileAtomic(path, JSON.stringify(document('python', 'azx')), {modifiedAheadMs: 2000})
    child.stdin!.end('\n')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    expect(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as {AccessToken: object}).AccessToken)).toEqual(['azx-e-accesstoken-c-r-t'])
  }, 20_000)
})
