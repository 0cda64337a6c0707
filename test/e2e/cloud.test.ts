/**
 * `az cloud …` through the built CLI, and its files and output checked against the Python az
 * (2.45), which must be installed: the compatibility tests run it on the same config dir.
 */
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

import {startEmulator} from '@azx/emulator'
import type {Emulator} from '@azx/emulator'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest} from '@jest/globals'

import {CliSandbox} from './support/cli.js'
import type {CliResult} from './support/cli.js'
import {runPythonAz} from './support/python-az.js'

jest.setTimeout(120_000)

const ENDPOINT_FLAGS = [
  '--endpoint-resource-manager',
  'https://rm.example.com/',
  '--endpoint-active-directory',
  'https://login.example.com',
  '--endpoint-active-directory-resource-id',
  'https://mgmt.example.com/',
  '--endpoint-active-directory-graph-resource-id',
  'https://graph.example.com/',
]

let sandbox: CliSandbox

beforeEach(() => {
  sandbox = new CliSandbox()
})

afterEach(() => sandbox.dispose())

function json(result: CliResult): unknown {
  expect(result).toMatchObject({exitCode: 0})
  return JSON.parse(result.stdout)
}

function cloudsConfigPath(box: CliSandbox = sandbox): string {
  return join(box.configDir, 'clouds.config')
}

describe('az cloud register / set / show', () => {
  it('round-trips a custom cloud', async () => {
    const register = await sandbox.run([
      'cloud',
      'register',
      '-n',
      'MyCloud',
      ...ENDPOINT_FLAGS,
      '--suffix-keyvault-dns',
      '.vault.example.com',
      '--profile',
      '2019-03-01-hybrid',
    ])
    expect(register).toEqual({exitCode: 0, stderr: '', stdout: ''})

    const set = await sandbox.run(['cloud', 'set', '-n', 'mycloud'])
    expect(set).toEqual({
      exitCode: 0,
      stderr:
        "WARNING: Switched active cloud to 'MyCloud'.\nWARNING: Use 'az login' to log in to this cloud.\n" +
        "WARNING: Use 'az account set' to set the active subscription.\n",
      stdout: '',
    })
    expect(readFileSync(join(sandbox.configDir, 'config'), 'utf8')).toContain('[cloud]\nname = MyCloud\n')

    const shown = json(await sandbox.run(['cloud', 'show']))
    expect(shown).toEqual(json(await sandbox.run(['cloud', 'show', '-n', 'MyCloud'])))
    expect(shown).toMatchObject({
      endpoints: {
        activeDirectory: 'https://login.example.com',
        activeDirectoryGraphResourceId: 'https://graph.example.com/',
        activeDirectoryResourceId: 'https://mgmt.example.com/',
        gallery: null,
        management: 'https://rm.example.com/',
        resourceManager: 'https://rm.example.com/',
      },
      isActive: true,
      name: 'MyCloud',
      profile: '2019-03-01-hybrid',
      suffixes: {keyvaultDns: '.vault.example.com', storageEndpoint: null},
    })

    // Setting the active cloud again changes nothing and says nothing, as az.
    expect(await sandbox.run(['cloud', 'set', '-n', 'MyCloud'])).toEqual({exitCode: 0, stderr: '', stdout: ''})
  })

  it('switches the default subscription with the cloud, as the Python az does, to the same files', async () => {
    mkdirSync(sandbox.configDir, {mode: 0o700, recursive: true})
    writeFileSync(join(sandbox.configDir, 'azureProfile.json'), azProfile())
    // The Python az records 'dev sub' as AzureChinaCloud's default in clouds.config, then goes back.
    await expectOk(pythonAz(sandbox, ['cloud', 'set', '-n', 'AzureChinaCloud']))
    await expectOk(pythonAz(sandbox, ['account', 'set', '-s', 'dev sub']))
    await expectOk(pythonAz(sandbox, ['cloud', 'set', '-n', 'AzureCloud']))

    const twin = new CliSandbox()
    try {
      cpSync(sandbox.configDir, twin.configDir, {recursive: true})
      const byAz = await pythonAz(twin, ['cloud', 'set', '-n', 'azurechinacloud'])
      const byAzx = await sandbox.run(['cloud', 'set', '-n', 'azurechinacloud'])
      expect(byAzx).toEqual({
        exitCode: 0,
        stderr:
          "WARNING: Switched active cloud to 'AzureChinaCloud'.\n" +
          "WARNING: Active subscription switched to 'dev sub (44444444-4444-4444-4444-444444444444)'.\n",
        stdout: '',
      })
      expect(byAzx).toEqual(byAz)
      for (const file of ['azureProfile.json', 'clouds.config']) {
        expect(readFileSync(join(sandbox.configDir, file), 'utf8')).toBe(readFileSync(join(twin.configDir, file), 'utf8'))
      }

      expect(readFileSync(join(sandbox.configDir, 'config'), 'utf8')).toContain('[cloud]\nname = AzureChinaCloud\n')
    } finally {
      twin.dispose()
    }
  })

  it('rejects an endpoint that is not https, says what to do, and stores nothing', async () => {
    const flags = ENDPOINT_FLAGS.map((value) => (value === 'https://login.example.com' ? 'http://login.example.com' : value))
    const result = await sandbox.run(['cloud', 'register', '-n', 'Plain', ...flags])
    expect(result).toEqual({
      exitCode: 1,
      stderr:
        "ERROR: The endpoint --endpoint-active-directory is 'http://login.example.com', which is not an https:// URL. " +
        "azx sends sign-in requests and tokens to a cloud's endpoints, so it only accepts endpoints that use HTTPS.\n" +
        'Give --endpoint-active-directory as an https:// URL (on the command line or in --cloud-config) and run the command again.\n',
      stdout: '',
    })
    expect(existsSync(cloudsConfigPath())).toBe(false)

    const fromConfig = await sandbox.run([
      'cloud',
      'register',
      '-n',
      'Plain',
      '--cloud-config',
      JSON.stringify({endpoints: {resourceManager: 'http://rm.example.com'}}),
    ])
    expect(fromConfig.exitCode).toBe(1)
    expect(fromConfig.stderr).toMatch(
      /^ERROR: The endpoint --endpoint-resource-manager is 'http:\/\/rm.example.com', which is not an https:\/\/ URL\./,
    )
  })

  it("gives az's errors for missing endpoints, a taken name and an unknown profile", async () => {
    expect(await sandbox.run(['cloud', 'register', '-n', 'Other', '--endpoint-active-directory', 'https://login.example.com'])).toEqual({
      exitCode: 1,
      stderr:
        'ERROR: The following endpoints are required for the CLI to function and were not ' +
        'specified on the command line, in the cloud config or could not be autodetected.\n' +
        'Specify them on the command line or through the cloud config file:\n' +
        '--endpoint-resource-manager, --endpoint-active-directory-resource-id, --endpoint-active-directory-graph-resource-id\n',
      stdout: '',
    })
    expect(await sandbox.run(['cloud', 'register', '-n', 'AzureCloud', ...ENDPOINT_FLAGS])).toEqual({
      exitCode: 1,
      stderr: "ERROR: The cloud 'AzureCloud' is already registered.\n",
      stdout: '',
    })
    expect(await sandbox.run(['cloud', 'register', '-n', 'P', ...ENDPOINT_FLAGS, '--profile', 'foo'])).toEqual({
      exitCode: 2,
      // As az, the command's help examples, those naming most of the flags given first.
      stderr:
        "ERROR: az cloud register: 'foo' is not a valid value for '--profile'. Allowed values: latest, 2017-03-09-profile, " +
        '2018-03-01-hybrid, 2019-03-01-hybrid, 2020-09-01-hybrid.\n\nExamples from AI knowledge base:\n' +
        'az cloud register -n MyCloud --endpoint-resource-manager https://management.contoso.com/\n' +
        'Register a cloud, reading its sign-in endpoints from its Resource Manager.\n\n' +
        'az cloud register -n MyCloud --cloud-config @cloud.json\nRegister a cloud with a config file.\n' +
        '\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n',
      stdout: '',
    })
    expect(await sandbox.run(['cloud', 'show', '-n', 'nope'])).toEqual({
      exitCode: 1,
      stderr: "ERROR: The cloud 'nope' is not registered.\n",
      stdout: '',
    })
  })

  it('reads --cloud-config from a file, in the shape az cloud show prints', async () => {
    const exported = json(await sandbox.run(['cloud', 'show', '-n', 'AzureUSGovernment'])) as Record<string, unknown>
    const file = join(sandbox.root, 'cloud.json')
    writeFileSync(file, JSON.stringify({...exported, name: 'Copy', profile: '2020-09-01-hybrid'}))
    expect(await sandbox.run(['cloud', 'register', '-n', 'GovCopy', '--cloud-config', `@${file}`, '--suffix-keyvault-dns', '.kv.flag'])).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: '',
    })
    const copy = json(await sandbox.run(['cloud', 'show', '-n', 'GovCopy'])) as {
      endpoints: unknown
      profile: string
      suffixes: Record<string, unknown>
    }
    expect(copy.endpoints).toEqual(exported.endpoints)
    expect(copy.profile).toBe('2020-09-01-hybrid')
    expect(copy.suffixes.keyvaultDns).toBe('.kv.flag')
  })
})

describe('endpoints read from the ARM metadata', () => {
  let emulator: Emulator

  beforeAll(async () => {
    emulator = await startEmulator({proxyPort: false})
  })

  afterAll(async () => {
    await emulator?.close()
  })

  it('fills in the AD endpoints from {resourceManager}/metadata/endpoints, as the Python az does', async () => {
    const args = ['cloud', 'register', '-n', 'Emulated', '--endpoint-resource-manager', emulator.url]
    emulator.requests.clear()
    expect(await sandbox.run(args, {env: emulator.nodeEnv()})).toEqual({exitCode: 0, stderr: '', stdout: ''})
    expect(emulator.requests.entries({route: 'arm-metadata'}).map((entry) => [entry.method, entry.path, entry.query, entry.status])).toEqual([
      ['GET', '/metadata/endpoints', 'api-version=2015-01-01', 200],
    ])
    const shown = json(await sandbox.run(['cloud', 'show', '-n', 'Emulated'])) as {endpoints: Record<string, unknown>}
    expect(shown.endpoints).toMatchObject({
      activeDirectory: `${emulator.url}/`,
      activeDirectoryGraphResourceId: 'https://graph.windows.net/',
      activeDirectoryResourceId: 'https://management.core.windows.net/',
      gallery: 'https://gallery.azure.com/',
      management: emulator.url,
      resourceManager: emulator.url,
    })

    const twin = new CliSandbox()
    try {
      await expectOk(pythonAz(twin, args, emulator.pythonAzEnv()))
      expect(shown).toEqual(json(await pythonAz(twin, ['cloud', 'show', '-n', 'Emulated'])))
    } finally {
      twin.dispose()
    }
  })

  it("reports a resource manager that answers with an error, in az's words", async () => {
    const result = await sandbox.run(['cloud', 'register', '-n', 'Wrong', '--endpoint-resource-manager', `${emulator.url}/nothing-here/`], {
      env: emulator.nodeEnv(),
    })
    expect(result).toEqual({
      exitCode: 1,
      stderr:
        'ERROR: Unable to get endpoints from the cloud.\n' +
        `Server returned status code 404 for ${emulator.url}/nothing-here/metadata/endpoints?api-version=2015-01-01\n`,
      stdout: '',
    })
    expect(existsSync(cloudsConfigPath())).toBe(false)
  })

  it("reports a resource manager that cannot be reached, in az's words", async () => {
    const port = await closedPort()
    const result = await sandbox.run(['cloud', 'register', '-n', 'Offline', '--endpoint-resource-manager', `https://127.0.0.1:${port}/`])
    expect(result).toEqual({
      exitCode: 1,
      stderr:
        'ERROR: Unable to get endpoints from the cloud.\n' +
        `Please ensure you have network connection. Error detail: connect ECONNREFUSED 127.0.0.1:${port}\n`,
      stdout: '',
    })
  })
})

describe('az cloud unregister', () => {
  it('removes a custom cloud, but not the active one nor a built-in one', async () => {
    await expectOk(sandbox.run(['cloud', 'register', '-n', 'MyCloud', ...ENDPOINT_FLAGS]))
    await expectOk(sandbox.run(['cloud', 'register', '-n', 'Other', ...ENDPOINT_FLAGS]))
    expect(await sandbox.run(['cloud', 'unregister', '-n', 'AzureCloud'])).toEqual({
      exitCode: 1,
      stderr: "ERROR: The cloud 'AzureCloud' cannot be unregistered as it's currently active.\n",
      stdout: '',
    })
    expect(await sandbox.run(['cloud', 'unregister', '-n', 'AzureChinaCloud'])).toEqual({
      exitCode: 1,
      stderr: "ERROR: The cloud 'AzureChinaCloud' cannot be unregistered as it's not a custom cloud.\n",
      stdout: '',
    })
    expect(await sandbox.run(['cloud', 'unregister', '-n', 'nope'])).toEqual({
      exitCode: 1,
      stderr: "ERROR: The cloud 'nope' is not registered.\n",
      stdout: '',
    })
    await expectOk(sandbox.run(['cloud', 'set', '-n', 'MyCloud']))
    expect((await sandbox.run(['cloud', 'unregister', '-n', 'MyCloud'])).stderr).toBe(
      "ERROR: The cloud 'MyCloud' cannot be unregistered as it's currently active.\n",
    )
    expect(await sandbox.run(['cloud', 'unregister', '-n', 'Other'])).toEqual({exitCode: 0, stderr: '', stdout: ''})
    const names = (json(await sandbox.run(['cloud', 'list'])) as {name: string}[]).map((cloud) => cloud.name)
    expect(names).toEqual(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'MyCloud'])
  })
})

describe('az cloud list', () => {
  // The Python az 2.45 printed these for the same clouds (it also lists AzureGermanCloud, retired in
  // 2021 and dropped by later az versions and by azx; its row is left out here).
  const AZ_TABLE =
    'IsActive    Name               Profile\n' +
    '----------  -----------------  -----------------\n' +
    'True        AzureCloud         latest\n' +
    'False       AzureChinaCloud    latest\n' +
    'False       AzureUSGovernment  latest\n' +
    'False       MyCloud            2020-09-01-hybrid\n'
  const AZ_NAMES = 'AzureCloud\nAzureChinaCloud\nAzureUSGovernment\nMyCloud\n'

  beforeEach(async () => {
    await expectOk(sandbox.run(['cloud', 'register', '-n', 'MyCloud', ...ENDPOINT_FLAGS, '--profile', '2020-09-01-hybrid']))
  })

  it('prints the table the Python az prints', async () => {
    expect(await sandbox.run(['cloud', 'list', '-o', 'table'])).toEqual({exitCode: 0, stderr: '', stdout: AZ_TABLE})
  })

  it('prints the names as tsv as the Python az prints them', async () => {
    expect(await sandbox.run(['cloud', 'list', '-o', 'tsv', '--query', '[].name'])).toEqual({exitCode: 0, stderr: '', stdout: AZ_NAMES})
  })

  it('lists the profiles', async () => {
    expect(json(await sandbox.run(['cloud', 'list-profiles']))).toEqual([
      'latest',
      '2017-03-09-profile',
      '2018-03-01-hybrid',
      '2019-03-01-hybrid',
      '2020-09-01-hybrid',
    ])
  })

  it('keeps a clouds.config that does not parse beside it, says so, and lists the built-in clouds', async () => {
    writeFileSync(cloudsConfigPath(), 'not an ini file\n')
    const result = await sandbox.run(['cloud', 'list'])
    const kept = readdirSync(sandbox.configDir).filter((name) => name.startsWith('clouds.config.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(result.stderr).toContain(`WARNING: '${cloudsConfigPath()}' is in bad format`)
    expect(result.stderr).toContain(`kept as '${join(sandbox.configDir, kept[0])}'`)
    expect((json(result) as {name: string}[]).map((cloud) => cloud.name)).toEqual(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'])
    expect(readFileSync(join(sandbox.configDir, kept[0]), 'utf8')).toBe('not an ini file\n')
  })
})

describe('clouds.config shared with the Python az', () => {
  it('shows the built-in clouds exactly as the Python az shows them', async () => {
    for (const name of ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment']) {
      const byAz = json(await pythonAz(sandbox, ['cloud', 'show', '-n', name]))
      expect(json(await sandbox.run(['cloud', 'show', '-n', name]))).toEqual(byAz)
    }
  })

  it('reads the clouds the Python az registers, updates and sets', async () => {
    await expectOk(
      pythonAz(sandbox, [
        'cloud',
        'register',
        '-n',
        'FromAz',
        ...ENDPOINT_FLAGS,
        '--suffix-storage-endpoint',
        'core.example.com',
        '--profile',
        '2018-03-01-hybrid',
      ]),
    )
    await expectOk(
      pythonAz(sandbox, [
        'cloud',
        'register',
        '-n',
        'FromAzConfig',
        '--cloud-config',
        JSON.stringify({endpoints: {fooBar: 'https://extra'}, ...camelFlags(ENDPOINT_FLAGS)}),
      ]),
    )
    await expectOk(pythonAz(sandbox, ['cloud', 'update', '-n', 'AzureChinaCloud', '--suffix-keyvault-dns', '.kv.cn.example']))
    await expectOk(pythonAz(sandbox, ['cloud', 'set', '-n', 'FromAz']))
    for (const name of ['FromAz', 'FromAzConfig', 'AzureChinaCloud']) {
      expect(json(await sandbox.run(['cloud', 'show', '-n', name]))).toEqual(json(await pythonAz(sandbox, ['cloud', 'show', '-n', name])))
    }

    const active = (json(await sandbox.run(['cloud', 'list'])) as {isActive: boolean; name: string}[]).filter((cloud) => cloud.isActive)
    expect(active.map((cloud) => cloud.name)).toEqual(['FromAz'])
  })

  it('writes clouds the Python az reads, updates and unregisters', async () => {
    await expectOk(
      sandbox.run([
        'cloud',
        'register',
        '-n',
        'FromAzx',
        ...ENDPOINT_FLAGS,
        '--endpoint-gallery',
        'https://gallery.example.com/a%20b',
        '--suffix-acr-login-server-endpoint',
        '.cr.example',
      ]),
    )
    await expectOk(
      sandbox.run(['cloud', 'update', '-n', 'FromAzx', '--profile', '2020-09-01-hybrid', '--endpoint-sql-management', 'https://sql.example.com/']),
    )
    await expectOk(sandbox.run(['cloud', 'update', '-n', 'AzureUSGovernment', '--suffix-keyvault-dns', '.kv.gov.example']))
    const byAz = json(await pythonAz(sandbox, ['cloud', 'show', '-n', 'FromAzx'])) as {endpoints: Record<string, unknown>; profile: string}
    expect(byAz.endpoints.gallery).toBe('https://gallery.example.com/a%20b')
    expect(byAz.profile).toBe('2020-09-01-hybrid')
    expect(json(await sandbox.run(['cloud', 'show', '-n', 'FromAzx']))).toEqual(byAz)
    expect(json(await sandbox.run(['cloud', 'show', '-n', 'AzureUSGovernment']))).toEqual(
      json(await pythonAz(sandbox, ['cloud', 'show', '-n', 'AzureUSGovernment'])),
    )

    await expectOk(sandbox.run(['cloud', 'set', '-n', 'FromAzx']))
    expect((json(await pythonAz(sandbox, ['cloud', 'show'])) as {name: string}).name).toBe('FromAzx')
    await expectOk(sandbox.run(['cloud', 'set', '-n', 'AzureCloud']))
    await expectOk(pythonAz(sandbox, ['cloud', 'unregister', '-n', 'FromAzx']))
    expect(await sandbox.run(['cloud', 'show', '-n', 'FromAzx'])).toMatchObject({
      exitCode: 1,
      stderr: "ERROR: The cloud 'FromAzx' is not registered.\n",
    })
  })
})

/** `--endpoint-x y` pairs as the flat camelCase keys of a `--cloud-config` document. */
function camelFlags(flags: string[]): Record<string, string> {
  const config: Record<string, string> = {}
  for (let index = 0; index < flags.length; index += 2) {
    config[flags[index].slice(2).replaceAll(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase())] = flags[index + 1]
  }

  return config
}

/** A local port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function expectOk(result: Promise<CliResult>): Promise<void> {
  expect(await result).toMatchObject({exitCode: 0})
}

/**
 * azureProfile.json as the Python az writes it: four subscriptions in two clouds (BOM, compact
 * json.dumps, no trailing newline).
 */
function azProfile(): string {
  const entry = (id: string, name: string, isDefault: boolean, cloud: string): string =>
    `{"id": "${id}", "name": "${name}", "state": "Enabled", "user": {"name": "bob@contoso.com", "type": "user"}, "isDefault": ${isDefault}, ` +
    `"tenantId": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", "environmentName": "${cloud}", ` +
    '"homeTenantId": "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", "managedByTenants": []}'
  const entries = [
    entry('11111111-1111-1111-1111-111111111111', 'Dev Sub', true, 'AzureCloud'),
    entry('22222222-2222-2222-2222-222222222222', String.raw`Prod S\u00fcb`, false, 'AzureCloud'),
    entry('33333333-3333-3333-3333-333333333333', 'China Sub', true, 'AzureChinaCloud'),
    entry('44444444-4444-4444-4444-444444444444', 'dev sub', false, 'AzureChinaCloud'),
  ]
  return `\uFEFF{"subscriptions": [${entries.join(', ')}]}`
}

/** Runs the Python az on a sandbox's config dir, without telemetry, as azx runs in these tests. */
function pythonAz(box: CliSandbox, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runPythonAz(box, args, {env})
}
