/**
 * The command surface, pinned (scripts/command-surface.mjs, from the manifests of the build): the
 * commands and flags azx ships against command-snapshot.json, azx against the Python az's own
 * parser (command-snapshot.az.json) with every intended difference recorded, and
 * docs/commands.md. A change to any of them fails until it is made deliberately, and the failure
 * says what changed and what to run.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from '@jest/globals'
import {runCli} from '@azx/core/testing'

import {REPO_ROOT} from './support/cli.js'
import {pythonAzPath} from './support/python-az.js'

const SCRIPT = join(REPO_ROOT, 'scripts', 'command-surface.mjs')
const SNAPSHOT = join(REPO_ROOT, 'command-snapshot.json')
const AZ_SNAPSHOT = join(REPO_ROOT, 'command-snapshot.az.json')
const DIFFERENCES = join(REPO_ROOT, 'command-snapshot.az-differences.json')
const REFERENCE = join(REPO_ROOT, 'docs', 'commands.md')

interface Surface {
  commands: Record<string, {flags: Record<string, unknown>; hidden?: boolean}>
}

interface Difference {
  command: string
  flag?: string
}

const dir = mkdtempSync(join(tmpdir(), 'azx-surface-'))
afterAll(() => rmSync(dir, {force: true, recursive: true}))

const surfaceScript = (args: string[]) => runCli(args, {bin: SCRIPT, cwd: REPO_ROOT, timeoutMs: 120_000})
const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T

/** A copy of a checked-in file, changed by `change`, in the test's directory. */
function changedCopy(path: string, name: string, change: (text: string) => string): string {
  const copy = join(dir, name)
  writeFileSync(copy, change(readFileSync(path, 'utf8')))
  return copy
}

describe('the checked-in surface', () => {
  it("is the built CLI's: the snapshot, the recorded differences from az and docs/commands.md are current", async () => {
    const result = await surfaceScript(['check'])
    expect({exitCode: result.exitCode, stderr: result.stderr}).toEqual({exitCode: 0, stderr: ''})
  })

  it("covers the host's commands and every bundled plugin's, global flags once", () => {
    const {commands, globalFlags} = readJson<Surface & {globalFlags: Record<string, unknown>}>(SNAPSHOT)
    expect(Object.keys(commands)).toEqual(
      expect.arrayContaining([
        'version',
        'plugins install',
        'login',
        'logout',
        'account get-access-token',
        'cloud register',
        'config set',
        'plugins uninstall',
        'autocomplete',
      ]),
    )
    expect(Object.keys(globalFlags)).toEqual(expect.arrayContaining(['debug', 'only-show-errors', 'output', 'query', 'verbose']))
    expect(commands['account set'].flags.subscription).toEqual({type: 'option', char: 's', aliases: ['name'], charAliases: ['n'], required: true})
    expect(commands['account show'].flags.output).toBe('global')
  })

  it('has the reference of every command that help lists, with its usage, flags and examples', () => {
    const reference = readFileSync(REFERENCE, 'utf8')
    const {commands} = readJson<Surface>(SNAPSHOT)
    for (const [name, command] of Object.entries(commands)) {
      if (command.hidden) continue
      // oclif readme keeps the colons of a usage written with them (plugin-plugins' `plugins:inspect`).
      expect(reference).toMatch(new RegExp(`^## \`az ${name.replaceAll(' ', '[ :]')}[ \`]`, 'm'))
    }

    const login = reference.slice(reference.indexOf('## `az login`'), reference.indexOf('## `az logout`'))
    expect(login).toContain('$ az login [--debug]')
    expect(login).toContain('-t, --tenant=<value>')
    expect(login).toContain('EXAMPLES\n  Sign in interactively in a web browser.\n\n    $ az login\n')
  })
})

describe('a change the files do not record fails the check, saying what changed and what to run', () => {
  it('a flag or command the snapshot does not have', async () => {
    const snapshot = changedCopy(SNAPSHOT, 'changed-snapshot.json', (text) => {
      const surface = JSON.parse(text) as Surface
      delete surface.commands.logout
      surface.commands.login.flags.tenant = {type: 'option'}
      return JSON.stringify(surface, null, 2)
    })
    const result = await surfaceScript(['check', '--snapshot', snapshot])
    expect(result.exitCode).toBe(1)
    expect(result.stderr).toContain("The built CLI's commands differ from")
    expect(result.stderr).toContain(
      '- commands › login › flags › tenant: {"type": "option"}\n+ commands › login › flags › tenant: {"type": "option", "char": "t"}\n',
    )
    expect(result.stderr).toContain('+ commands › logout (a new command)\n')
    expect(result.stderr).toContain('run `npm run snapshot:update` and commit the file')
  })

  it('the same surface laid out otherwise', async () => {
    const snapshot = changedCopy(SNAPSHOT, 'relaid-snapshot.json', (text) => JSON.stringify(JSON.parse(text)))
    const result = await surfaceScript(['check', '--snapshot', snapshot])
    expect(result).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining('is not laid out as the generator writes it. Run `npm run snapshot:update`.'),
    })
  })

  it('a difference from az that is not recorded, as an entry to fill in; a recorded one that is gone; an entry without a reason', async () => {
    const differences = changedCopy(DIFFERENCES, 'differences.json', (text) => {
      const file = JSON.parse(text) as {differences: (Difference & Record<string, unknown>)[]}
      file.differences = file.differences.filter((entry) => entry.flag !== '--min-validity' && entry.command !== 'account lock')
      file.differences.push(
        {command: 'login', difference: 'flag only in az', flag: '--gone'},
        {category: 'azx', command: 'cloud list', difference: 'flag only in azx', flag: '--gone', reason: 'Gone.'},
      )
      return JSON.stringify(file)
    })
    const result = await surfaceScript(['check', '--differences', differences])
    expect(result.exitCode).toBe(1)
    const [unrecorded, stale, unexplained] = result.stderr.split('\n\n')
    expect(unrecorded).toContain(
      '{"command": "account get-access-token", "flag": "--min-validity", "difference": "flag only in azx", "category": "", "reason": ""}',
    )
    // A command only az has is one entry each; the file may cover a group with one.
    expect(unrecorded.match(/"command": "account lock \w+", "difference": "command only in az"/g)).toHaveLength(5)
    expect(stale).toMatch(/records differences azx and az no longer have; remove them:\n.*"--gone".*\n.*"--gone"/)
    expect(unexplained).toMatch(
      /without a category or reason; give each one:\n {4}\{"command": "login", "difference": "flag only in az", "flag": "--gone"\}\n$/,
    )
  })

  it("a flag whose names, value, allowed values or requiredness differ from az's", async () => {
    const azSnapshot = changedCopy(AZ_SNAPSHOT, 'az-snapshot.json', (text) =>
      text
        .replace(
          '"--tenant": {"names": ["--tenant", "-t"], "nargs": null},\n        "--use-cert',
          '"--tenant": {"names": ["--tenant"], "nargs": "+", "choices": ["a"], "required": true},\n        "--use-cert',
        )
        .replace(
          '"--subscription": {"names": ["--subscription", "-s", "--name", "-n"], "nargs": null, "required": true}',
          '"--subscription": {"names": ["--subscription", "-s"], "nargs": null, "required": true}',
        ),
    )
    const result = await surfaceScript(['check', '--az-snapshot', azSnapshot])
    expect(result.exitCode).toBe(1)
    const entries = result.stderr.split('\n').filter((line) => line.startsWith('    {'))
    expect(entries).toEqual([
      '    {"command": "account set", "flag": "--subscription", "difference": "names", "az": ' +
        '["--subscription", "-s"], "azx": ["--name", "--subscription", "-n", "-s"], "category": "", "reason": ""},',
      '    {"command": "login", "flag": "--tenant", "difference": "names", "az": ' +
        '["--tenant"], "azx": ["--tenant", "-t"], "category": "", "reason": ""},',
      '    {"command": "login", "flag": "--tenant", "difference": "value", "az": "one or more", "azx": "one", "category": "", "reason": ""},',
      '    {"command": "login", "flag": "--tenant", "difference": "choices", "az": ["a"], "azx": null, "category": "", "reason": ""},',
      '    {"command": "login", "flag": "--tenant", "difference": "required", "az": true, "azx": false, "category": "", "reason": ""}',
    ])
  })

  it('docs/commands.md that is not the reference of the built CLI', async () => {
    const reference = changedCopy(REFERENCE, 'commands.md', (text) => text.replace('-t, --tenant=<value>', '--tenant=<value>'))
    const result = await surfaceScript(['check', '--reference', reference])
    expect(result).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining('is not the command reference of the built CLI. Run `npm run snapshot:update` and commit it.'),
    })
  })
})

describe("the Python az's surface", () => {
  it("is what az 2.45's own parser gives for the commands under azx's groups", async () => {
    pythonAzPath()
    const result = await surfaceScript(['check-az'])
    expect({exitCode: result.exitCode, stderr: result.stderr}).toEqual({exitCode: 0, stderr: ''})
    const {az, commands} = readJson<{az: string; commands: Record<string, {options: Record<string, unknown>}>}>(AZ_SNAPSHOT)
    expect(az).toBe('2.45.0')
    expect(commands.login.options['--identity']).toEqual({names: ['-i', '--identity'], nargs: 0})
  })
})
