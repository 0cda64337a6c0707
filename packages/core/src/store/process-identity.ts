import {readFileSync} from 'node:fs'

/** True when a process with this PID exists (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * When the process started, in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined
 * where there is no /proc. A PID and its start time together name one process: once its owner has
 * died, a reused PID has another start time.
 */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux architecture that Node runs on). */
const TICKS_PER_SECOND = 100

/**
 * When the process started, in ms since the epoch (from its start time and the boot time in
 * /proc/stat, which is whole seconds), or undefined where there is no /proc.
 */
export function startedAtMs(pid: number): number | undefined {
  const ticks = Number(startTimeOf(pid))
  if (!Number.isFinite(ticks)) return undefined
  try {
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1])
    return Number.isFinite(bootSeconds) ? bootSeconds * 1000 + (ticks * 1000) / TICKS_PER_SECOND : undefined
  } catch {
    return undefined
  }
}

let own: string | undefined

/** This process's start time (see startTimeOf), read once. */
export function ownStartTime(): string {
  own ??= startTimeOf(process.pid) ?? ''
  return own
}
