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
 * one short-lived process (about 5 ms). True when the lock is held; false where it cannot be taken:
 * no flock(1) (macOS, Windows, minimal images), or someone else holds it.
 */
export function flockExclusive(handle: FileHandle): Promise<boolean> {
  if (!available) return Promise.resolve(false)
  return new Promise((resolve) => {
    const child = spawn('flock', ['--exclusive', '--nonblock', '3'], {stdio: ['ignore', 'ignore', 'ignore', handle.fd]})
    child.once('error', (error) => {
      available = false
      log().debug('store', `No flock(1) (${error.message}): locks are taken without flock(2), as @azure/msal-node-extensions takes them`)
      resolve(false)
    })
    child.once('exit', (code) => resolve(code === 0))
  })
}
