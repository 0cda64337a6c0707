/**
 * The question `az plugins install` asks before installing a plugin from an unknown publisher, on
 * the terminal: stdin for the answer, stderr for the question (stdout stays the command's output).
 */
import {createInterface} from 'node:readline'

/** True when a terminal can answer: stdin is one. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY)
}

/** Asks `question` and resolves true for y or yes; Enter, anything else, Ctrl-C and Ctrl-D mean no. */
export function askYesNo(question: string): Promise<boolean> {
  const terminal = createInterface({input: process.stdin, output: process.stderr})
  return new Promise((resolve) => {
    let answered = false
    const finish = (yes: boolean) => {
      if (answered) return
      answered = true
      terminal.close()
      resolve(yes)
    }

    terminal.on('SIGINT', () => {
      process.stderr.write('\n')
      finish(false)
    })
    terminal.on('close', () => finish(false))
    terminal.question(`${question} (y/N): `, (answer) => finish(/^y(es)?$/i.test(answer.trim())))
  })
}
