import {chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {keepBadFile, writeFileAtomic} from './atomic-file.js'

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
