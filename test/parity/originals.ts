/**
 * The Python libraries az is built on (knack, PyYAML, tabulate, Pygments, jmespath, configparser),
 * run by originals.py in one long-lived /usr/bin/python3 process: each batch of jobs is one line
 * each way, so a few thousand inputs cost one interpreter start.
 *
 * They come with Debian's azure-cli package (`apt-get install azure-cli`, which scripts/test.sh
 * does). Without them, or at other versions than the goldens were made with, start() fails and
 * says so: these tests never pass by skipping.
 */
import {spawn} from 'node:child_process'
import type {ChildProcessWithoutNullStreams} from 'node:child_process'
import {fileURLToPath} from 'node:url'

import {pythonJson} from './python-value.js'

/** Debian's interpreter, whose dist-packages hold azure-cli's libraries (a pyenv `python3` on PATH does not). */
export const PYTHON = '/usr/bin/python3'

const SCRIPT = fileURLToPath(new URL('originals.py', import.meta.url))

/** The versions Debian 12's azure-cli 2.45 brings; the goldens and the parity tests assume them. */
export const EXPECTED_VERSIONS: Record<string, string> = {
  PyYAML: '6.0',
  Pygments: '2.14.0',
  jmespath: '1.0.1',
  knack: '0.10.1',
  tabulate: '0.8.9',
}

const INSTALL_HINT = `Install Debian's azure-cli, which brings them to ${PYTHON}: apt-get install -y azure-cli (scripts/test.sh does this).`

export type Job =
  | {kind: 'hello'}
  | {kind: 'unassigned'}
  | {kind: 'render'; format: string; data: unknown; query?: string; transformer?: boolean}
  | {kind: 'tabulate'; rows: unknown[][]; headers: string[]}
  | {kind: 'search'; expression: string; data: unknown; json?: boolean}
  | {kind: 'ini'; text: string}
  | {kind: 'python'; op: 'float-repr' | 'repr' | 'strip' | 'rstrip' | 'splitlines' | 'splitlines-keepends' | 'sorted'; value: unknown}

/** What the library made of a job: `ok` with its value, or `error` with its kind and details. */
export type Answer = {ok: unknown; error?: undefined; [detail: string]: unknown} | {error: string; ok?: undefined; [detail: string]: unknown}

export class Originals {
  private buffer = ''
  private pending: {resolve: (answers: Answer[]) => void; reject: (error: Error) => void} | undefined
  private stderr = ''
  private exited: Error | undefined

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.receive(chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk))
    child.on('error', (error) => this.fail(error))
    child.on('exit', (code, signal) => this.fail(new Error(`${PYTHON} ${SCRIPT} exited (${signal ?? code})`)))
    child.stdin.on('error', (error) => this.fail(error))
  }

  /** Starts the interpreter and checks the libraries' versions; throws a clear error when they are missing. */
  static async start(): Promise<Originals> {
    const env: NodeJS.ProcessEnv = {LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', PATH: '/usr/bin:/bin'}
    // -I: no PYTHONPATH, no user site-packages, so only Debian's libraries are seen.
    const child = spawn(PYTHON, ['-I', '-X', 'utf8', SCRIPT], {env, stdio: ['pipe', 'pipe', 'pipe']})
    const originals = new Originals(child)
    let versions: Record<string, string>
    try {
      const [hello] = await originals.run([{kind: 'hello'}])
      if (hello.error !== undefined) throw new Error(String(hello.message))
      versions = hello.ok as Record<string, string>
    } catch (error) {
      originals.close()
      const reason = error instanceof Error ? error.message : String(error)
      const libraries = 'knack, PyYAML, tabulate, Pygments and jmespath'
      throw new Error(
        `The parity tests need ${PYTHON} with ${libraries}, and could not load them: ${reason}\n${originals.stderr.trim()}\n${INSTALL_HINT}`,
        {cause: error},
      )
    }

    const wrong = Object.entries(EXPECTED_VERSIONS).filter(([name, version]) => versions[name] !== version)
    if (wrong.length > 0) {
      originals.close()
      const found = wrong.map(([name, version]) => `${name} ${versions[name]} (expected ${version})`).join(', ')
      throw new Error(`The parity tests compare azx with the libraries of Debian's azure-cli 2.45, but ${PYTHON} has ${found}. ${INSTALL_HINT}`)
    }

    return originals
  }

  /** Each job's answer, in order, from one round trip. */
  run(jobs: readonly Job[]): Promise<Answer[]> {
    if (this.exited) return Promise.reject(this.exited)
    if (this.pending) return Promise.reject(new Error('one batch at a time'))
    return new Promise((resolve, reject) => {
      this.pending = {reject, resolve}
      this.child.stdin.write(`[${jobs.map((job) => pythonJson(job)).join(',')}]\n`)
    })
  }

  close(): void {
    this.child.stdin.end()
  }

  private receive(chunk: string): void {
    this.buffer += chunk
    const end = this.buffer.indexOf('\n')
    if (end < 0) return
    const line = this.buffer.slice(0, end)
    this.buffer = this.buffer.slice(end + 1)
    const pending = this.pending
    this.pending = undefined
    pending?.resolve(JSON.parse(line) as Answer[])
  }

  private fail(error: Error): void {
    this.exited ??= new Error(`${error.message}\n${this.stderr.trim()}`)
    const pending = this.pending
    this.pending = undefined
    pending?.reject(this.exited)
  }
}
