/**
 * What AzCommand prints for errors that are not az's: a file-system refusal names the path and
 * why; anything else is an unexpected error, with its stack under --debug. Neither points to an
 * issue tracker.
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

describe('AzCommand and errors that are not az errors', () => {
  it('a file-system error: which path, why, exit 1, no traceback', async () => {
    const dir = await createTestConfigDir()
    try {
      const missing = join(dir.path, 'missing')
      expect(await runCommand(ReadsAMissingFile, [])).toEqual({exitCode: 1, stderr: `ERROR: Could not open '${missing}': no such file or directory (ENOENT).\n`, stdout: ''})
    } finally {
      await dir.dispose()
    }
  })

  it('anything else: says it was unexpected and how to see where, exit 1, no link', async () => {
    const dir = await createTestConfigDir()
    try {
      expect(await runCommand(Fails, [])).toEqual({
        exitCode: 1,
        stderr: 'ERROR: The command failed with an unexpected error: something azx did not expect\nRun the command again with --debug to see where it failed.\n',
        stdout: '',
      })
      const debug = await runCommand(Fails, ['--debug'])
      expect(debug.stderr).toMatch(/ERROR: The command failed with an unexpected error: something azx did not expect\nError: something azx did not expect\n\s+at Fails\.run /)
      expect(debug.stderr).not.toMatch(/github|issues/)
    } finally {
      await dir.dispose()
    }
  })
})
