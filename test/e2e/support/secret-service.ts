/**
 * A real Secret Service for the encrypted token cache's tests, private to the test: a D-Bus
 * session bus of its own (dbus-daemon) with Debian's gnome-keyring on it, whose login keyring is
 * created and unlocked with a password on stdin, all in a temporary directory, so the user's own
 * session and keyring are never touched. scripts/test.sh installs dbus-daemon and gnome-keyring;
 * without them the test fails and says so.
 */
import {execFile, spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {promisify} from 'node:util'

const run = promisify(execFile)
const READY_TIMEOUT_MS = 10_000

export interface SecretService {
  /** What a process needs to reach it (and nothing of the test's own session). */
  readonly env: {DBUS_SESSION_BUS_ADDRESS: string}
  /** gnome-keyring's files: the keyrings, encrypted with the password. */
  readonly keyringDir: string
  close(): Promise<void>
}

export async function startSecretService(): Promise<SecretService> {
  const root = mkdtempSync(join(tmpdir(), 'azx-secret-service-'))
  const home = join(root, 'home')
  const runtime = join(root, 'run')
  mkdirSync(runtime, {mode: 0o700, recursive: true})
  const children: ChildProcess[] = []
  const close = async (): Promise<void> => {
    for (const child of children.reverse()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await Promise.all(
      children.map((child) =>
        child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined,
      ),
    )
    rmSync(root, {force: true, recursive: true})
  }

  try {
    const address = `unix:path=${join(root, 'bus')}`
    const bus = spawn('dbus-daemon', ['--session', '--nofork', `--address=${address}`, '--print-address=1'], {stdio: ['ignore', 'pipe', 'pipe']})
    children.push(bus)
    await firstOutput(bus, 'dbus-daemon')
    const env = {DBUS_SESSION_BUS_ADDRESS: address}
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: {...env, HOME: home, PATH: process.env.PATH, XDG_DATA_HOME: join(home, '.local', 'share'), XDG_RUNTIME_DIR: runtime},
      stdio: ['pipe', 'ignore', 'pipe'],
    })
    children.push(keyring)
    keyring.stdin.end('test-keyring-password')
    await untilOwned('org.freedesktop.secrets', env, keyring)
    return {close, env, keyringDir: join(home, '.local', 'share', 'keyrings')}
  } catch (error) {
    await close()
    throw error
  }
}

/** Resolves on the first line a child prints (dbus-daemon: its address, once it listens). */
function firstOutput(child: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = ''
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', (error) =>
      reject(new Error(`${name} did not start (${error.message}): scripts/test.sh installs it (Debian package dbus-daemon).`)),
    )
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${stderr}`)))
    child.stdout!.once('data', () => resolve())
  })
}

/** Waits until `name` has an owner on the bus: gnome-keyring serves the Secret Service. */
async function untilOwned(name: string, env: NodeJS.ProcessEnv, owner: ChildProcess): Promise<void> {
  let failure: Error | undefined
  let stderr = ''
  owner.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  owner.once(
    'error',
    (error) =>
      (failure = new Error(`gnome-keyring-daemon did not start (${error.message}): scripts/test.sh installs it (Debian package gnome-keyring).`)),
  )
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (failure) throw failure
    if (owner.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with ${owner.exitCode}: ${stderr}`)
    const {stdout} = await run(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
      {env: {...env, PATH: process.env.PATH}},
    )
    if (stdout.includes('boolean true')) return
    await sleep(50)
  }

  throw new Error(`${name} had no owner on the private bus after ${READY_TIMEOUT_MS} ms: ${stderr}`)
}
