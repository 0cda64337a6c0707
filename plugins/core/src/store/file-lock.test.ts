import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {isAzError} from '../errors/index.js'
import {withFileLock} from './file-lock.js'
import {ownStartTime} from './process-identity.js'

let dir: string
let file: string
let lock: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'azx-store-lock-'))
  file = join(dir, 'azureProfile.json')
  lock = `${file}.lock`
})

afterEach(() => {
  rmSync(dir, {force: true, recursive: true})
})

/** The PID of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'}).stdout)
}

function owner(pid: number, startTime = '', tag = 'tag'): string {
  return `${pid}\n${hostname()}\n${Date.now()}\n${startTime}\n${tag}\n`
}

async function timed<T>(fn: () => Promise<T>): Promise<{ms: number; value: T}> {
  const started = performance.now()
  const value = await fn()
  return {ms: performance.now() - started, value}
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }

  throw new Error('Expected a rejection.')
}

describe('withFileLock', () => {
  it('serializes read-modify-writes, and leaves nothing behind', async () => {
    writeFileSync(file, '0')
    const increment = () =>
      withFileLock(file, async () => {
        const value = Number(readFileSync(file, 'utf8'))
        await new Promise((resolve) => setTimeout(resolve, 1))
        writeFileSync(file, String(value + 1))
      })
    await Promise.all(Array.from({length: 20}, increment))
    expect(readFileSync(file, 'utf8')).toBe('20')
    expect(readdirSync(dir)).toEqual(['azureProfile.json'])
  })

  it.each([
    ['this format', (pid: number) => owner(pid, '12345')],
    ['the older three-line format', (pid: number) => `${pid}\n${hostname()}\n${Date.now()}\n`],
  ])('breaks at once a lock of a dead process (%s)', async (_name, content) => {
    writeFileSync(lock, content(deadPid()))
    const {ms, value} = await timed(() => withFileLock(file, async () => readFileSync(lock, 'utf8')))
    expect(value).toMatch(new RegExp(`^${process.pid}\\n`))
    expect(ms).toBeLessThan(1000)
    expect(existsSync(lock)).toBe(false)
  })

  it('breaks a lock whose PID now belongs to another process (another start time)', async () => {
    if (!existsSync('/proc/self/stat')) return
    writeFileSync(lock, owner(process.pid, 'not-this-start-time'))
    const {ms} = await timed(() => withFileLock(file, async () => undefined))
    expect(ms).toBeLessThan(1000)
  })

  it('breaks a lock older than the stale age even if its owner lives', async () => {
    writeFileSync(lock, owner(process.pid, ownStartTime()))
    const old = (Date.now() - 60_000) / 1000
    utimesSync(lock, old, old)
    const {ms} = await timed(() => withFileLock(file, async () => undefined, {staleMs: 30_000}))
    expect(ms).toBeLessThan(1000)
  })

  it('waits for a live owner, then fails naming the lock and leaves it', async () => {
    const held = owner(process.pid, ownStartTime())
    writeFileSync(lock, held)
    const error = await rejection(withFileLock(file, async () => undefined, {timeoutMs: 300}))
    expect(isAzError(error)).toBe(true)
    expect(error.message).toBe(`Timed out after 0 s waiting for the lock '${lock}', held by another az process.`)
    expect(readFileSync(lock, 'utf8')).toBe(held)
  })

  it('takes over a lock that never got its owner written, after a second', async () => {
    writeFileSync(lock, '')
    const {ms} = await timed(() => withFileLock(file, async () => undefined))
    expect(ms).toBeGreaterThan(900)
    expect(ms).toBeLessThan(3000)
  })

  it('is not stalled by the breaker of a killed process', async () => {
    const dead = deadPid()
    writeFileSync(lock, owner(dead))
    writeFileSync(`${lock}.break`, owner(dead))
    const {ms} = await timed(() => withFileLock(file, async () => undefined))
    expect(ms).toBeLessThan(1000)
    expect(readdirSync(dir)).toEqual([])
  })

  it('removes a leftover breaker of a killed process when it takes the lock', async () => {
    writeFileSync(`${lock}.break`, owner(deadPid()))
    await withFileLock(file, async () => undefined)
    expect(readdirSync(dir)).toEqual([])
  })

  it('releases only a lock that is still its own', async () => {
    const other = owner(process.pid, ownStartTime(), 'someone-else')
    await withFileLock(file, async () => {
      // As if this process had been paused past the stale age and another had broken the lock and taken it.
      writeFileSync(lock, other)
    })
    expect(readFileSync(lock, 'utf8')).toBe(other)
  })

  it('sweeps the temporary files and lock drafts of dead processes, and only theirs', async () => {
    const dead = deadPid()
    const live = `.azureProfile.json.${process.pid}.0a0b0c0d.tmp`
    const liveDraft = `.azureProfile.json.lock.${process.pid}.0a0b0c0d.tmp`
    const abandoned = `.azureProfile.json.${dead}.01020304.tmp`
    const abandonedDraft = `.azureProfile.json.lock.${dead}.01020304.tmp`
    const otherFile = `.config.${dead}.01020304.tmp`
    for (const name of [live, liveDraft, abandoned, abandonedDraft, otherFile]) writeFileSync(join(dir, name), 'secret')
    await withFileLock(file, async () => undefined)
    expect(readdirSync(dir).sort()).toEqual([live, liveDraft, otherFile].sort())
  })

  it('never shows a lock without its owner, even to a reader racing the writer', async () => {
    const seen: string[] = []
    let reading = true
    const reader = (async () => {
      while (reading) {
        const text = await readFile(lock, 'utf8').catch(() => undefined)
        if (text !== undefined) seen.push(text)
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    for (let index = 0; index < 50; index++) await withFileLock(file, () => new Promise((resolve) => setTimeout(resolve, 1)))
    reading = false
    await reader
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.filter((text) => !/^\d+\n[^\n]+\n\d+\n[^\n]*\n[0-9a-f]+\n$/.test(text))).toEqual([])
  })
})
