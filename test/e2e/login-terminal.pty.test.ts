/**
 * `az login` on a terminal: the password prompt, Ctrl-C during the device code flow, and an
 * expired device code.
 */
import {existsSync, readdirSync} from 'node:fs'

import {describe, expect, it} from '@jest/globals'

import {PtyCli} from './support/pty.js'
import {ALICE, CONTOSO, emulatorPerFile} from './support/signed-in.js'

const {emulator, sandbox} = emulatorPerFile()

const terminal = (args: string[]) =>
  new PtyCli(args, {env: {...emulator.nodeEnv(), AZURE_CONFIG_DIR: sandbox.configDir, AZURE_CORE_LOGIN_EXPERIENCE_V2: 'off', HOME: sandbox.home}})

describe('az login on a terminal', () => {
  it('asks for the password without echoing it', async () => {
    const cli = terminal(['login', '-u', ALICE, '--tenant', CONTOSO])
    await cli.waitFor('Password:')
    cli.type('alice-password-1\r')
    expect(await cli.waitForExit()).toBe(0)
    expect(cli.raw).not.toContain('alice-password-1')
    expect(cli.text()).toContain('"name": "Contoso Dev"')
  })

  it('stops the device code flow on Ctrl-C with exit 1, leaving no token or subscription behind', async () => {
    const cli = terminal(['login', '--use-device-code'])
    await cli.waitFor('enter the code')
    cli.type('\u0003')
    expect(await cli.waitForExit()).toBe(1)
    expect(cli.text()).toContain('The sign-in was cancelled.')
    expect(existsSync(`${sandbox.configDir}/msal_token_cache.json`)).toBe(false)
    // Only the cloud set-up is there: nothing half-written, no temporary file.
    expect(readdirSync(sandbox.configDir).sort()).toEqual(
      ['azureProfile.json', 'clouds.config', 'config'].filter((name) => existsSync(`${sandbox.configDir}/${name}`)),
    )
  })

  it('reports an expired device code', async () => {
    const cli = terminal(['login', '--use-device-code'])
    await cli.waitFor('enter the code')
    emulator.clock.advance(3600)
    expect(await cli.waitForExit()).toBe(1)
    expect(cli.text()).toMatch(/AADSTS70019: .*expired/)
    expect(cli.text()).toContain('Run `az login --use-device-code` again to get a new code.')
  })
})
