/**
 * Runs the built CLI in a real pseudo terminal (@lydell/node-pty) and keeps a model of the terminal
 * screen, so a test reads what a person would see: text written over by cursor movements and line
 * erasures (inquirer re-draws its prompt) counts once, colours are dropped. Waits are bounded and
 * driven by the program's output, never by fixed sleeps.
 */
import pty from '@lydell/node-pty'
import type {IPty} from '@lydell/node-pty'

import {cliEnvironment} from '@azx/core/testing'

import {BIN} from './cli.js'

/** CSI (parameters, intermediates, final), OSC (up to BEL or ST), or a two-character escape. */
const ESCAPE = /^\u001B(?:\[([0-9;?]*)([ -/]*)([@-~])|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[^[\]])/

/**
 * A terminal screen of fixed width that keeps every line ever written (a scroll-back without
 * limit). It understands what the CLI and inquirer emit: text, CR, LF, BS, tabs, and the CSI
 * sequences for cursor moves and erasing; colours and modes are ignored.
 */
export class Screen {
  private readonly lines: string[][] = [[]]
  private row = 0
  private column = 0
  // An escape sequence cut in two by the pty's chunking.
  private pending = ''

  constructor(readonly columns: number) {}

  write(data: string): void {
    const text = this.pending + data
    this.pending = ''
    let index = 0
    while (index < text.length) {
      const character = text[index]
      if (character === '\u001B') {
        const sequence = ESCAPE.exec(text.slice(index))
        if (!sequence) {
          // Cut off by the end of this chunk: wait for the rest. Garbage that never completes is skipped.
          if (text.length - index < 256) {
            this.pending = text.slice(index)
            return
          }

          index += 1
          continue
        }

        if (sequence[3]) this.csi(sequence[1], sequence[3])
        index += sequence[0].length
        continue
      }

      index += 1
      if (character === '\r') this.column = 0
      else if (character === '\n') this.moveTo(this.row + 1, this.column)
      else if (character === '\b') this.column = Math.max(0, this.column - 1)
      else if (character === '\t') this.column = Math.min(this.columns - 1, (Math.floor(this.column / 8) + 1) * 8)
      else if (character >= ' ') this.put(character)
    }
  }

  /** Where the next character goes: the line counts from the first line of the scroll-back. */
  get cursor(): {column: number; row: number} {
    return {column: this.column, row: this.row}
  }

  /** The screen and its scroll-back, trailing spaces and trailing empty lines removed. */
  text(): string {
    return this.lines
      .map((line) => line.join('').trimEnd())
      .join('\n')
      .replace(/\n+$/, '')
  }

  private put(character: string): void {
    if (this.column >= this.columns) this.moveTo(this.row + 1, 0)
    const line = this.lines[this.row]
    while (line.length < this.column) line.push(' ')
    line[this.column] = character
    this.column += 1
  }

  private moveTo(row: number, column: number): void {
    this.row = Math.max(0, row)
    this.column = Math.max(0, Math.min(column, this.columns - 1))
    while (this.lines.length <= this.row) this.lines.push([])
  }

  private csi(parameters: string, final: string): void {
    if (parameters.startsWith('?')) return
    const numbers = parameters.split(';').map((value) => (value === '' ? undefined : Number(value)))
    const count = numbers[0] ?? 1
    const line = this.lines[this.row]
    switch (final) {
      case 'A': {
        this.moveTo(this.row - count, this.column)
        break
      }

      case 'B': {
        this.moveTo(this.row + count, this.column)
        break
      }

      case 'C': {
        this.moveTo(this.row, this.column + count)
        break
      }

      case 'D': {
        this.moveTo(this.row, this.column - count)
        break
      }

      case 'E':
      case 'F': {
        this.moveTo(this.row + (final === 'E' ? count : -count), 0)
        break
      }

      case 'G': {
        this.moveTo(this.row, count - 1)
        break
      }

      case 'K': {
        const mode = numbers[0] ?? 0
        if (mode === 0) line.length = Math.min(line.length, this.column)
        else if (mode === 1) for (let index = 0; index <= this.column && index < line.length; index++) line[index] = ' '
        else line.length = 0
        break
      }

      case 'J': {
        const mode = numbers[0] ?? 0
        if (mode === 0) {
          line.length = Math.min(line.length, this.column)
          this.lines.length = this.row + 1
        }

        break
      }

      default:
      // Colours (m), scrolling regions and the rest change nothing a test reads.
    }
  }
}

export interface PtyOptions {
  columns?: number
  cwd?: string
  /** Added to the test process's environment (without its AZURE_* and similar variables). */
  env?: Record<string, string | undefined>
  rows?: number
}

/** `az <args>` running in a pseudo terminal. */
export class PtyCli {
  readonly exit: Promise<number>
  readonly screen: Screen
  /** Everything the program wrote, escape codes included. */
  raw = ''
  private readonly pty: IPty
  private exitCode: number | undefined
  private readonly listeners = new Set<() => void>()

  constructor(args: string[], options: PtyOptions = {}) {
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(cliEnvironment(options.env))) if (value !== undefined) env[key] = value
    env.TERM = 'xterm-256color'
    const columns = options.columns ?? 200
    this.screen = new Screen(columns)
    this.pty = pty.spawn(process.execPath, [BIN, ...args], {cols: columns, cwd: options.cwd, env, name: 'xterm-256color', rows: options.rows ?? 50})
    this.pty.onData((data) => {
      this.raw += data
      this.screen.write(data)
      this.notify()
    })
    this.exit = new Promise((resolve) => {
      this.pty.onExit(({exitCode}) => {
        this.exitCode = exitCode
        this.notify()
        resolve(exitCode)
      })
    })
  }

  /** What the screen shows now. */
  text(): string {
    return this.screen.text()
  }

  get cursor(): {column: number; row: number} {
    return this.screen.cursor
  }

  /** Types `text` as a person would (use `\r` for Enter). */
  type(text: string): void {
    this.pty.write(text)
  }

  /**
   * Resolves with the screen text once `condition` holds for it; rejects, showing the screen, when
   * the program exits first or `timeoutMs` passes.
   */
  waitFor(condition: RegExp | string | ((cli: PtyCli) => boolean), timeoutMs = 20_000): Promise<string> {
    const holds =
      typeof condition === 'function'
        ? () => condition(this)
        : typeof condition === 'string'
          ? () => this.text().includes(condition)
          : () => condition.test(this.text())
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer)
        this.listeners.delete(check)
        if (error) reject(error)
        else resolve(this.text())
      }

      const check = () => {
        if (holds()) finish()
        else if (this.exitCode !== undefined)
          finish(new Error(`az exited with ${this.exitCode} before ${String(condition)} appeared. Screen:\n${this.text()}`))
      }

      const timer = setTimeout(
        () => finish(new Error(`${String(condition)} did not appear within ${timeoutMs} ms. Screen:\n${this.text()}`)),
        timeoutMs,
      )
      this.listeners.add(check)
      check()
    })
  }

  /** Resolves with the exit code; kills the program and rejects after `timeoutMs`. */
  async waitForExit(timeoutMs = 20_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill()
        reject(new Error(`az did not exit within ${timeoutMs} ms. Screen:\n${this.text()}`))
      }, timeoutMs)
    })
    try {
      return await Promise.race([this.exit, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  kill(): void {
    if (this.exitCode === undefined) this.pty.kill('SIGKILL')
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }
}
