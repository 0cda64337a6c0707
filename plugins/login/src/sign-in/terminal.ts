/** The terminal `az login` runs on: what it is, and what the sign-in may do with it. */
import {CommandError} from '@azx/core'

export interface Terminal {
  color: boolean
  stdinIsTty: boolean
  stdoutIsTty: boolean
  stderrIsTty: boolean
  /** Asks for a secret without echo; only called when stdin is a terminal. */
  promptSecret: (message: string) => Promise<string>
  /** Writes text to stdout, where the selector prints its table. */
  writeOut: (text: string) => void
  /** Runs `work` under a progress indicator on stderr that says `message`. */
  showProgress: <T>(message: string, work: () => Promise<T>) => Promise<T>
}

/** This process's terminal: its standard streams, @inquirer/prompts for secrets, oclif's spinner. */
export function processTerminal(color: boolean): Terminal {
  return {
    color,
    async promptSecret(message) {
      const {password} = await import('@inquirer/prompts')
      return password({message, theme: {prefix: ''}})
    },
    async showProgress(message, work) {
      const {ux} = await import('@oclif/core/ux')
      ux.action.start(message, undefined, {stdout: false})
      try {
        return await work()
      } finally {
        ux.action.stop()
      }
    },
    stderrIsTty: Boolean(process.stderr.isTTY),
    stdinIsTty: Boolean(process.stdin.isTTY),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    writeOut: (text) => process.stdout.write(text),
  }
}

/** A password or client secret the command line left out, asked for on the terminal; without one, az's error. */
export async function secretFromTerminal(terminal: Terminal): Promise<string> {
  if (!terminal.stdinIsTty) throw new CommandError('Please specify both username and password in non-interactive mode.')
  return terminal.promptSecret('Password: ')
}
