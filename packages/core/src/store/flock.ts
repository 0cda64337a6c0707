import {spawn} from 'node:child_process'
import type {FileHandle} from 'node:fs/promises'

import {log} from '../logger/index.js'

/** False once flock(1) turned out to be missing: not tried again in this process. */
let available = process.platform !== 'win32'

/**
 * Takes an exclusive flock(2) on an open file, as the Python MSAL extensions do on their lock file
 * (portalocker, `LOCK_EX | LOCK_NB`). Node has no flock, so util-linux's `flock(1)` takes it on the
 * descriptor it inherits: the lock belongs to the open file description both processes share, so it
 * stays after flock(1) exits, until `handle` is closed or this process ends, however it ends. Costs
 * one short-lived process (about 5 ms). Where it cannot be taken (no flock(1): macOS, Windows,
 * minimal images; or held by someone else) the lock is what the file's existence makes it, as for
 * @azure/msal-node-extensions, which takes no flock either.
 */
export async function flockExclusive(handle: FileHandle): Promise<void> {
  if (!available) return
  const taken = await new Promise<boolean>((resolve) => {
    const child = spawn('flock', ['--exclusive', '--nonblock', '3'], {stdio: ['ignore', 'ignore', 'ignore', handle.fd]})
    child.once('error', (error) => {
      available = false
      log().debug('store', `No flock(1) (${error.message}): lock files are taken without flock(2)`)
      resolve(false)
    })
    child.once('exit', (code) => resolve(code === 0))
  })
  if (!taken && available) log().debug('store', 'flock(1) could not lock a lock file: it is taken without flock(2)')
}
