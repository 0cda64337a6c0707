/**
 * Runs a command in the Python az as if the user had typed it there: the same arguments, the same
 * environment (so the same AZURE_CONFIG_DIR and sign-in), the terminal or pipes azx was given
 * (inherited, so a TTY stays a TTY and stdin is read by the Python az alone), and azx ends the way
 * the Python az ended: with its exit code, or killed by the same signal.
 */
import {spawn} from 'node:child_process'
import {constants} from 'node:os'

import {delegationEnv} from './locate.js'

/** How the Python az ended. */
export type ChildExit = {code: number; signal?: undefined} | {code?: undefined; signal: NodeJS.Signals}

/**
 * Signals azx passes on. SIGINT and SIGQUIT come from the terminal's Ctrl-C and Ctrl-\ too, and the
 * terminal sends those to every process of the foreground job, the Python az included: passed on
 * as well, the Python az would get them twice (a second KeyboardInterrupt while it cleans up after
 * the first). So on a terminal they are only swallowed; without one they are passed on.
 */
function forwardedSignals(stdinIsTerminal: boolean): {forward: NodeJS.Signals[]; swallow: NodeJS.Signals[]} {
  if (process.platform === 'win32') return {forward: [], swallow: ['SIGINT', 'SIGBREAK']}
  const fromTerminal: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT']
  const always: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGUSR2']
  return stdinIsTerminal ? {forward: always, swallow: fromTerminal} : {forward: [...always, ...fromTerminal], swallow: []}
}

/** Runs `executable` with `args` and resolves with how it ended; rejects only when it cannot start. */
export function runPythonAz(executable: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildExit> {
  // The Python az on Windows is az.cmd, which only cmd.exe runs; it gets the arguments as one line.
  const throughShell = process.platform === 'win32' && /\.(cmd|bat)$/i.test(executable)
  const child = spawn(throughShell ? `"${executable}"` : executable, throughShell ? args.map((arg) => `"${arg.replaceAll('"', '""')}"`) : args, {
    env: delegationEnv(env, executable),
    shell: throughShell,
    stdio: 'inherit',
  })
  const {forward, swallow} = forwardedSignals(Boolean(process.stdin.isTTY))
  const listeners = new Map<NodeJS.Signals, () => void>()
  for (const signal of forward) listeners.set(signal, () => child.kill(signal))
  for (const signal of swallow) listeners.set(signal, () => {})
  for (const [signal, listener] of listeners) process.on(signal, listener)
  const stopListening = () => {
    for (const [signal, listener] of listeners) process.off(signal, listener)
  }

  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      stopListening()
      reject(error)
    })
    child.once('exit', (code, signal) => {
      stopListening()
      resolve(signal ? {signal} : {code: code ?? 1})
    })
  })
}

/**
 * Ends azx as the Python az ended: the same exit code, or the same signal (its listeners are gone
 * by now, so the default action applies). A signal Node ignores (SIGPIPE) leaves the shell's
 * convention, 128 + its number.
 */
export function exitAs(exit: ChildExit): void {
  if (exit.signal === undefined) {
    process.exitCode = exit.code
    return
  }

  process.exitCode = 128 + (constants.signals[exit.signal] ?? 0)
  process.kill(process.pid, exit.signal)
}
