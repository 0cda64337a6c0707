/**
 * What AzCommand prints for errors that are not az's: a file-system refusal names the path and
 * why; anything else is an unexpected error, with its stack under --debug. Neither points to an
 * issue tracker. And what AzCommand keeps of oclif: `this.exit()` and the `finally()` hook.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from '@jest/globals'

import {createTestConfigDir, runCommand} from '../testing/index.js'
import {AzCommand} from './index.js'

class ReadsAMissingFile extends AzCommand<undefined> {
  public async run(): Promise<undefined> {
    await this.parse(ReadsAMissingFile)
    readFileSync(join(process.env.AZURE_CONFIG_DIR!, 'missing'))
    return undefined
  }
}

class Fails extends AzCommand<undefined> {
  public async run(): Promise<undefined> {
    await this.parse(Fails)
    throw new Error('something azx did not expect')
  }
}

/** `this.exit(4)` as a bundled copy of oclif throws it: its ExitError under another class name. */
class ExitsThroughRenamedClass extends AzCommand<undefined> {
  public async run(): Promise<undefined> {
    await this.parse(ExitsThroughRenamedClass)
    class Xe extends Error {
      code = 'EEXIT'
      oclif = {exit: 4}
    }

    throw new Xe('EEXIT: 4')
  }
}

/** A subclass whose `finally()` hook records what it was handed. */
class RecordsFinally extends AzCommand<undefined> {
  static handed: (Error | undefined)[] = []
  static override strict = false

  public async run(): Promise<undefined> {
    const {argv} = await this.parse(RecordsFinally)
    if (argv.includes('fail')) throw new Error('the work failed')
    return undefined
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    RecordsFinally.handed.push(error)
  }
}

describe('AzCommand and errors that are not az errors', () => {
  it('a file-system error: which path, why, exit 1, no traceback', async () => {
    const dir = await createTestConfigDir()
    try {
      const missing = join(dir.path, 'missing')
      expect(await runCommand(ReadsAMissingFile, [])).toEqual({
        exitCode: 1,
        stderr: `ERROR: Could not open '${missing}': no such file or directory (ENOENT).\n`,
        stdout: '',
      })
    } finally {
      await dir.dispose()
    }
  })

  it('anything else: says it was unexpected and how to see where, exit 1, no link', async () => {
    const dir = await createTestConfigDir()
    try {
      expect(await runCommand(Fails, [])).toEqual({
        exitCode: 1,
        stderr:
          'ERROR: The command failed with an unexpected error: something azx did not expect\n' +
          'Run the command again with --debug to see where it failed.\n',
        stdout: '',
      })
      const debug = await runCommand(Fails, ['--debug'])
      expect(debug.stderr).toMatch(
        /ERROR: The command failed with an unexpected error: something azx did not expect\nError: something azx did not expect\n\s+at Fails\.run /,
      )
      expect(debug.stderr).not.toMatch(/github|issues/)
    } finally {
      await dir.dispose()
    }
  })
})

describe('AzCommand and oclif', () => {
  it("ends a command that calls this.exit() with that code and no message, whatever oclif's ExitError class is called", async () => {
    const dir = await createTestConfigDir()
    try {
      expect(await runCommand(ExitsThroughRenamedClass, [])).toEqual({exitCode: 4, stderr: '', stdout: ''})
    } finally {
      await dir.dispose()
    }
  })

  it("hands a subclass's finally() hook the error the command failed with, and nothing when it succeeded", async () => {
    const dir = await createTestConfigDir()
    try {
      RecordsFinally.handed = []
      expect((await runCommand(RecordsFinally, ['fail'])).exitCode).toBe(1)
      expect((await runCommand(RecordsFinally, [])).exitCode).toBe(0)
      expect(RecordsFinally.handed.map((error) => error?.message)).toEqual(['the work failed', undefined])
    } finally {
      await dir.dispose()
    }
  })
})
