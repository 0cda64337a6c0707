/**
 * End-to-end set-up against the emulator: an emulator per test file, and per test a CLI sandbox
 * whose active cloud is the emulator, registered and selected through the CLI as a user would.
 */
import {cpSync} from 'node:fs'

import {afterAll, afterEach, beforeAll, beforeEach} from '@jest/globals'
import {startEmulator} from '@azx/emulator'
import type {Emulator, EmulatorOptions} from '@azx/emulator'

import {CliSandbox} from './cli.js'
import type {CliOptions, CliResult} from './cli.js'

export const ALICE = 'alice@contoso.example'
export const CONTOSO = '10000000-0000-4000-8000-000000000001'
export const FABRIKAM = '10000000-0000-4000-8000-000000000002'
export const NORTHWIND = '10000000-0000-4000-8000-000000000003'
export const CONTOSO_DEV = '50000000-0000-4000-8000-000000000001'
export const AUTOMATION_APP = '30000000-0000-4000-8000-000000000001'
export const AUTOMATION_SECRET = 'contoso-automation-secret-1'
/** Today's az's warning before a username and password sign-in, for a cloud other than Azure public cloud (the emulator's). */
export const PASSWORD_WARNING =
  'WARNING: Using authentication with username and password in the command line is strongly discouraged. Consider using ' +
  'one of the recommended authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314'

export {startEmulator}
export type {Emulator, EmulatorOptions}

/** A CLI sandbox that talks to `emulator` (its CA trusted, its cloud registered and active). */
export class EmulatorSandbox extends CliSandbox {
  constructor(
    readonly emulator: Emulator,
    bin?: string,
  ) {
    super(bin)
  }

  /** Registers the emulator as the cloud `Emu` and makes it active. */
  async useEmulatorCloud(): Promise<void> {
    const {url} = this.emulator
    const register = await this.run([
      'cloud',
      'register',
      '--name',
      'Emu',
      '--endpoint-active-directory',
      url,
      '--endpoint-resource-manager',
      `${url}/`,
      '--endpoint-active-directory-resource-id',
      'https://management.core.windows.net/',
      '--endpoint-active-directory-graph-resource-id',
      'https://graph.windows.net/',
    ])
    const set = await this.run(['cloud', 'set', '--name', 'Emu'])
    if (register.exitCode !== 0 || set.exitCode !== 0) throw new Error(`cloud set-up failed: ${register.stderr}${set.stderr}`)
  }

  override run(args: string[], options: CliOptions = {}): Promise<CliResult> {
    return super.run(args, {...options, env: {...this.emulator.nodeEnv(), ...options.env}})
  }

  /** `az <args>` that must succeed; fails the test with the CLI's stderr otherwise. */
  async ok(args: string[], options: CliOptions = {}): Promise<CliResult> {
    const result = await this.run(args, options)
    if (result.exitCode !== 0) throw new Error(`az ${args.join(' ')} exited with ${result.exitCode}:\n${result.stderr}`)
    return result
  }

  /** Signs in as a service principal with a secret. */
  async loginServicePrincipal(): Promise<CliResult> {
    return this.ok(['login', '--service-principal', '-u', AUTOMATION_APP, '-p', AUTOMATION_SECRET, '--tenant', CONTOSO])
  }
}

/** A new sandbox holding a copy of `from`'s config dir: the same accounts, tokens and settings. */
export function copySandbox(from: EmulatorSandbox): EmulatorSandbox {
  const copy = new EmulatorSandbox(from.emulator)
  cpSync(from.configDir, copy.configDir, {recursive: true})
  return copy
}

/** What {@link emulatorPerFile} sets up, besides the emulator's own options. */
export interface EmulatorPerFileOptions extends EmulatorOptions {
  /** Every test's device codes are approved at once for this user (the emulator's autoApproveDeviceCodes). */
  approveDeviceCodesFor?: string
}

/**
 * The set-up most end-to-end files share: one emulator for the file (no proxy unless `proxyPort`
 * says so) and, for each test, a new sandbox whose active cloud it is. The CLI registers and
 * selects the cloud once per file, in a template; each test gets a copy of the template's config
 * dir, the same files the two commands would write again (two CLI runs fewer per test). After each
 * test the sandbox is removed and what a test may have changed on the emulator is put back: device
 * codes approved for nobody, no faults. Call it at the top of the file; the `emulator` and
 * `sandbox` it returns stand for the file's emulator and the running test's sandbox (outside a
 * test there is none).
 */
export function emulatorPerFile(options: EmulatorPerFileOptions = {}): {emulator: Emulator; sandbox: EmulatorSandbox} {
  const {approveDeviceCodesFor, ...emulatorOptions} = options
  let emulator: Emulator | undefined
  let template: EmulatorSandbox | undefined
  let sandbox: EmulatorSandbox | undefined
  beforeAll(async () => {
    emulator = await startEmulator({proxyPort: false, ...emulatorOptions})
    template = new EmulatorSandbox(emulator)
    await template.useEmulatorCloud()
  })
  afterAll(async () => {
    template?.dispose()
    await emulator?.close()
  })
  beforeEach(() => {
    sandbox = copySandbox(template!)
    emulator!.autoApproveDeviceCodes(approveDeviceCodesFor)
  })
  afterEach(() => {
    emulator?.autoApproveDeviceCodes(undefined)
    emulator?.faults.clear()
    sandbox?.dispose()
    sandbox = undefined
  })
  return {emulator: standIn('emulator', () => emulator), sandbox: standIn('sandbox', () => sandbox)}
}

/** An object that stands for what `current()` is when it is used, its methods bound to that. */
function standIn<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const value = current()
      if (value === undefined) throw new Error(`There is no ${what} here: emulatorPerFile() makes one for the file's tests.`)
      const property: unknown = Reflect.get(value, key, value)
      return typeof property === 'function' ? property.bind(value) : property
    },
  })
}
