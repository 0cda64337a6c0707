/**
 * `az config set|get|unset|mode` through the built CLI, checked against the files and output of the
 * Python az (2.45), which must be installed: the compatibility tests run it beside azx.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it, jest} from '@jest/globals'

import {CliSandbox} from './support/cli.js'
import type {CliResult} from './support/cli.js'
import {runPythonAz} from './support/python-az.js'

jest.setTimeout(120_000)

const EXPERIMENTAL =
  "WARNING: Command group 'config' is experimental and under development. Reference and support levels: https://aka.ms/CLI_refstatus\n"
const USAGE_LINES = '\nExamples from AI knowledge base:\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n'
// Without it the Python az starts a telemetry upload at exit; azx gets it too, so outputs compare.
const TELEMETRY_OFF = {AZURE_CORE_COLLECT_TELEMETRY: 'false'}

let sandbox: CliSandbox

beforeEach(() => {
  sandbox = new CliSandbox()
})

afterEach(() => sandbox.dispose())

function configPath(): string {
  return join(sandbox.configDir, 'config')
}

function json(result: CliResult): unknown {
  expect(result.exitCode).toBe(0)
  return JSON.parse(result.stdout)
}

describe('az config set / get / unset', () => {
  it('get reads back what set wrote; the file is what az writes, 0600 in a 0700 directory', async () => {
    const set = await sandbox.run(['config', 'set', 'core.output=table', 'defaults.group=MyRG', 'Sec.Mixed_Key=Some Value'])
    expect(set).toEqual({exitCode: 0, stderr: EXPERIMENTAL, stdout: ''})
    expect(readFileSync(configPath(), 'utf8')).toBe(
      '[cloud]\nname = AzureCloud\n\n[core]\noutput = table\n\n[defaults]\ngroup = MyRG\n\n[Sec]\nmixed_key = Some Value\n\n',
    )
    expect(statSync(configPath()).mode & 0o777).toBe(0o600)
    expect(statSync(sandbox.configDir).mode & 0o777).toBe(0o700)

    const source = configPath()
    expect(json(await sandbox.run(['config', 'get', 'core.output', '-o', 'json']))).toEqual({name: 'output', source, value: 'table'})
    expect(json(await sandbox.run(['config', 'get', 'defaults', '-o', 'json']))).toEqual([{name: 'group', source, value: 'MyRG'}])
    expect(json(await sandbox.run(['config', 'get', '-o', 'json']))).toEqual({
      cloud: [{name: 'name', source, value: 'AzureCloud'}],
      core: [{name: 'output', source, value: 'table'}],
      defaults: [{name: 'group', source, value: 'MyRG'}],
      Sec: [{name: 'mixed_key', source, value: 'Some Value'}],
    })
  })

  it('shows the default cloud in a new config dir, as az records it on its first run', async () => {
    const result = await sandbox.run(['config', 'get'])
    expect(result.stderr).toBe(EXPERIMENTAL)
    expect(json(result)).toEqual({cloud: [{name: 'name', source: configPath(), value: 'AzureCloud'}]})
    expect(readFileSync(configPath(), 'utf8')).toBe('[cloud]\nname = AzureCloud\n\n')
  })

  it('lists environment overrides with the variable as their source', async () => {
    await sandbox.run(['config', 'set', 'core.output=json'])
    const result = await sandbox.run(['config', 'get', 'core'], {env: {AZURE_CORE_NO_COLOR: 'true', AZURE_CORE_OUTPUT: 'json'}})
    const entries = json(result) as unknown[]
    expect(entries).toHaveLength(2)
    expect(entries).toEqual(
      expect.arrayContaining([
        {name: 'no_color', source: 'AZURE_CORE_NO_COLOR', value: 'true'},
        {name: 'output', source: 'AZURE_CORE_OUTPUT', value: 'json'},
      ]),
    )
  })

  it("reports a setting that is not set with az's message and exit code 1", async () => {
    const result = await sandbox.run(['config', 'get', 'core.nope'])
    expect(result).toEqual({exitCode: 1, stderr: `${EXPERIMENTAL}ERROR: Configuration 'core.nope' is not set.\n`, stdout: ''})
  })

  it('unset removes settings, keeps the emptied section and ignores settings that are not set', async () => {
    await sandbox.run(['config', 'set', 'core.output=json', 'core.no_color=true', 'defaults.group=rg'])
    const result = await sandbox.run(['config', 'unset', 'core.output', 'core.no_color', 'core.nope', 'nosection.nope'])
    expect(result).toEqual({exitCode: 0, stderr: EXPERIMENTAL, stdout: ''})
    expect(readFileSync(configPath(), 'utf8')).toBe('[cloud]\nname = AzureCloud\n\n[core]\n\n[defaults]\ngroup = rg\n\n')
    expect(json(await sandbox.run(['config', 'get', 'core']))).toEqual([])
    expect((await sandbox.run(['config', 'get', 'core.output'])).exitCode).toBe(1)
  })

  it("rejects malformed arguments with az's usage errors, which az exits with 1", async () => {
    for (const argument of ['core.output', 'coreoutput=table']) {
      const result = await sandbox.run(['config', 'set', argument])
      expect(result).toEqual({exitCode: 1, stderr: `${EXPERIMENTAL}ERROR: usage error: [section].[name]=[value] ...\n`, stdout: ''})
    }

    const unset = await sandbox.run(['config', 'unset', 'core'])
    expect(unset).toEqual({exitCode: 1, stderr: `${EXPERIMENTAL}ERROR: usage error: [section].[name]\n`, stdout: ''})
    expect(existsSync(configPath())).toBe(false)
  })

  it('rejects a missing argument or an unknown flag with exit code 2', async () => {
    const missing = await sandbox.run(['config', 'set'])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toMatch(/^ERROR: the following arguments are required: .*KEY_VALUE/)
    const unknown = await sandbox.run(['config', 'get', '--nope'])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toBe(`ERROR: unrecognized arguments: --nope\n${USAGE_LINES}`)
  })

  it('refuses bad values of the settings azx reads (exit 2) and writes nothing', async () => {
    await sandbox.run(['config', 'set', 'core.output=json'])
    const before = readFileSync(configPath(), 'utf8')
    const output = await sandbox.run(['config', 'set', 'defaults.group=rg', 'core.output=foo'])
    expect(output).toEqual({
      exitCode: 2,
      stderr:
        `${EXPERIMENTAL}ERROR: 'foo' is not a valid value for 'core.output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.\n` +
        `${USAGE_LINES}`,
      stdout: '',
    })
    for (const key of [
      'core.login_experience_v2',
      'core.enable_broker_on_windows',
      'core.only_show_errors',
      'core.no_color',
      'core.encrypt_token_cache',
      'core.instance_discovery',
      'core.delegate_to_python_az',
    ]) {
      const result = await sandbox.run(['config', 'set', `${key}=maybe`])
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain(`ERROR: 'maybe' is not a valid value for '${key}'. Allowed values: true, false, yes, no, on, off, 1, 0.\n`)
    }

    expect(readFileSync(configPath(), 'utf8')).toBe(before)
    expect((await sandbox.run(['config', 'set', 'core.no_color=YES', 'core.output=TABLE', 'core.theme=anything'])).exitCode).toBe(0)
  })

  it('stores values with % as az does: %% is read back as %, a lone % is refused', async () => {
    expect((await sandbox.run(['config', 'set', 'core.pct=100%%'])).exitCode).toBe(0)
    expect(json(await sandbox.run(['config', 'get', 'core.pct']))).toEqual({name: 'pct', source: configPath(), value: '100%'})
    const lone = await sandbox.run(['config', 'set', 'core.pct=100%'])
    expect(lone.exitCode).toBe(1)
    expect(lone.stderr).toContain("ERROR: The value '100%' of 'core.pct' has a '%' that az cannot store.\n")
  })
})

describe('the default output format', () => {
  const query = ['config', 'get', 'cloud.name']

  it('follows core.output in the config file', async () => {
    await sandbox.run(['config', 'set', 'core.output=none'])
    expect(await sandbox.run(query)).toEqual({exitCode: 0, stderr: EXPERIMENTAL, stdout: ''})
  })

  it('follows AZURE_CORE_OUTPUT over the config file', async () => {
    await sandbox.run(['config', 'set', 'core.output=none'])
    const result = await sandbox.run(query, {env: {AZURE_CORE_OUTPUT: 'json'}})
    expect(json(result)).toEqual({name: 'name', source: configPath(), value: 'AzureCloud'})
  })

  it('is YAML with AZURE_CORE_OUTPUT=yaml', async () => {
    const result = await sandbox.run(query, {env: {AZURE_CORE_OUTPUT: 'yaml'}})
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toBe(`name: name\nsource: ${configPath()}\nvalue: AzureCloud\n`)
  })
})

describe('local configuration (--local)', () => {
  // az names local directories after the config dir: `.azure` for the usual `~/.azure`.
  let env: NodeJS.ProcessEnv
  let globalFile: string
  let project: string
  let nested: string

  beforeEach(() => {
    env = {AZURE_CONFIG_DIR: join(sandbox.home, '.azure')}
    globalFile = join(sandbox.home, '.azure', 'config')
    project = join(sandbox.root, 'project')
    nested = join(project, 'src')
    mkdirSync(nested, {recursive: true})
  })

  it('set --local writes .azure/config in the working directory; get --local finds it from below', async () => {
    expect((await sandbox.run(['config', 'set', 'defaults.group=global-rg'], {env})).exitCode).toBe(0)
    const set = await sandbox.run(['config', 'set', 'defaults.group=project-rg', 'core.output=none', '--local'], {cwd: project, env})
    expect(set).toEqual({exitCode: 0, stderr: EXPERIMENTAL, stdout: ''})
    const localFile = join(project, '.azure', 'config')
    expect(readFileSync(localFile, 'utf8')).toBe('[defaults]\ngroup = project-rg\n\n[core]\noutput = none\n\n')
    expect(statSync(localFile).mode & 0o777).toBe(0o600)

    const local = await sandbox.run(['config', 'get', 'defaults.group', '--local'], {cwd: nested, env})
    expect(json(local)).toEqual({name: 'group', source: localFile, value: 'project-rg'})
    const global = await sandbox.run(['config', 'get', 'defaults.group'], {cwd: nested, env})
    expect(json(global)).toEqual({name: 'group', source: globalFile, value: 'global-rg'})
  })

  it('does not take settings such as core.output from local files, as az does not', async () => {
    await sandbox.run(['config', 'set', 'core.output=none', '--local'], {cwd: project, env})
    const result = await sandbox.run(['config', 'get', 'cloud.name'], {cwd: project, env})
    expect(json(result)).toEqual({name: 'name', source: globalFile, value: 'AzureCloud'})
  })

  it('unset --local removes the nearest occurrence', async () => {
    await sandbox.run(['config', 'set', 'defaults.group=global-rg'], {env})
    await sandbox.run(['config', 'set', 'defaults.group=project-rg', '--local'], {cwd: project, env})
    expect((await sandbox.run(['config', 'unset', 'defaults.group', '--local'], {cwd: nested, env})).exitCode).toBe(0)
    expect(readFileSync(join(project, '.azure', 'config'), 'utf8')).toBe('[defaults]\n\n')
    const result = await sandbox.run(['config', 'get', 'defaults.group', '--local'], {cwd: nested, env})
    expect(json(result)).toEqual({name: 'group', source: globalFile, value: 'global-rg'})
  })
})

describe('compatibility with the Python az', () => {
  const assignments = [
    'core.output=yaml',
    'core.no_color=true',
    'core.pct=100%%',
    'Sec.Mixed_Key=Some Value',
    'defaults.group=rg',
    "logging.empty=''",
  ]

  it('writes the same config file as az for the same commands', async () => {
    const other = new CliSandbox()
    try {
      expect((await pythonAz(other, ['config', 'set', ...assignments])).exitCode).toBe(0)
      expect((await pythonAz(other, ['config', 'unset', 'core.no_color'])).exitCode).toBe(0)
      expect((await sandbox.run(['config', 'set', ...assignments], {env: TELEMETRY_OFF})).exitCode).toBe(0)
      expect((await sandbox.run(['config', 'unset', 'core.no_color'], {env: TELEMETRY_OFF})).exitCode).toBe(0)
      expect(readFileSync(configPath(), 'utf8')).toBe(readFileSync(join(other.configDir, 'config'), 'utf8'))
      expect(statSync(configPath()).mode & 0o777).toBe(statSync(join(other.configDir, 'config')).mode & 0o777)
    } finally {
      other.dispose()
    }
  })

  it('reads a config file written by az, global and local, as az reads it', async () => {
    const project = join(sandbox.root, 'project')
    mkdirSync(project)
    expect((await pythonAz(sandbox, ['config', 'set', ...assignments])).exitCode).toBe(0)
    expect((await pythonAz(sandbox, ['config', 'set', 'defaults.group=local-rg', 'local.k=v', '--local'], {cwd: project})).exitCode).toBe(0)

    for (const args of [
      ['config', 'get'],
      ['config', 'get', '--local'],
      ['config', 'get', 'core'],
      ['config', 'get', 'core.pct'],
      ['config', 'get', 'defaults.group', '--local'],
    ]) {
      const azx = await sandbox.run([...args, '-o', 'json'], {cwd: project, env: TELEMETRY_OFF})
      const az = await pythonAz(sandbox, [...args, '-o', 'json'], {cwd: project})
      expect(json(azx)).toEqual(json(az))
      expect(azx.stderr).toBe(az.stderr)
    }
  })

  it('writes config files that az reads', async () => {
    const project = join(sandbox.root, 'project')
    mkdirSync(project)
    expect((await sandbox.run(['config', 'set', ...assignments], {env: TELEMETRY_OFF})).exitCode).toBe(0)
    expect((await sandbox.run(['config', 'set', 'defaults.group=local-rg', '--local'], {cwd: project, env: TELEMETRY_OFF})).exitCode).toBe(0)

    const az = await pythonAz(sandbox, ['config', 'get', '--local', '-o', 'json'], {cwd: project})
    expect(json(az)).toEqual(json(await sandbox.run(['config', 'get', '--local', '-o', 'json'], {cwd: project, env: TELEMETRY_OFF})))
    expect(json(az)).toMatchObject({
      core: expect.arrayContaining([{name: 'pct', source: configPath(), value: '100%'}]),
      defaults: [{name: 'group', source: join(project, 'azure', 'config'), value: 'local-rg'}],
    })
  })

  it("prints az's messages and exit codes for a setting that is not set", async () => {
    const azx = await sandbox.run(['config', 'get', 'core.nope'], {env: TELEMETRY_OFF})
    const az = await pythonAz(sandbox, ['config', 'get', 'core.nope'])
    expect(azx).toEqual(az)
  })
})

describe('az config mode (from the old azure CLI)', () => {
  it('arm: Resource Manager is the only mode; nothing changes', async () => {
    const result = await sandbox.run(['config', 'mode', 'arm'])
    expect(result).toEqual({
      exitCode: 0,
      stderr: 'WARNING: Azure Resource Manager is the only mode az has, so there is nothing to change.\n',
      stdout: '',
    })
    expect(existsSync(sandbox.configDir)).toBe(false)
  })

  it('asm: fails, explaining the retirement and pointing to Resource Manager', async () => {
    const result = await sandbox.run(['config', 'mode', 'ASM'])
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      'ERROR: Azure Service Management (classic) was retired on 31 August 2024, ' +
        'so az cannot switch to it: az works with Azure Resource Manager only.\n' +
        'To sign in to Azure Resource Manager, run `az login`.\n' +
        'To change settings, use `az config set`, for example `az config set core.output=table`.\n',
    )
    expect(existsSync(sandbox.configDir)).toBe(false)
  })

  it('anything else is a usage error naming the allowed values', async () => {
    const result = await sandbox.run(['config', 'mode', 'classic'])
    expect(result).toEqual({
      exitCode: 2,
      stderr: `ERROR: az config mode: 'classic' is not a valid value for 'MODE'. Allowed values: arm, asm.\n${USAGE_LINES}`,
      stdout: '',
    })
  })

  it('leaves an existing config dir exactly as it was, and says an old config.json is ignored', async () => {
    await sandbox.run(['config', 'set', 'core.output=json'])
    writeFileSync(join(sandbox.configDir, 'config.json'), '{\n  "mode": "asm"\n}\n')
    const before = snapshot(sandbox.configDir)
    const arm = await sandbox.run(['config', 'mode', 'arm'])
    expect(arm.stderr).toContain(`WARNING: '${join(sandbox.configDir, 'config.json')}' was written by the old azure CLI; az ignores it.\n`)
    await sandbox.run(['config', 'mode', 'asm'])
    await sandbox.run(['config', 'mode', 'foo'])
    expect(snapshot(sandbox.configDir)).toEqual(before)
  })
})

/** Every file under `dir` with its content, mode and modification time. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(dir, {recursive: true}) as string[]) {
    const path = join(dir, name)
    const stat = statSync(path)
    files[name] = stat.isDirectory() ? `dir ${stat.mode}` : `${stat.mode} ${stat.mtimeMs} ${readFileSync(path, 'utf8')}`
  }

  return files
}

/**
 * The Python az on the sandbox's config dir, in the environment azx gets in these tests: no
 * AZURE_CORE_NO_COLOR, which `az config get` would list among the settings.
 */
function pythonAz(box: CliSandbox, args: string[], options: {cwd?: string} = {}): Promise<CliResult> {
  return runPythonAz(box, args, {...options, env: {AZURE_CORE_NO_COLOR: undefined}})
}
