import {afterAll, describe, expect, it} from '@jest/globals'

import {CliSandbox} from './support/cli.js'
import {PtyCli} from './support/pty.js'

const sandbox = new CliSandbox()
afterAll(() => sandbox.dispose())

const env = (extra: Record<string, string> = {}) => ({AZURE_CONFIG_DIR: sandbox.configDir, HOME: sandbox.home, ...extra})

describe('errors on a terminal', () => {
  it('are coloured, without the level name, when stdout and stderr are terminals', async () => {
    const cli = new PtyCli(['account', 'show'], {env: env()})
    expect(await cli.exit).toBe(1)
    expect(cli.raw).toContain("\u001B[91mPlease run 'az login' to setup account.\u001B[0m")
    expect(cli.raw).not.toContain('ERROR:')
  })

  it('keep the ERROR: prefix and no colour with core.no_color', async () => {
    const cli = new PtyCli(['account', 'show'], {env: env({AZURE_CORE_NO_COLOR: 'true'})})
    expect(await cli.exit).toBe(1)
    expect(cli.raw).toContain("ERROR: Please run 'az login' to setup account.")
    expect(cli.raw).not.toContain('\u001B[91m')
  })

  it('colour warnings too, and usage errors exit with 2', async () => {
    const cli = new PtyCli(['account', 'list', '--foo'], {env: env()})
    expect(await cli.exit).toBe(2)
    expect(cli.raw).toContain('\u001B[91munrecognized arguments: --foo\u001B[0m')
  })
})
