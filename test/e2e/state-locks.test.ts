/**
 * A lock left behind by a killed az process (azx, or the Python az, whose MSAL extensions write
 * `<pid> <argv[0]>`) does not stop the next command: the lock names its owner (PID, host, start
 * time), and an owner that is dead, or whose PID now belongs to another process, or a lock older
 * than the stale age (30 s), is broken at once; one whose owner never got written, after a second.
 * Each case runs a command on a config dir holding such a lock: a lock it did not break would make
 * it fail after the lock wait (15 s).
 * Something at a lock's path that is not a lock (a dangling link, a directory, a pipe, a file the
 * process may not read) makes the command wait the bounded time (15 s) and fail saying what it is.
 * AZX_STATE_FIGURES=1 prints how long each lock delayed its command.
 */
import {spawn, spawnSync} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {once} from 'node:events'
import {hostname} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'

import {leftovers, snapshot} from './support/config-files.js'
import {spawnAz, spawnAzOk} from './support/processes.js'
import {ALICE, AUTOMATION_APP, AUTOMATION_SECRET, CONTOSO, EmulatorSandbox, startEmulator} from './support/signed-in.js'
import type {Emulator} from './support/signed-in.js'

import {deadPid} from '../support/processes.js'

const STALE_AGE_S = 30
/** `AZX_STATE_FIGURES=1`: print how long each abandoned lock delayed its command (with a baseline run first). */
const FIGURES = Boolean(process.env.AZX_STATE_FIGURES)
const CONTOSO_PROD = '50000000-0000-4000-8000-000000000002'
const CONTOSO_TRIAL = '50000000-0000-4000-8000-000000000004'

let emulator: Emulator
let sandbox: EmulatorSandbox
/** A live process that has nothing to do with azx, whose PID the "reused PID" locks name. */
let bystander: ChildProcess
const delays: string[] = []

beforeAll(async () => {
  emulator = await startEmulator({accessTokenLifetimeSeconds: 120, autoApproveDeviceCodes: ALICE, proxyPort: false})
  sandbox = new EmulatorSandbox(emulator)
  await sandbox.useEmulatorCloud()
  await spawnAzOk(sandbox, ['login', '--use-device-code', '--output', 'none'])
  await spawnAzOk(sandbox, ['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO, '--output', 'none'])
  bystander = spawn('sleep', ['600'], {stdio: 'ignore'})
}, 120_000)

afterAll(async () => {
  bystander?.kill()
  sandbox?.dispose()
  await emulator?.close()
  if (FIGURES) console.log(`state-locks: delays caused by abandoned locks: ${delays.join('; ')}`)
})

/** A lock as azx writes it: PID, host, time, start time, a random tag. */
function lockOf(pid: number, startTime: string): string {
  return `${pid}\n${hostname()}\n${Date.now()}\n${startTime}\nabandoned\n`
}

interface Case {
  name: string
  /** The file whose lock is left. */
  file: string
  args: string[]
  /** What the lock file holds, and how old it is, in seconds. */
  lock: () => {ageSeconds?: number; content: string}
  breaker?: () => string
}

const accountSet = (): string[] => ['account', 'set', '--subscription', CONTOSO_PROD]
const CASES: Case[] = [
  {args: accountSet(), file: 'azureProfile.json', lock: () => ({content: lockOf(deadPid(), '4242')}), name: 'a killed process'},
  {
    args: accountSet(),
    file: 'azureProfile.json',
    lock: () => ({ageSeconds: 2 * STALE_AGE_S, content: lockOf(bystander.pid!, '')}),
    name: `a live, unrelated PID, older than ${STALE_AGE_S} s`,
  },
  {
    args: accountSet(),
    file: 'azureProfile.json',
    lock: () => ({content: lockOf(bystander.pid!, 'another-start-time')}),
    name: 'a PID reused by another process',
  },
  {args: accountSet(), file: 'azureProfile.json', lock: () => ({content: ''}), name: 'a process killed before it wrote its name'},
  {
    args: ['account', 'get-access-token', '--subscription', CONTOSO_TRIAL, '--output', 'none'],
    file: 'msal_token_cache.json',
    lock: () => ({content: `${deadPid()} /usr/bin/az`}),
    name: 'a killed Python az (the token cache, on a refresh)',
  },
  {
    args: ['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO, '--output', 'none'],
    file: 'service_principal_entries.json',
    lock: () => ({content: String(deadPid())}),
    name: 'a killed @azure/msal-node-extensions app (service principals)',
  },
  {
    args: accountSet(),
    breaker: () => lockOf(deadPid(), '4242'),
    file: 'azureProfile.json',
    lock: () => ({content: lockOf(deadPid(), '4242')}),
    name: 'a killed process, and the breaker of another killed while breaking it',
  },
  {args: accountSet(), file: 'clouds.config', lock: () => ({content: lockOf(deadPid(), '4242')}), name: 'a killed process (clouds.config)'},
  {
    args: ['account', 'get-access-token', '--subscription', CONTOSO_TRIAL, '--output', 'none'],
    file: 'msal_token_cache.json',
    lock: () => ({content: lockOf(deadPid(), '4242')}),
    name: 'a killed process (the token cache, on a refresh)',
  },
  {
    args: ['config', 'set', 'defaults.location=eastus', '--only-show-errors'],
    file: 'config',
    lock: () => ({content: lockOf(deadPid(), '4242')}),
    name: 'a killed process (config)',
  },
  {
    args: ['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO, '--output', 'none'],
    file: 'service_principal_entries.json',
    lock: () => ({content: lockOf(deadPid(), '4242')}),
    name: 'a killed process (service principals)',
  },
]

async function runMs(args: string[]): Promise<number> {
  return (await spawnAzOk(sandbox, args)).durationMs
}

describe('a lock left by a process that is gone', () => {
  // Broken, not waited out: a lock that is not broken makes the command fail after the 15 s lock wait.
  it.each(CASES)('is broken by the next command, which succeeds and leaves nothing behind: $name', async ({args, breaker, file, lock}) => {
    const baseline = FIGURES ? Math.min(await runMs(args), await runMs(args)) : 0
    const lockPath = join(sandbox.configDir, `${file}.lockfile`)
    const {ageSeconds, content} = lock()
    writeFileSync(lockPath, content)
    if (ageSeconds !== undefined) {
      const then = Date.now() / 1000 - ageSeconds
      utimesSync(lockPath, then, then)
    }

    if (breaker) writeFileSync(`${lockPath}.break`, breaker())
    const withLock = await runMs(args)
    delays.push(`${file} ${Math.round(withLock - baseline)} ms`)
    expect(leftovers(sandbox.configDir)).toEqual([])
  })
})

describe('a lock held by a live az process', () => {
  it('is waited for, not broken', async () => {
    const lockPath = join(sandbox.configDir, 'config.lockfile')
    // A live holder writes its lock as azx does, keeps it 1.5 s, then releases it.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs')
         const stat = fs.readFileSync('/proc/self/stat', 'utf8')
         const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
         fs.writeFileSync(process.argv[1], [process.pid, require('node:os').hostname(), Date.now(), start, 'holder', ''].join('\\n'), {flag: 'wx'})
         process.stdout.write('held\\n')
         setTimeout(() => fs.rmSync(process.argv[1]), 1500)`,
        lockPath,
      ],
      {stdio: ['ignore', 'pipe', 'inherit']},
    )
    const released = once(holder, 'close')
    await once(holder.stdout!, 'data')
    const run = await spawnAz(sandbox, ['config', 'set', 'defaults.location=westus', '--only-show-errors'])
    await released
    expect(run.exitCode).toBe(0)
    expect(run.durationMs).toBeGreaterThan(1000)
    expect(readFileSync(join(sandbox.configDir, 'config'), 'utf8')).toContain('location = westus')
    expect(existsSync(lockPath)).toBe(false)
  })
})

/** The CPU time (user and system, in seconds) a process has used `ms` after now, from /proc. */
async function cpuSecondsAfter(pid: number, ms: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, ms))
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const [utime, stime] = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 13)
    .map(Number)
  return (utime + stime) / 100
}

describe('a lock path that holds something that is not a lock', () => {
  const LOCK_WAIT_S = 15
  const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups']

  it(`makes the command wait ${LOCK_WAIT_S} s, without spinning, then fail saying what is there and what to do; nothing changes`, async () => {
    const configSet = ['config', 'set', 'defaults.location=eastus', '--only-show-errors']
    const tokenRefresh = ['account', 'get-access-token', '--subscription', CONTOSO_TRIAL, '--output', 'none']
    // A config dir of its own, owned by nobody, for a lock that nobody may not read (root reads anything).
    const unreadableDir = join(sandbox.root, 'nobody-azure')
    cpSync(sandbox.configDir, unreadableDir, {recursive: true})
    spawnSync('chown', ['-R', 'nobody:nogroup', unreadableDir, sandbox.root])
    const cases = [
      {
        args: accountSet(),
        dir: sandbox.configDir,
        file: 'azureProfile.json',
        make: (path: string) => symlinkSync('/nonexistent/x', path),
        what: "it is a symbolic link (to '/nonexistent/x'), not a lock file.",
      },
      {args: configSet, dir: sandbox.configDir, file: 'config', make: (path: string) => mkdirSync(path), what: 'it is a directory, not a lock file.'},
      {
        args: tokenRefresh,
        dir: sandbox.configDir,
        file: 'msal_token_cache.json',
        make: (path: string) => spawnSync('mkfifo', [path]),
        what: 'it is a named pipe, not a lock file.',
      },
      {
        args: configSet,
        dir: unreadableDir,
        file: 'config',
        make(path: string) {
          writeFileSync(path, lockOf(bystander.pid!, ''))
          chmodSync(path, 0o600)
          chownSync(path, 0, 0)
        },
        // The emulator's CA is root's: this command needs no network.
        env: {NODE_EXTRA_CA_CERTS: ''},
        prefix: AS_NOBODY,
        what: 'which this process cannot read: permission denied (EACCES).',
      },
    ]

    for (const {dir, file, make} of cases) make(join(dir, `${file}.lockfile`))
    const before = cases.map(({dir}) => ({listing: readdirSync(dir).sort(), state: snapshot(dir)}))
    // What each command has used of the CPU after 8 s of waiting (a loop that does not sleep uses all of it).
    const cpuSeconds: Promise<number>[] = []
    const runs = await Promise.all(
      cases.map(({args, dir, env, prefix}) =>
        spawnAz(sandbox, args, {
          env: {...env, AZURE_CONFIG_DIR: dir},
          onSpawn: (child) => cpuSeconds.push(cpuSecondsAfter(child.pid!, 8000)),
          prefix,
          timeoutMs: 60_000,
        }),
      ),
    )
    for (const seconds of await Promise.all(cpuSeconds)) expect(seconds).toBeLessThan(4)
    try {
      for (const [index, {dir, file, what}] of cases.entries()) {
        const lockPath = join(dir, `${file}.lockfile`)
        const run = runs[index]
        expect({exitCode: run.exitCode, stderr: run.stderr}).toEqual({
          exitCode: 1,
          stderr: expect.stringContaining(
            `ERROR: Timed out after ${LOCK_WAIT_S} s waiting for the lock '${lockPath}'${what.startsWith('which') ? ', ' : ': '}${what}\n`,
          ),
        })
        const advice = what.startsWith('which')
          ? `If no other az process is running, delete '${lockPath}' and run the command again.`
          : `Remove '${lockPath}' (no program makes locks like it), then run the command again.`
        expect(run.stderr).toContain(`${advice}\n`)
        expect(run.durationMs).toBeGreaterThanOrEqual(LOCK_WAIT_S * 1000)
        expect({listing: readdirSync(dir).sort(), state: snapshot(dir)}).toEqual(before[index])
      }
    } finally {
      for (const {dir, file} of cases) rmSync(join(dir, `${file}.lockfile`), {force: true, recursive: true})
      spawnSync('chown', ['-R', 'root:root', sandbox.root])
    }
  }, 90_000)
})
