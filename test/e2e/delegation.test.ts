/**
 * Commands azx does not have run in the Python az: through the built CLI, with small shell scripts
 * standing in for the Python az (named by AZX_PYTHON_AZ or found on PATH) to see exactly what it
 * was given, and with Debian's real Python az (/usr/bin/az) for what a user gets. The Python az
 * answering from azx's own sign-in is in interop-python-az.test.ts (it needs the emulator on 443).
 */
import {spawn} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from '@jest/globals'
import {cliEnvironment} from '@azx/core/testing'

import {BIN, CliSandbox} from './support/cli.js'
import type {CliResult} from './support/cli.js'
import {PtyCli} from './support/pty.js'
import {pythonAzPath, runPythonAz} from './support/python-az.js'

const USAGE_LINES = '\nExamples from AI knowledge base:\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n'
const INSTALL = 'https://learn.microsoft.com/cli/azure/install-azure-cli'

const sandbox = new CliSandbox()
const bin = join(sandbox.root, 'fake')
/** A directory on PATH with nothing in it: no Python az anywhere. */
const emptyPath = join(sandbox.root, 'empty-path')
afterAll(() => sandbox.dispose())

/** A shell script standing in for the Python az; its path. */
function fakeAz(name: string, script: string): string {
  const path = join(bin, name, 'az')
  mkdirSync(join(path, '..'), {recursive: true})
  writeFileSync(path, `#!/bin/sh\n${script}\n`)
  chmodSync(path, 0o755)
  return path
}

/** Prints its arguments one per line, and the config dir it runs on; exits with 7. */
let echoAz: string
/** Answers `az version`, counting how often it is asked. */
let versionAz: string

beforeAll(() => {
  mkdirSync(emptyPath, {recursive: true})
  echoAz = fakeAz('echo', 'for arg in "$@"; do printf "arg:%s\\n" "$arg"; done\necho "config:$AZURE_CONFIG_DIR"\nexit 7')
  versionAz = fakeAz(
    'version',
    'echo asked >> "$0.log"\n[ "$1 $2 $3" = "version --output json" ] || exit 9\n' +
      `echo '{"azure-cli": "2.99.0", "azure-cli-core": "2.99.0", "azure-cli-telemetry": "1.1.0", "extensions": {"ssh": "2.0.6"}}'`,
  )
})

const withAz = (path: string, extra: NodeJS.ProcessEnv = {}) => ({env: {AZX_PYTHON_AZ: path, ...extra}})

describe('a command azx does not have', () => {
  it('runs in the Python az with the same arguments, config dir and exit code', async () => {
    const args = ['vm', 'list', '--query', "[?name=='a b'].id", '-o', 'tsv', '', 'naïve "quoted" $HOME']
    expect(await sandbox.run(args, withAz(echoAz))).toEqual({
      exitCode: 7,
      stderr: '',
      stdout: `${args.map((arg) => `arg:${arg}\n`).join('')}config:${sandbox.configDir}\n`,
    })
  })

  it("hands over the Python az's commands inside azx's groups, its extensions' commands and help", async () => {
    for (const args of [
      ['account', 'alias', 'list'],
      ['account', 'lock', 'list'],
      ['ssh', 'vm', '--ip', '10.0.0.1'],
      ['rest', '--url', 'x'],
      ['vm', 'list', '--help'],
    ]) {
      expect(await sandbox.run(args, withAz(echoAz))).toEqual({
        exitCode: 7,
        stderr: '',
        stdout: `${args.map((arg) => `arg:${arg}\n`).join('')}config:${sandbox.configDir}\n`,
      })
    }

    // `az help vm` asks for what `az vm --help` prints.
    expect((await sandbox.run(['help', 'vm'], withAz(echoAz))).stdout).toMatch(/^arg:vm\narg:--help\n/)
  })

  it('passes stdin through to the Python az', async () => {
    const cat = fakeAz('cat', 'cat')
    const input = '{"properties": {"a": 1}}\nsecond line\n'
    expect(await sandbox.run(['rest', '--body', '@-'], {...withAz(cat), input})).toEqual({exitCode: 0, stderr: '', stdout: input})
  })

  it('answers a typo of an azx command itself, without the Python az', async () => {
    const log = fakeAz('log', 'echo ran >> "$0.log"')
    expect(await sandbox.run(['acount', 'list'], withAz(log))).toEqual({
      exitCode: 2,
      stderr: `ERROR: 'acount' is misspelled or not recognized by the system.\nDid you mean 'account' ?\n${USAGE_LINES}`,
      stdout: '',
    })
    for (const command of ['login', 'version']) {
      expect(await sandbox.run([command, 'now'], withAz(log))).toEqual({
        exitCode: 2,
        stderr: `ERROR: unrecognized arguments: now\n${USAGE_LINES}`,
        stdout: '',
      })
    }

    expect(existsSync(`${log}.log`)).toBe(false)
  })

  it('finds the Python az on PATH, skipping a symlink to azx and a wrapper that runs azx again', async () => {
    const link = join(sandbox.root, 'link-to-azx')
    mkdirSync(link)
    symlinkSync(BIN, join(link, 'az'))
    const wrapper = join(bin, 'wrapper')
    fakeAz('wrapper', `exec "${process.execPath}" "${BIN}" "$@"`)
    const path = [link, wrapper, join(bin, 'echo'), '/usr/bin'].join(':')
    const result = await sandbox.run(['vm', 'list'], {env: {PATH: path}})
    expect(result).toEqual({exitCode: 7, stderr: '', stdout: `arg:vm\narg:list\nconfig:${sandbox.configDir}\n`})
  })

  it('says which package has the command when there is no Python az, exit 2', async () => {
    const noPython = {env: {PATH: emptyPath}}
    expect(await sandbox.run(['vm', 'list'], noPython)).toEqual({
      exitCode: 2,
      stderr:
        `ERROR: 'vm' is misspelled or not recognized by the system.\n` +
        `'az vm' is a command of the Python az (azure-cli), which is not installed (${INSTALL}).\n${USAGE_LINES}`,
      stdout: '',
    })
    expect((await sandbox.run(['account', 'lock', 'list'], noPython)).stderr).toContain(
      `'az account lock' is a command of the Python az (azure-cli), which is not installed (${INSTALL}).\n`,
    )
    expect((await sandbox.run(['group', 'list'], noPython)).stderr).toContain(
      `'az group' is a command of the Python az (azure-cli), which is not installed ` +
        `(${INSTALL}), and of the azx plugin @azx/plugin-group: az plugins install group.\n`,
    )
    expect(await sandbox.run(['ssh', 'vm'], noPython)).toEqual({
      exitCode: 2,
      stderr:
        `ERROR: 'ssh' is misspelled or not recognized by the system.\n` +
        `azx hands the commands it does not have to the Python az (azure-cli), which is not installed (${INSTALL}).\n${USAGE_LINES}`,
      stdout: '',
    })
    expect(await sandbox.run(['vm', 'list'], {env: {AZX_PYTHON_AZ: join(emptyPath, 'az')}})).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining(
        `AZX_PYTHON_AZ names '${join(emptyPath, 'az')}', which azx cannot run as the Python az: it is not an executable file.\n`,
      ),
    })
  })

  it('stays in azx when core.delegate_to_python_az is false, in the config file or the environment', async () => {
    const log = fakeAz('off', 'echo ran >> "$0.log"')
    const off =
      `ERROR: 'vm' is misspelled or not recognized by the system.\n` +
      `'az vm' is a command of the Python az (azure-cli), which azx does not run while core.delegate_to_python_az is false.\n${USAGE_LINES}`
    expect(await sandbox.run(['vm', 'list'], withAz(log, {AZURE_CORE_DELEGATE_TO_PYTHON_AZ: 'false'}))).toEqual({
      exitCode: 2,
      stderr: off,
      stdout: '',
    })

    const bad = await sandbox.run(['config', 'set', 'core.delegate_to_python_az=maybe'])
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain(
      "ERROR: 'maybe' is not a valid value for 'core.delegate_to_python_az'. Allowed values: true, false, yes, no, on, off, 1, 0.\n",
    )
    expect((await sandbox.run(['config', 'set', 'core.delegate_to_python_az=no'])).exitCode).toBe(0)
    expect(await sandbox.run(['vm', 'list'], withAz(log))).toEqual({exitCode: 2, stderr: off, stdout: ''})
    expect(existsSync(`${log}.log`)).toBe(false)
    expect((await sandbox.run(['vm', 'list'], withAz(log, {AZURE_CORE_DELEGATE_TO_PYTHON_AZ: 'true'}))).exitCode).toBe(0)
    expect((await sandbox.run(['config', 'unset', 'core.delegate_to_python_az'])).exitCode).toBe(0)
  })
})

describe('a config file that cannot be read', () => {
  it('stops a command for the Python az with its error, before anything runs', async () => {
    const broken = new CliSandbox()
    try {
      mkdirSync(broken.configDir, {recursive: true})
      const config = join(broken.configDir, 'config')
      writeFileSync(config, '[core]\ndelegate_to_python_az = true\ndelegate_to_python_az = false\n')
      const log = fakeAz('unread', 'echo ran >> "$0.log"')
      const result = await broken.run(['vm', 'list'], withAz(log))
      expect([result.exitCode, result.stdout]).toEqual([1, ''])
      expect(result.stderr).toMatch(new RegExp(`^ERROR: '${config}' sets 'delegate_to_python_az' twice in the section \\[core\\]`))
      expect(existsSync(`${log}.log`)).toBe(false)
    } finally {
      broken.dispose()
    }
  })
})

describe('signals', () => {
  const running: number[] = []
  afterEach(() => {
    // azx runs in a process group of its own: whatever is left of it and its Python az goes.
    for (const pid of running.splice(0)) {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  })

  /**
   * azx running `script` (JavaScript, run by Node: a shell cannot trap a signal it was started
   * with ignored, as a background job's SIGINT is) as the Python az, once the script said it is ready.
   */
  async function started(
    script: string,
  ): Promise<{done: Promise<{code: number | null; signal: NodeJS.Signals | null}>; pid: number; stdout: () => string}> {
    const path = join(bin, `signal-${running.length}-${Date.now()}`, 'az')
    mkdirSync(join(path, '..'), {recursive: true})
    writeFileSync(path, `#!${process.execPath}\n${script}\n`)
    chmodSync(path, 0o755)
    const env = cliEnvironment({AZURE_CONFIG_DIR: sandbox.configDir, AZX_PYTHON_AZ: path, HOME: sandbox.home})
    const child = spawn(process.execPath, [BIN, 'vm', 'list'], {detached: true, env, stdio: ['ignore', 'pipe', 'pipe']})
    running.push(child.pid!)
    let stdout = ''
    const ready = new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk
        if (stdout.includes('ready\n')) resolve()
      })
    })
    const done = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) =>
      child.on('close', (code, signal) => resolve({code, signal})),
    )
    await ready
    return {done, pid: child.pid!, stdout: () => stdout}
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('%s to azx reaches the Python az, and azx exits as it did', async (signal) => {
    const trapping = await started(
      `process.on('${signal}', () => { process.stdout.write('caught ${signal}\\n'); process.exit(42) })\n` +
        `process.stdout.write('ready\\n')\nsetInterval(() => {}, 1000)`,
    )
    process.kill(trapping.pid, signal)
    expect(await trapping.done).toEqual({code: 42, signal: null})
    expect(trapping.stdout()).toBe(`ready\ncaught ${signal}\n`)
  })

  it('azx dies of the signal that killed the Python az', async () => {
    const plain = await started(`process.stdout.write('ready\\n')\nsetInterval(() => {}, 1000)`)
    process.kill(plain.pid, 'SIGTERM')
    expect(await plain.done).toEqual({code: null, signal: 'SIGTERM'})
  })
})

describe('on a terminal', () => {
  it('the Python az gets the terminal itself: stdin, stdout and stderr stay TTYs', async () => {
    const tty = fakeAz('tty', 'if [ -t 0 ] && [ -t 1 ] && [ -t 2 ]; then echo "all terminals"; else echo "not terminals"; fi')
    const cli = new PtyCli(['vm', 'list'], {env: {AZURE_CONFIG_DIR: sandbox.configDir, AZX_PYTHON_AZ: tty, HOME: sandbox.home}})
    expect(await cli.waitForExit()).toBe(0)
    expect(cli.text()).toContain('all terminals')
  })
})

describe('versions and help', () => {
  it('az --version and az version show the Python az as a second block, asked once while it stays the same', async () => {
    const text = await sandbox.run(['--version'], withAz(versionAz))
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toMatch(/^azx {31}0\.1\.0\n/)
    expect(text.stdout).toContain(
      `\nPython az '${versionAz}', for the commands azx does not have:\n${'azure-cli'.padEnd(34)}2.99.0\n` +
        `${'azure-cli-core'.padEnd(34)}2.99.0\n${'azure-cli-telemetry'.padEnd(34)}1.1.0\n\nExtensions:\n${'ssh'.padEnd(34)}2.0.6\n\n`,
    )
    const json = JSON.parse((await sandbox.run(['version'], withAz(versionAz))).stdout)
    expect(json['python-az']).toEqual({
      'azure-cli': '2.99.0',
      'azure-cli-core': '2.99.0',
      'azure-cli-telemetry': '1.1.0',
      extensions: {ssh: '2.0.6'},
      location: versionAz,
    })
    // The runner and oclif say the same.
    expect((await sandbox.run(['--version'], withAz(versionAz, {AZX_QUICK_START: '0'}))).stdout).toBe(text.stdout)
    expect(readFileSync(`${versionAz}.log`, 'utf8')).toBe('asked\n')

    // A new Python az (an upgrade rewrites its file) is asked again.
    writeFileSync(versionAz, readFileSync(versionAz, 'utf8').replace(/2\.99\.0/g, '2.100.0'))
    expect((await sandbox.run(['--version'], withAz(versionAz))).stdout).toContain(`${'azure-cli'.padEnd(34)}2.100.0\n`)
    expect(readFileSync(`${versionAz}.log`, 'utf8')).toBe('asked\nasked\n')
  })

  it('leave the Python az out when delegation is off or there is none, and say so when it cannot answer', async () => {
    expect((await sandbox.run(['--version'], withAz(versionAz, {AZURE_CORE_DELEGATE_TO_PYTHON_AZ: 'false'}))).stdout).not.toContain('Python az')
    expect(JSON.parse((await sandbox.run(['version'], {env: {PATH: emptyPath}})).stdout)).not.toHaveProperty('python-az')
    const broken = await sandbox.run(['--version'], withAz(echoAz))
    expect([broken.exitCode, broken.stdout]).toEqual([
      0,
      expect.stringContaining(`Python az '${echoAz}', for the commands azx does not have:\n(its versions could not be read)\n`),
    ])
  })

  it('az --help lists the command groups that go to the Python az, and where it is', async () => {
    const help = await sandbox.run(['--help'], withAz(echoAz))
    expect(help.exitCode).toBe(0)
    const section = help.stdout.slice(help.stdout.indexOf('PYTHON AZ\n')).replaceAll(/\n +/g, ' ')
    expect(section).toContain(`Every other command runs in the Python az (${echoAz}), on the same config dir and sign-in: acr, ad, advisor,`)
    expect(section).toContain(
      ' vm, vmss, webapp; account alias, account lock, account management-group, ' +
        'account subscription, config param-persist; and the commands of its extensions.',
    )
    expect(section).not.toMatch(/[ ,]login[,;]/)
    const none = await sandbox.run(['--help'], {env: {PATH: emptyPath}})
    expect(none.stdout.replaceAll(/\n +/g, ' ')).toContain(
      `Every other command is the Python az's (azure-cli), which is not installed (${INSTALL}): acr,`,
    )
  })
})

describe("Debian's Python az", () => {
  let pythonAz: string
  beforeAll(() => {
    pythonAz = pythonAzPath()
  })

  it('answers a command azx does not have as if run directly: its output and exit code', async () => {
    const env = {AZURE_CORE_COLLECT_TELEMETRY: 'false', AZURE_CORE_NO_COLOR: 'true', PATH: `${join(pythonAz, '..')}:${emptyPath}`}
    const direct = await runPythonAz(sandbox, ['group', 'list'])
    const delegated: CliResult = await sandbox.run(['group', 'list'], {env, timeoutMs: 120_000})
    expect(direct).toEqual({exitCode: 1, stderr: "ERROR: Please run 'az login' to setup account.\n", stdout: ''})
    expect(delegated).toEqual(direct)
  }, 240_000)

  it('names its version in az --version', async () => {
    const version = await sandbox.run(['--version'], {env: {PATH: join(pythonAz, '..')}, timeoutMs: 120_000})
    expect(version.stdout).toMatch(new RegExp(`\\nPython az '${pythonAz}', for the commands azx does not have:\\nazure-cli {25}2\\.\\d+\\.\\d+\\n`))
  }, 240_000)
})
