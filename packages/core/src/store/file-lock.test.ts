import {spawn, spawnSync} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {once} from 'node:events'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {isAzError} from '../errors/index.js'
import {writeFileAtomic} from './atomic-file.js'
import {lockPathOf, withFileLock} from './file-lock.js'
import {ownStartTime} from './process-identity.js'

import {withProcStartTimes} from '../../../../test/support/platform.js'
import {deadPid} from '../../../../test/support/processes.js'
import {rejection} from '../../../../test/support/promises.js'
import {PYTHON, requirePythonModule} from '../../../../test/support/python.js'

let dir: string
let file: string
let lock: string
const children: ChildProcess[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'azx-store-lock-'))
  file = join(dir, 'azureProfile.json')
  lock = `${file}.lockfile`
})

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  rmSync(dir, {force: true, recursive: true})
})

/** A live process that has nothing to do with any lock, started now. */
function bystander(): number {
  const child = spawn('sleep', ['60'], {stdio: 'ignore'})
  children.push(child)
  return child.pid!
}

function owner(pid: number, startTime = '', tag = 'tag'): string {
  return `${pid}\n${hostname()}\n${Date.now()}\n${startTime}\n${tag}\n`
}

function backdate(path: string, seconds: number): void {
  const then = Date.now() / 1000 - seconds
  utimesSync(path, then, then)
}

/**
 * Dates a file a minute ahead, so that no rule of age (stale, never written, a stuck breaker) can
 * break it while the test runs: a lock taken then was broken because of its owner. A lock that
 * is not broken makes the test fail when the wait runs out.
 */
function postdate(path: string): void {
  const later = Date.now() / 1000 + 60
  utimesSync(path, later, later)
}

async function timed<T>(fn: () => Promise<T>): Promise<{ms: number; value: T}> {
  const started = performance.now()
  const value = await fn()
  return {ms: performance.now() - started, value}
}

/** Exit status of `flock --nonblock` on the file from another process: 0 when it got the flock, 1 when someone holds it. */
function flockFromOutside(path: string): number | null {
  return spawnSync('flock', ['--exclusive', '--nonblock', path, 'true']).status
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

  it('takes `<file>.lockfile`, the lock file of the MSAL extensions, and with `flock` holds an flock on it until it is gone', async () => {
    expect(lockPathOf(file)).toBe(lock)
    const seen = await withFileLock(file, async () => ({content: readFileSync(lock, 'utf8'), flock: flockFromOutside(lock)}), {flock: true})
    expect(seen.content).toMatch(new RegExp(`^${process.pid}\\n${hostname()}\\n\\d+\\n`))
    expect(seen.flock).toBe(1)
    expect(existsSync(lock)).toBe(false)
  })

  it('holds no flock on the lock file of a file only azx locks', async () => {
    expect(await withFileLock(file, async () => flockFromOutside(lock))).toBe(0)
  })

  it.each([
    ['this format', (pid: number) => owner(pid, '12345')],
    ["the Python MSAL extensions' format", (pid: number) => `${pid} /usr/bin/az`],
    ["@azure/msal-node-extensions' format", (pid: number) => String(pid)],
  ])('breaks a lock of a dead process, by its owner and not its age (%s)', async (_name, content) => {
    writeFileSync(lock, content(deadPid()))
    postdate(lock)
    expect(await withFileLock(file, async () => readFileSync(lock, 'utf8'))).toMatch(new RegExp(`^${process.pid}\\n`))
    expect(existsSync(lock)).toBe(false)
  })

  withProcStartTimes('breaks a lock whose PID now belongs to another process (another start time)', async () => {
    writeFileSync(lock, owner(process.pid, 'not-this-start-time'))
    postdate(lock)
    await withFileLock(file, async () => undefined)
    expect(existsSync(lock)).toBe(false)
  })

  withProcStartTimes("breaks an MSAL extension's lock whose PID belongs to a process started after the lock was written", async () => {
    writeFileSync(lock, `${bystander()} /usr/bin/az`)
    backdate(lock, 10)
    await withFileLock(file, async () => undefined, {staleMs: 600_000})
    expect(existsSync(lock)).toBe(false)
  })

  it("waits for an MSAL extension's lock whose owner lives, and names it", async () => {
    const held = `${bystander()} /usr/bin/az`
    writeFileSync(lock, held)
    const error = await rejection(withFileLock(file, async () => undefined, {timeoutMs: 300}))
    expect(error.message).toMatch(new RegExp(`^Timed out after 300 ms waiting for the lock '${lock}', held by process \\d+ \\(/usr/bin/az\\)\\.$`))
    expect(readFileSync(lock, 'utf8')).toBe(held)
  })

  it('breaks a lock older than the stale age even if its owner lives', async () => {
    writeFileSync(lock, owner(process.pid, ownStartTime()))
    backdate(lock, 60)
    await withFileLock(file, async () => undefined, {staleMs: 30_000})
    expect(existsSync(lock)).toBe(false)
  })

  it('waits for a live owner, then fails naming the lock and leaves it', async () => {
    const held = owner(process.pid, ownStartTime())
    writeFileSync(lock, held)
    const error = await rejection(withFileLock(file, async () => undefined, {timeoutMs: 300}))
    expect(isAzError(error)).toBe(true)
    expect(error.message).toBe(`Timed out after 300 ms waiting for the lock '${lock}', held by another az process (PID ${process.pid}).`)
    expect(error.recommendations).toEqual([`If no other az process is running, delete '${lock}' and run the command again.`])
    expect(readFileSync(lock, 'utf8')).toBe(held)
  })

  it('takes over a lock that never got its owner written, after a second', async () => {
    writeFileSync(lock, '')
    const {ms} = await timed(() => withFileLock(file, async () => undefined))
    expect(ms).toBeGreaterThan(900)
  })

  it('is not stalled by the breaker of a killed process', async () => {
    const dead = deadPid()
    writeFileSync(lock, owner(dead))
    writeFileSync(`${lock}.break`, owner(dead))
    postdate(lock)
    postdate(`${lock}.break`)
    await withFileLock(file, async () => undefined)
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
    const liveDraft = `.azureProfile.json.lockfile.${process.pid}.0a0b0c0d.tmp`
    const abandoned = `.azureProfile.json.${dead}.01020304.tmp`
    const abandonedDraft = `.azureProfile.json.lockfile.${dead}.01020304.tmp`
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

describe('withFileLock, when the lock path holds something that is not a lock', () => {
  const states: [string, () => void, RegExp][] = [
    ['a dangling symbolic link', () => symlinkSync('/nonexistent/x', lock), /it is a symbolic link \(to '\/nonexistent\/x'\), not a lock file\.$/],
    ['a symbolic link to a file', () => symlinkSync(file, lock), /it is a symbolic link \(to '.*azureProfile\.json'\), not a lock file\.$/],
    ['a directory', () => mkdirSync(lock), /it is a directory, not a lock file\.$/],
    ['a named pipe', () => spawnSync('mkfifo', [lock]), /it is a named pipe, not a lock file\.$/],
  ]

  it.each(states)(
    '%s: waits the bounded time without spinning, then says what it is and what to do; nothing changes',
    async (_name, make, message) => {
      writeFileSync(file, 'content')
      make()
      const before = readdirSync(dir).sort()
      const cpu = process.cpuUsage()
      const {ms, value: error} = await timed(() => rejection(withFileLock(file, async () => writeFileSync(file, 'changed'), {timeoutMs: 1000})))
      const {system, user} = process.cpuUsage(cpu)
      expect(isAzError(error) && error.exitCode).toBe(1)
      expect(error.message).toMatch(new RegExp(`^Timed out after 1 s waiting for the lock '${lock}': `))
      expect(error.message).toMatch(message)
      expect(error.recommendations).toEqual([`Remove '${lock}' (no program makes locks like it), then run the command again.`])
      expect(ms).toBeGreaterThanOrEqual(1000)
      // It slept while it waited: a spinning loop uses a whole core.
      expect((system + user) / 1000 / ms).toBeLessThan(0.5)
      expect(readdirSync(dir).sort()).toEqual(before)
      expect(readFileSync(file, 'utf8')).toBe('content')
    },
  )
})

describe('withFileLock and the Python MSAL extensions (msal_extensions.CrossPlatLock, portalocker)', () => {
  beforeEach(() => requirePythonModule('msal_extensions'))

  /** Runs Python's CrossPlatLock on `path`: prints `entered <ms>` once inside, holds it `holdS` seconds, then `left <ms>`. */
  function pythonLock(path: string, holdS: number, options: {skipExclusiveCreation?: boolean} = {}): {child: ChildProcess; output: () => string} {
    const script = [
      'import logging, sys, time',
      'from msal_extensions import CrossPlatLock',
      // Its warning when it stops waiting for the file is expected here.
      'logging.getLogger("msal_extensions").setLevel(logging.ERROR)',
      'lock = CrossPlatLock(sys.argv[1])',
      // A Python az that waited 5 s for the file to vanish goes on to flock whatever file is there.
      options.skipExclusiveCreation ? 'lock._try_to_create_lock_file = lambda: False' : '',
      'print("ready", flush=True)',
      'with lock:',
      '    print("entered", int(time.time() * 1000), flush=True)',
      `    time.sleep(${holdS})`,
      'print("left", int(time.time() * 1000), flush=True)',
    ].join('\n')
    const child = spawn(PYTHON, ['-c', script, path], {stdio: ['ignore', 'pipe', 'inherit']})
    children.push(child)
    let output = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    return {child, output: () => output}
  }

  /** Waits for the line that starts with `word` to be printed whole (a pipe may deliver it in pieces); its number, if any. */
  async function printed(run: {child: ChildProcess; output: () => string}, word: string): Promise<number> {
    const line = new RegExp(`^${word}(?: (\\d+))?\\n`, 'm')
    while (!line.test(run.output())) await once(run.child.stdout!, 'data')
    return Number(line.exec(run.output())![1])
  }

  it('waits while the Python az holds the lock', async () => {
    const holder = pythonLock(lock, 0.6)
    await printed(holder, 'entered')
    const entered = await withFileLock(file, async () => Date.now(), {flock: true})
    expect(entered).toBeGreaterThanOrEqual((await printed(holder, 'left')) - 5)
    expect(existsSync(lock)).toBe(false)
  }, 20_000)

  it('makes the Python az wait while azx holds the lock', async () => {
    let waiter: ReturnType<typeof pythonLock> | undefined
    const released = await withFileLock(
      file,
      async () => {
        waiter = pythonLock(lock, 0)
        await printed(waiter, 'ready')
        await new Promise((resolve) => setTimeout(resolve, 700))
        expect(waiter.output()).not.toContain('entered')
        return Date.now()
      },
      {flock: true},
    )
    expect(await printed(waiter!, 'entered')).toBeGreaterThanOrEqual(released - 5)
  }, 20_000)

  it('keeps out, by its flock, a Python az that stopped waiting for the file to vanish', async () => {
    let waiter: ReturnType<typeof pythonLock> | undefined
    const released = await withFileLock(
      file,
      async () => {
        waiter = pythonLock(lock, 0, {skipExclusiveCreation: true})
        await printed(waiter, 'ready')
        await new Promise((resolve) => setTimeout(resolve, 700))
        expect(waiter.output()).not.toContain('entered')
        return Date.now()
      },
      {flock: true},
    )
    expect(await printed(waiter!, 'entered')).toBeGreaterThanOrEqual(released - 5)
  }, 20_000)
})

describe('withFileLock on a symbolic link (a dotfile manager)', () => {
  it('locks beside the target, so two links to one file exclude each other, and beside the link, where an MSAL extension looks', async () => {
    for (const name of ['a', 'b', 'dotfiles']) mkdirSync(join(dir, name))
    const target = join(dir, 'dotfiles', 'config')
    writeFileSync(target, '0')
    const links = [join(dir, 'a', 'config'), join(dir, 'b', 'config')]
    symlinkSync(target, links[0])
    symlinkSync('../dotfiles/config', links[1])

    const locks = await withFileLock(links[0], async () =>
      [lockPathOf(target), lockPathOf(links[0]), lockPathOf(links[1])].map((path) => existsSync(path)),
    )
    expect(locks).toEqual([true, true, false])

    const increment = (link: string) =>
      withFileLock(link, async () => {
        const value = Number(readFileSync(link, 'utf8'))
        await new Promise((resolve) => setTimeout(resolve, 1))
        await writeFileAtomic(link, String(value + 1))
      })
    await Promise.all(Array.from({length: 20}, (_, index) => increment(links[index % 2])))
    expect(readFileSync(target, 'utf8')).toBe('20')
    expect(links.map((link) => lstatSync(link).isSymbolicLink())).toEqual([true, true])
    expect([readdirSync(join(dir, 'a')), readdirSync(join(dir, 'b')), readdirSync(join(dir, 'dotfiles'))]).toEqual([
      ['config'],
      ['config'],
      ['config'],
    ])
  })
})
