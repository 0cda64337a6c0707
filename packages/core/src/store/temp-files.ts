import {randomBytes} from 'node:crypto'
import {promises as fs} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {isAlive} from './process-identity.js'

/** A temporary file older than this is abandoned whoever wrote it (a write takes milliseconds). */
const ABANDONED_AFTER_MS = 60_000

/**
 * The temporary file writeFileAtomic writes before renaming it over `path`: hidden, beside the
 * target (rename is only atomic within one file system), named after the writer's PID so that the
 * files of a killed writer can be told from those of a live one.
 */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `${prefixOf(path)}${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

/**
 * Deletes the temporary files a writer killed mid-write left beside `path` (they may hold secrets,
 * and must not pile up): those of a dead PID, and any older than a minute. Call it holding the
 * file's lock, so no live writer of this host is between its write and its rename. Failures are
 * ignored: the next writer tries again.
 */
export async function removeAbandonedTempFiles(path: string): Promise<void> {
  const dir = dirname(path)
  const prefix = prefixOf(path)
  let names: string[]
  try {
    names = await fs.readdir(dir)
  } catch {
    return
  }

  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'))
      .map(async (name) => {
        // `.<name>.<pid>.<hex>.tmp`, or `.<name>.lock.<pid>.<hex>.tmp` for a lock's draft (file-lock.ts).
        const pid = Number(name.split('.').at(-3))
        const file = join(dir, name)
        const stat = await fs.stat(file).catch(() => undefined)
        if (!stat) return
        const abandoned = pid === process.pid ? false : !isAlive(pid) || Date.now() - stat.mtimeMs > ABANDONED_AFTER_MS
        if (abandoned) await fs.rm(file, {force: true}).catch(() => undefined)
      }),
  )
}

function prefixOf(path: string): string {
  return `.${basename(path)}.`
}
