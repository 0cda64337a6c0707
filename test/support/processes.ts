import {spawnSync} from 'node:child_process'

/** The PID of a process that has exited (the owner of an abandoned lock or record). */
export function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'}).stdout)
}
