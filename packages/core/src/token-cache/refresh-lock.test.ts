import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {RefreshLock} from './refresh-lock.js'

let dir: string
let cachePath: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'azx-refresh-lock-'))
  cachePath = join(dir, 'msal_token_cache.json')
})

afterEach(() => rmSync(dir, {force: true, recursive: true}))

/** A request that records when it runs, so overlaps show. */
function recorder() {
  const events: string[] = []
  let running = 0
  let overlapped = false
  const request = (name: string, ms: number) => async () => {
    running++
    overlapped ||= running > 1
    events.push(`start ${name}`)
    await sleep(ms)
    events.push(`end ${name}`)
    running--
    return name
  }

  return {events, overlapped: () => overlapped, request}
}

describe('RefreshLock', () => {
  it('runs the requests of one process one at a time, in the order they came', async () => {
    const lock = new RefreshLock(cachePath)
    const {events, overlapped, request} = recorder()
    const results = await Promise.all([lock.run(request('a', 30)), lock.run(request('b', 5)), lock.run(request('c', 5))])
    expect(results).toEqual(['a', 'b', 'c'])
    expect(overlapped()).toBe(false)
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
  })

  it('runs the requests of two holders of one cache (two processes) one at a time, through the lock file', async () => {
    const {overlapped, request} = recorder()
    const first = new RefreshLock(cachePath)
    const second = new RefreshLock(cachePath)
    await Promise.all([first.run(request('a', 40)), second.run(request('b', 40)), first.run(request('c', 10)), second.run(request('d', 10))])
    expect(overlapped()).toBe(false)
    expect(existsSync(`${cachePath}.refresh.lock`)).toBe(false)
  })

  it('releases the lock when the request fails, and passes its error on', async () => {
    const lock = new RefreshLock(cachePath)
    await expect(lock.run(() => Promise.reject(new Error('invalid_grant')))).rejects.toThrow('invalid_grant')
    expect(existsSync(`${cachePath}.refresh.lock`)).toBe(false)
    await expect(lock.run(async () => 'next')).resolves.toBe('next')
  })

  it('goes ahead without the lock when another holder keeps it past the wait', async () => {
    const holder = new RefreshLock(cachePath)
    let release!: () => void
    const held = holder.run(() => new Promise<void>((resolve) => (release = resolve)))
    await sleep(20)
    const waiter = new RefreshLock(cachePath, {timeoutMs: 200})
    const started = Date.now()
    await expect(waiter.run(async () => 'answered')).resolves.toBe('answered')
    expect(Date.now() - started).toBeGreaterThanOrEqual(200)
    release()
    await held
  })
})
