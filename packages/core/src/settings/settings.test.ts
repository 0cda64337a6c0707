import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {ExitCode} from '../errors/index.js'
import {SettingsService} from './index.js'

let root: string
let configDir: string
let globalFile: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'azx-settings-'))
  configDir = join(root, 'home', '.azure')
  globalFile = join(configDir, 'config')
})

afterEach(() => rmSync(root, {force: true, recursive: true}))

function settings(env: NodeJS.ProcessEnv = {}, cwd = root): SettingsService {
  return new SettingsService({AZURE_CONFIG_DIR: configDir, ...env}, () => cwd)
}

function writeGlobal(text: string): void {
  mkdirSync(configDir, {recursive: true})
  writeFileSync(globalFile, text)
}

describe('reading', () => {
  it('reads the file, with AZURE_<SECTION>_<KEY> taking precedence', () => {
    writeGlobal('[core]\noutput = table\n')
    expect(settings().get('core', 'output')).toBe('table')
    expect(settings({AZURE_CORE_OUTPUT: 'yaml'}).get('core', 'output')).toBe('yaml')
    expect(settings().get('core', 'missing')).toBeUndefined()
  })

  it('reads keys case-insensitively, interpolated, with DEFAULT fallbacks', () => {
    writeGlobal('[DEFAULT]\nshared = d\n[core]\npct = 100%%\nref = %(shared)s-x\n')
    const reader = settings()
    expect(reader.get('core', 'PCT')).toBe('100%')
    expect(reader.get('core', 'ref')).toBe('d-x')
    expect(reader.get('core', 'shared')).toBe('d')
  })

  it('reads booleans as configparser does, with a fallback for other words', () => {
    writeGlobal('[core]\nno_color = YES\nonly_show_errors = maybe\n')
    expect(settings().getBoolean('core', 'no_color', false)).toBe(true)
    expect(settings().getBoolean('core', 'only_show_errors', false)).toBe(false)
    expect(settings().getBoolean('core', 'missing', true)).toBe(true)
  })

  it('lists sections and entries as az config get does: environment first, then the file', () => {
    writeGlobal('[DEFAULT]\nd = 1\n[cloud]\nname = AzureCloud\n[core]\noutput = table\ncollect_telemetry = true\n')
    const reader = settings({AZURE_CORE_COLLECT_TELEMETRY: 'false', AZURE_CORE__ODD: 'x', AZURE_COREX_NOT: 'y'})
    expect(reader.sections()).toEqual(['cloud', 'core'])
    expect(reader.entries('core')).toEqual([
      {name: 'collect_telemetry', source: 'AZURE_CORE_COLLECT_TELEMETRY', value: 'false'},
      {name: '_odd', source: 'AZURE_CORE__ODD', value: 'x'},
      {name: 'd', source: globalFile, value: '1'},
      {name: 'output', source: globalFile, value: 'table'},
    ])
    expect(reader.entry('core', 'OUTPUT')).toEqual({name: 'output', source: globalFile, value: 'table'})
    expect(reader.entry('core', 'nope')).toBeUndefined()
    expect(reader.entries('missing')).toEqual([])
    expect(Object.keys(reader.list())).toEqual(['cloud', 'core'])
  })

  it('sees a change made by another process only after reload()', () => {
    writeGlobal('[core]\noutput = table\n')
    const reader = settings()
    expect(reader.get('core', 'output')).toBe('table')
    writeGlobal('[core]\noutput = tsv\n')
    expect(reader.get('core', 'output')).toBe('table')
    reader.reload()
    expect(reader.get('core', 'output')).toBe('tsv')
  })

  it('reports a file it cannot parse with its path, and leaves it alone', async () => {
    writeGlobal('garbage\n[cloud]\nname = AzureCloud\n')
    const reader = settings()
    expect(() => reader.get('core', 'output')).toThrow(
      `The config file '${globalFile}' is not in a format az can read: File contains no section headers (line 1: 'garbage').`,
    )
    await expect(reader.set([{name: 'output', section: 'core', value: 'json'}])).rejects.toMatchObject({exitCode: ExitCode.CommandError})
    expect(readFileSync(globalFile, 'utf8')).toBe('garbage\n[cloud]\nname = AzureCloud\n')
  })

  it('refuses a section or key written twice, naming the file, both lines and what to do, and writes nothing', async () => {
    const twice = '[cloud]\nname = AzureCloud\n\n[core]\noutput = table\n\n[cloud]\nname = AzureChinaCloud\n'
    writeGlobal(twice)
    const reader = settings()
    expect(() => reader.get('cloud', 'name')).toThrow(
      expect.objectContaining({
        exitCode: ExitCode.CommandError,
        message: `'${globalFile}' has the section [cloud] twice (lines 1 and 7), so it cannot be read: az refuses such a file too.`,
        recommendations: [`Edit '${globalFile}': merge the two [cloud] sections into one, keeping the values you want, then run the command again.`],
      }),
    )
    await expect(reader.set([{name: 'output', section: 'core', value: 'json'}])).rejects.toMatchObject({exitCode: ExitCode.CommandError})
    await expect(reader.unset([{name: 'output', section: 'core'}])).rejects.toMatchObject({exitCode: ExitCode.CommandError})
    await expect(reader.ensureDefaultCloud()).rejects.toMatchObject({exitCode: ExitCode.CommandError})
    expect(readFileSync(globalFile, 'utf8')).toBe(twice)

    writeGlobal('[core]\noutput = table\nOUTPUT = json\n')
    expect(() => settings().get('core', 'output')).toThrow(
      expect.objectContaining({
        message: `'${globalFile}' sets 'output' twice in the section [core] (lines 2 and 3), so it cannot be read: az refuses such a file too.`,
        recommendations: [`Edit '${globalFile}': keep one 'output' line in [core], the one with the value you want, then run the command again.`],
      }),
    )
  })

  it('refuses a local file with a duplicate key for --local, and leaves it as it is', async () => {
    const localDir = join(root, 'project', '.azure')
    mkdirSync(localDir, {recursive: true})
    const local = '[defaults]\ngroup = a\ngroup = b\n'
    writeFileSync(join(localDir, 'config'), local)
    const reader = settings({}, join(root, 'project'))
    expect(() => reader.get('defaults', 'group', {local: true})).toThrow(
      `'${join(localDir, 'config')}' sets 'group' twice in the section [defaults] (lines 2 and 3)`,
    )
    await expect(reader.set([{name: 'location', section: 'defaults', value: 'x'}], {local: true})).rejects.toMatchObject({
      exitCode: ExitCode.CommandError,
    })
    expect(readFileSync(join(localDir, 'config'), 'utf8')).toBe(local)
  })
})

describe('writing', () => {
  it('creates the file as az does: the default cloud first, mode 0600, in a 0700 directory', async () => {
    await settings().set([{name: 'output', section: 'core', value: 'table'}])
    expect(readFileSync(globalFile, 'utf8')).toBe('[cloud]\nname = AzureCloud\n\n[core]\noutput = table\n\n')
    expect(statSync(globalFile).mode & 0o777).toBe(0o600)
    expect(statSync(configDir).mode & 0o777).toBe(0o700)
  })

  it('does not record the default cloud when AZURE_CLOUD_NAME sets the cloud', async () => {
    await settings({AZURE_CLOUD_NAME: 'AzureChinaCloud'}).set([{name: 'output', section: 'core', value: 'table'}])
    expect(readFileSync(globalFile, 'utf8')).toBe('[core]\noutput = table\n\n')
  })

  it('keeps the order of existing sections and keys and appends new ones, lower-casing names', async () => {
    writeGlobal('[core]\na = 1\nb = 2\n\n[cloud]\nname = AzureChinaCloud\n')
    await settings().set([
      {name: 'a', section: 'core', value: '9'},
      {name: 'New_Key', section: 'core', value: 'Mixed Value'},
      {name: 'group', section: 'defaults', value: 'rg'},
    ])
    expect(readFileSync(globalFile, 'utf8')).toBe(
      '[core]\na = 9\nb = 2\nnew_key = Mixed Value\n\n[cloud]\nname = AzureChinaCloud\n\n[defaults]\ngroup = rg\n\n',
    )
  })

  it('stores a value read back as the same value by az, including %% and empty values', async () => {
    const writer = settings()
    await writer.set([
      {name: 'pct', section: 'core', value: '100%%'},
      {name: 'empty', section: 'core', value: ''},
    ])
    expect(writer.get('core', 'pct')).toBe('100%')
    expect(writer.get('core', 'empty')).toBe('')
  })

  it('refuses a lone %, which az cannot store, and writes nothing', async () => {
    const attempt = settings().set([
      {name: 'ok', section: 'core', value: '1'},
      {name: 'pct', section: 'core', value: '100%'},
    ])
    await expect(attempt).rejects.toMatchObject({
      exitCode: ExitCode.CommandError,
      message: "The value '100%' of 'core.pct' has a '%' that az cannot store.",
    })
    expect(() => statSync(globalFile)).toThrow()
  })

  it('validates known settings before writing any of them', async () => {
    const attempt = settings().set([
      {name: 'output', section: 'core', value: 'table'},
      {name: 'no_color', section: 'core', value: 'maybe'},
    ])
    await expect(attempt).rejects.toMatchObject({exitCode: ExitCode.UsageError})
    expect(() => statSync(globalFile)).toThrow()
  })

  it('unsets keys and keeps the emptied section, as configparser does', async () => {
    writeGlobal('[cloud]\nname = AzureCloud\n\n[core]\noutput = table\n\n')
    const writer = settings()
    await writer.unset([
      {name: 'output', section: 'core'},
      {name: 'nope', section: 'core'},
      {name: 'nope', section: 'nosection'},
    ])
    expect(readFileSync(globalFile, 'utf8')).toBe('[cloud]\nname = AzureCloud\n\n[core]\n\n')
    expect(writer.entries('core')).toEqual([])
    expect(writer.sections()).toEqual(['cloud', 'core'])
  })

  it('keeps write() working for other services: set, and unset with undefined', async () => {
    const writer = settings()
    await writer.write('cloud', 'name', 'AzureUSGovernment')
    expect(writer.get('cloud', 'name')).toBe('AzureUSGovernment')
    await writer.write('cloud', 'name', undefined)
    expect(readFileSync(globalFile, 'utf8')).toBe('[cloud]\n\n')
  })

  it('records the default cloud once, and only when none is set', async () => {
    const writer = settings()
    await writer.ensureDefaultCloud()
    expect(readFileSync(globalFile, 'utf8')).toBe('[cloud]\nname = AzureCloud\n\n')
    writeGlobal('[cloud]\nname = AzureChinaCloud\n')
    writer.reload()
    await writer.ensureDefaultCloud()
    expect(readFileSync(globalFile, 'utf8')).toBe('[cloud]\nname = AzureChinaCloud\n')
  })
})

describe('local config (--local)', () => {
  let project: string
  let nested: string

  beforeEach(() => {
    project = join(root, 'project')
    nested = join(project, 'src', 'deep')
    mkdirSync(nested, {recursive: true})
    writeGlobal('[cloud]\nname = AzureCloud\n\n[core]\noutput = json\n\n[defaults]\ngroup = global-rg\n\n')
  })

  it('writes .azure/config (named like the config dir) in the working directory', async () => {
    await settings({}, nested).set([{name: 'output', section: 'core', value: 'yaml'}], {local: true})
    const localFile = join(nested, '.azure', 'config')
    expect(readFileSync(localFile, 'utf8')).toBe('[core]\noutput = yaml\n\n')
    expect(statSync(localFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(globalFile, 'utf8')).toContain('output = json')
  })

  it('reads local files only when asked, nearest first, then the global file', async () => {
    mkdirSync(join(project, '.azure'))
    writeFileSync(join(project, '.azure', 'config'), '[core]\noutput = yaml\nonly_local = 1\n\n[local]\nk = v\n')
    mkdirSync(join(nested, '.azure'))
    writeFileSync(join(nested, '.azure', 'config'), '[core]\noutput = table\n')
    const reader = settings({}, nested)
    expect(reader.get('core', 'output')).toBe('json')
    expect(reader.get('core', 'output', {local: true})).toBe('table')
    expect(reader.get('core', 'only_local', {local: true})).toBe('1')
    expect(reader.sections({local: true})).toEqual(['core', 'local', 'cloud', 'defaults'])
    expect(reader.entries('core', {local: true})).toEqual([
      {name: 'output', source: join(nested, '.azure', 'config'), value: 'table'},
      {name: 'only_local', source: join(project, '.azure', 'config'), value: '1'},
    ])
    expect(reader.sections()).toEqual(['cloud', 'core', 'defaults'])
  })

  it('unsets from the nearest file that has the key', async () => {
    mkdirSync(join(project, '.azure'))
    writeFileSync(join(project, '.azure', 'config'), '[defaults]\ngroup = project-rg\n')
    const writer = settings({}, nested)
    await writer.unset([{name: 'group', section: 'defaults'}], {local: true})
    expect(readFileSync(join(project, '.azure', 'config'), 'utf8')).toBe('[defaults]\n\n')
    expect(writer.get('defaults', 'group', {local: true})).toBe('global-rg')
    await writer.unset([{name: 'group', section: 'defaults'}], {local: true})
    expect(writer.get('defaults', 'group', {local: true})).toBeUndefined()
  })
})
