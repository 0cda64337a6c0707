import {promises as fs} from 'node:fs'
import {basename, dirname, join} from 'node:path'

/** A temporary file older than this is abandoned whoever wrote it (a write takes milliseconds). */
const ABANDONED_AFTER_MS = 60_000
/** A dead writer's file is left alone this long, in case the PID belongs to another host (NFS). */
const DEAD_WRITER_GRACE_MS = 1000

/**
 * Deletes the temporary files writeFileAtomic left beside `path` when its process was killed
 * mid-write (`.<name>.<pid>.<hex>.tmp`). They hold tokens, so they must not pile up. Call it while
 * holding the file's lock; failures are ignored (the next write tries again).
 */
export async function removeAbandonedTempFiles(path: string): Promise<void> {
  const dir = dirname(path)
  const prefix = `.${basename(path)}.`
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
        const pid = Number(name.slice(prefix.length).split('.')[0])
        const file = join(dir, name)
        const stat = await fs.stat(file).catch(() => undefined)
        if (!stat) return
        const age = Date.now() - stat.mtimeMs
        const abandoned = age > ABANDONED_AFTER_MS || (age > DEAD_WRITER_GRACE_MS && !isAlive(pid))
        if (abandoned) await fs.rm(file, {force: true}).catch(() => undefined)
      }),
  )
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
