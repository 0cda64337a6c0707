/**
 * MFA and Conditional Access refusals as today's az words them, through the built CLI: the
 * warning before every username and password sign-in, the advice to sign in interactively to the
 * tenant for each MFA and Conditional Access code, and a browser instead of a device code where
 * Conditional Access blocks the device code flow (the emulator's Woodgrove tenant).
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from '@jest/globals'

import {ARM_SCOPE} from './support/account.js'
import {printedRelogin} from './support/relogin.js'
import {ALICE, CONTOSO, emulatorPerFile, NORTHWIND, PASSWORD_WARNING} from './support/signed-in.js'

const WOODGROVE = '10000000-0000-4000-8000-000000000004'
const DAVE = 'dave@woodgrove.example'

const {emulator, sandbox} = emulatorPerFile()

const profileStored = () => existsSync(join(sandbox.configDir, 'azureProfile.json'))

describe('a username and password sign-in', () => {
  it("warns first, with today's az's words about MFA", async () => {
    const result = await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO, '-o', 'none'])
    expect(result.stderr.split('\n')[0]).toBe(PASSWORD_WARNING)
    expect(result.stderr.split(PASSWORD_WARNING)).toHaveLength(2)
  })

  it.each([50_076, 50_079, 50_158, 53_003, 50_097])('refused with AADSTS%d: the advice to sign in interactively to that tenant', async (code) => {
    emulator.faults.add({aadsts: {code, message: `Refused by policy ${code}.`}, grantType: 'password', route: 'token', status: 400, times: 1})
    const result = await sandbox.run(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain(`\nERROR: AADSTS${code}: Refused by policy ${code}.`)
    const {login} = printedRelogin(result.stderr)
    expect(login).toEqual(['login', '--tenant', CONTOSO])
    expect(profileStored()).toBe(false)
  })

  it('then a token for a tenant that demands MFA: the advice names that tenant and the scope', async () => {
    await sandbox.ok(['login', '-u', ALICE, '-p', 'alice-password-1', '--tenant', CONTOSO, '-o', 'none'])
    const result = await sandbox.run(['account', 'get-access-token', '--tenant', NORTHWIND])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toMatch(/^ERROR: AADSTS50076: /)
    expect(printedRelogin(result.stderr).login).toEqual(['login', '--tenant', NORTHWIND, '--scope', ARM_SCOPE])
  })
})

describe('a tenant whose Conditional Access blocks the device code flow', () => {
  it('refuses the device code sign-in with AADSTS53003; the advice is a browser on this machine, for that tenant', async () => {
    emulator.autoApproveDeviceCodes(DAVE)
    const result = await sandbox.run(['login', '--use-device-code', '--tenant', 'woodgrove.example'])
    expect(result.exitCode).toBe(1)
    const lines = result.stderr.split('\n')
    const error = lines.findIndex((line) => line.startsWith('ERROR: '))
    expect(lines[error]).toMatch(
      /^ERROR: AADSTS53003: Access has been blocked by Conditional Access policies\. The access policy does not allow token issuance\./,
    )
    expect(result.stderr).toContain(
      "\nThe tenant's Conditional Access policies do not accept a sign-in with a device code. Sign in with a web browser " +
        'on this machine instead (not --use-device-code); where no browser opens, set BROWSER to a command that opens one.\n',
    )
    expect(printedRelogin(result.stderr).login).toEqual(['login', '--tenant', WOODGROVE])
    expect(profileStored()).toBe(false)
  })

  it('lets a password sign-in through (the policy is about the flow)', async () => {
    const result = await sandbox.ok(['login', '-u', DAVE, '-p', 'dave-password-1', '--tenant', WOODGROVE])
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({name: 'Woodgrove Ops', tenantId: WOODGROVE})])
  })
})
