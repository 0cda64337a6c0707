/**
 * Runs the built CLI (bin/run.js) as a child process, the way a user's shell would, with its own
 * temporary config dir: through @azx/core/testing's runCli, the helper plugin authors get, so this
 * suite is its first user. End-to-end tests never import the CLI's modules.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {runCli} from '@azx/core/testing'
import type {CommandOutput} from '@azx/core/testing'

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname
export const BIN = join(REPO_ROOT, 'bin', 'run.js')

export type CliResult = CommandOutput

export interface CliOptions {
  /** The `az` to run: this repository's bin/run.js unless another (an installed one) is named. */
  bin?: string
  /** The working directory (for `--local` config); defaults to a fresh temporary directory. */
  cwd?: string
  /** Extra environment (`undefined` removes a variable); `AZURE_CONFIG_DIR` comes from the sandbox. */
  env?: Record<string, string | undefined>
  /** Text written to stdin, which is then closed. */
  input?: string
  timeoutMs?: number
}

/** A temporary config dir and home for one test, removed by `dispose()`. */
export class CliSandbox {
  readonly configDir: string
  readonly home: string
  readonly root: string

  /** `bin`: the `az` this sandbox runs (see CliOptions). */
  constructor(readonly bin = BIN) {
    this.root = mkdtempSync(join(tmpdir(), 'azx-e2e-'))
    this.configDir = join(this.root, 'azure')
    this.home = join(this.root, 'home')
  }

  /** Runs `az <args>` and resolves when it exits; never rejects on a non-zero exit code. */
  run(args: string[], options: CliOptions = {}): Promise<CliResult> {
    return runCli(args, {
      bin: this.bin,
      // A hung command is killed within the test's own time limit (60 s), so the test says what it printed.
      timeoutMs: 30_000,
      ...options,
      env: {AZURE_CONFIG_DIR: this.configDir, HOME: this.home, XDG_DATA_HOME: join(this.root, 'data'), ...options.env},
      cwd: options.cwd ?? this.root,
    })
  }

  dispose(): void {
    rmSync(this.root, {force: true, recursive: true})
  }
}
