import {spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {dirname, join, relative} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {fileURLToPath} from 'node:url'

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'
import {transformFileSync} from '@swc/core'

import {ownerText} from '../store/lock-owner.js'
import {parseCacheText} from './document.js'
import type {CacheDocument} from './document.js'
import {createApp, oidFor} from './fixtures/msal-app.mjs'
import {TokenCacheService} from './service.js'

import {deadPid} from '../../../../test/support/processes.js'

/**
 * Many processes on one cache. The children run fixtures/cache-worker.mjs on the service compiled
 * from the sources here (swc, as jest compiles them), so they never test a stale build.
 * Set AZX_TOKEN_CACHE_FIGURES=1 to print the measured figures.
 */
const SRC = fileURLToPath(new URL('../', import.meta.url))
const REPO = join(SRC, '../../..')
const WORKER = fileURLToPath(new URL('fixtures/cache-worker.mjs', import.meta.url))
const ARM = 'https://management.core.windows.net//.default'

const childEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS'))
let build: string
let workerService: string

beforeAll(() => {
  // Under the repo's node_modules, so that the compiled modules resolve their packages.
  build = join(REPO, `node_modules/.cache/azx-token-cache-tests-${process.pid}`)
  workerService = compileWithImports(join(SRC, 'token-cache/service.ts'))
})

afterAll(() => {
  rmSync(build, {force: true, recursive: true})
})

let dir: string
let cachePath: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'azx-token-cache-'))
  cachePath = join(dir, 'msal_token_cache.json')
})

afterEach(() => {
  rmSync(dir, {force: true, recursive: true})
})

/** Compiles a source file and every source it imports (relative `.js` specifiers) into `build`; returns the first's output. */
function compileWithImports(entry: string): string {
  const pending = [entry]
  const done = new Set<string>()
  while (pending.length > 0) {
    const source = pending.pop()!
    if (done.has(source)) continue
    done.add(source)
    const {code} = transformFileSync(source, {jsc: {parser: {syntax: 'typescript'}, target: 'es2022'}, module: {type: 'es6'}})
    const output = join(build, relative(SRC, source)).replace(/\.ts$/, '.js')
    mkdirSync(dirname(output), {recursive: true})
    writeFileSync(output, code)
    for (const [, specifier] of code.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)\.js'/g)) pending.push(join(dirname(source), `${specifier}.ts`))
  }

  return join(build, relative(SRC, entry)).replace(/\.ts$/, '.js')
}

function startWorker(...args: string[]): ChildProcess {
  return spawn(process.execPath, [WORKER, ...args], {
    cwd: REPO,
    env: {...childEnv, AZX_TOKEN_CACHE_SERVICE: workerService},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function exited(child: ChildProcess): Promise<{code: null | number; signal: NodeJS.Signals | null; stderr: string}> {
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({code, signal, stderr}))
  })
}

function printed(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.split('\n').includes(line)) resolve()
    })
    child.on('exit', () => reject(new Error(`The worker exited before printing '${line}'.`)))
  })
}

function readDocument(): CacheDocument {
  const parsed = parseCacheText(readFileSync(cachePath, 'utf8'))
  if (!parsed.ok) throw new Error(`The cache does not parse: ${parsed.problem}`)
  return parsed.document
}

function figure(text: string): void {
  if (process.env.AZX_TOKEN_CACHE_FIGURES) process.stderr.write(`token-cache figures: ${text}\n`)
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

describe('many processes', () => {
  it('keep every entry when 16 processes sign in at once, 10 MSAL writes each', async () => {
    const workers = 16
    const writes = 10
    const start = performance.now()
    const children = Array.from({length: workers}, (_, worker) => startWorker('sign-in', dir, String(worker), String(writes)))
    const results = await Promise.all(children.map((child) => exited(child)))
    figure(`${workers} processes x ${writes} writes: ${Math.round(performance.now() - start)} ms wall`)
    for (const result of results) expect(result).toEqual({code: 0, signal: null, stderr: ''})

    const document = readDocument()
    expect(Object.keys(document.Account!)).toHaveLength(workers)
    expect(Object.keys(document.RefreshToken!)).toHaveLength(workers)
    expect(Object.keys(document.IdToken!)).toHaveLength(workers)
    const targets = Object.values(document.AccessToken!).map((token) => token.target)
    const expected = Array.from({length: workers}, (_, worker) =>
      Array.from({length: writes}, (_, index) => `https://w${worker}.example/${index}/.default`),
    ).flat()
    expect(targets.sort()).toEqual(expected.sort())
    expect(readdirSync(dir)).toEqual(['msal_token_cache.json'])
  }, 40_000)

  it('leave the old or the new content when killed at any moment, and the next writer recovers', async () => {
    const budgetMs = 9000
    const start = performance.now()
    let random = 42
    const nextRandom = (): number => {
      random = (random * 1_103_515_245 + 12_345) % 2 ** 31
      return random / 2 ** 31
    }

    let rounds = 0
    let locksLeft = 0
    let tempFilesLeft = 0
    while (rounds < 4 || (rounds < 16 && performance.now() - start < budgetMs)) {
      const children = [0, 1].map((slot) => startWorker('churn', dir, String(rounds * 2 + slot)))
      const exits = children.map((child) => exited(child))
      await Promise.all(children.map((child) => printed(child, 'ready')))
      for (const child of children) {
        await sleep(nextRandom() * 40)
        child.kill('SIGKILL')
      }

      for (const result of await Promise.all(exits)) expect(result.signal).toBe('SIGKILL')
      rounds++
      if (existsSync(`${cachePath}.lockfile`)) locksLeft++
      if (readdirSync(dir).some((name) => name.endsWith('.tmp'))) tempFilesLeft++

      // Whole versions only, and no lost update: each worker's entries are 0..n without a gap.
      const written = new Map<string, number[]>()
      for (const key of Object.keys(readDocument().AccessToken ?? {})) {
        const [worker, entry] = key.split('-')
        written.set(worker, [...(written.get(worker) ?? []), Number(entry)])
      }

      for (const entries of written.values()) expect(entries.sort((a, b) => a - b)).toEqual(entries.map((_, index) => index))
      expect(written.size).toBe(rounds * 2)
    }

    figure(
      `${rounds} kill rounds of 2 writers in ${Math.round(performance.now() - start)} ms; ` +
        `a lock was left ${locksLeft} times, temp files ${tempFilesLeft} times`,
    )

    // The next writer breaks a dead writer's lock and deletes its temporary files (once a second old).
    await sleep(1100)
    const entriesBefore = Object.keys(readDocument().AccessToken!).length
    await createApp(new TokenCacheService({dir, encrypt: false}).cachePlugin()).signIn({oid: oidFor(1), scope: ARM, username: 'after@contoso.com'})
    expect(Object.keys(readDocument().AccessToken!)).toHaveLength(entriesBefore + 1)
    expect(readdirSync(dir)).toEqual(['msal_token_cache.json'])
  }, 40_000)
})

describe('a lock left behind', () => {
  it('by a dead process is broken for the next write, because its owner is gone (no rule of age applies to it)', async () => {
    const lock = `${cachePath}.lockfile`
    writeFileSync(lock, `${deadPid()}\n${hostname()}\n${Date.now()}\n\ndead\n`)
    const later = Date.now() / 1000 + 60
    utimesSync(lock, later, later)
    const {signIn} = createApp(new TokenCacheService({dir, encrypt: false}).cachePlugin())
    const elapsed = await timed(() => signIn({oid: oidFor(1), scope: ARM, username: 'a@contoso.com'}))
    figure(`stale lock (dead PID) delay: ${elapsed.toFixed(1)} ms including the write`)
    expect(readdirSync(dir)).toEqual(['msal_token_cache.json'])
  })

  it('empty (its owner died before writing its PID) is broken after about a second', async () => {
    writeFileSync(`${cachePath}.lockfile`, '')
    const {signIn} = createApp(new TokenCacheService({dir, encrypt: false}).cachePlugin())
    const elapsed = await timed(() => signIn({oid: oidFor(1), scope: ARM, username: 'a@contoso.com'}))
    figure(`stale lock (no owner) delay: ${elapsed.toFixed(0)} ms`)
    expect(elapsed).toBeGreaterThan(900)
    expect(existsSync(`${cachePath}.lockfile`)).toBe(false)
  })

  it('by a live process is waited for, then reported with what to do', async () => {
    writeFileSync(`${cachePath}.lockfile`, ownerText())
    const {signIn} = createApp(new TokenCacheService({dir, encrypt: false, lock: {timeoutMs: 300}}).cachePlugin())
    await expect(signIn({oid: oidFor(1), scope: ARM, username: 'a@contoso.com'})).rejects.toThrow(
      `Timed out after 300 ms waiting for the lock '${cachePath}.lockfile', held by another az process (PID ${process.pid}).`,
    )
    expect(existsSync(cachePath)).toBe(false)
  })
})
