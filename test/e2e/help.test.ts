/**
 * Help for every azx command: a summary, a description and examples, read from the manifests the
 * build generates (what `az <command> --help` prints), and a help screen that works.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from '@jest/globals'

import {CliSandbox, REPO_ROOT} from './support/cli.js'

interface ManifestCommand {
  description?: string
  examples?: unknown[]
  flags: Record<string, {char?: string}>
  summary?: string
}

const MANIFESTS = ['oclif.manifest.json', ...['account', 'cloud', 'config', 'login'].map((name) => join('plugins', name, 'oclif.manifest.json'))]
const commands = MANIFESTS.flatMap((path) =>
  Object.entries((JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')) as {commands: Record<string, ManifestCommand>}).commands),
)
// @oclif/plugin-plugins' commands that azx extends (install's checks, the command index made again
// after a change): npm's flags and oclif's help, not az's global ones.
const PLUGIN_PLUGINS_COMMANDS = new Set(['plugins:install', 'plugins:link', 'plugins:reset', 'plugins:uninstall', 'plugins:update'])
const azCommands = commands.filter(([id]) => !PLUGIN_PLUGINS_COMMANDS.has(id))

const sandbox = new CliSandbox()
afterAll(() => sandbox.dispose())

describe('help', () => {
  it('covers the commands of every core plugin', () => {
    expect(commands.map(([id]) => id)).toEqual(
      expect.arrayContaining(['login', 'logout', 'account:get-access-token', 'config:set', 'cloud:register', 'version']),
    )
  })

  it.each(azCommands)('%s has a summary, a description, examples and the global flags', (_, command) => {
    expect(command.summary?.length).toBeGreaterThan(10)
    expect(command.description?.length).toBeGreaterThan(10)
    expect(command.examples?.length).toBeGreaterThan(0)
    expect(command.flags.output?.char).toBe('o')
    expect(Object.keys(command.flags)).toEqual(expect.arrayContaining(['query', 'debug', 'verbose', 'only-show-errors']))
  })

  it("uses az's flag names and short flags", () => {
    const byId = Object.fromEntries(commands)
    expect(byId.login.flags.username.char).toBe('u')
    expect(byId.login.flags.password.char).toBe('p')
    expect(byId.login.flags.tenant.char).toBe('t')
    expect(byId.login.flags.identity.char).toBe('i')
    expect(byId['account:set'].flags.subscription.char).toBe('s')
    expect((byId.login.flags['skip-subscription-discovery'] as {aliases?: string[]}).aliases).toEqual(['skip-sub'])
  })

  it("describes today's az's login flags and list-locations, with examples", async () => {
    // The help wraps at the terminal's width, examples with a backslash: compare the words.
    const words = (text: string) => text.replaceAll(/ ?\\\n\s*/g, ' ').replaceAll(/\s+/g, ' ')
    const login = await sandbox.run(['login', '--help'])
    expect(login.exitCode).toBe(0)
    expect(words(login.stdout)).toContain(
      '--claims-challenge=BASE64 Base64-encoded claims challenge requested by a resource API in the WWW-Authenticate header.',
    )
    expect(words(login.stdout)).toContain('--skip-subscription-discovery Do not list tenants and subscriptions (also --skip-sub); requires --tenant.')
    expect(words(login.stdout)).toMatch(/\$ az login --tenant \S+ --skip-sub /)
    expect(words(login.stdout)).toMatch(/\$ az login --tenant \S+ --scope \S+ --claims-challenge /)

    const locations = await sandbox.run(['account', 'list-locations', '--help'])
    expect(locations.exitCode).toBe(0)
    expect(words(locations.stdout)).toContain('List supported regions for the current subscription.')
    expect(words(locations.stdout)).toContain('--include-extended-locations Whether to include extended locations')
    expect(words(locations.stdout)).toContain('$ az account list-locations -o table')
  })

  it('prints the help of a command', async () => {
    const result = await sandbox.run(['account', 'get-access-token', '--help'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('Get a token for utilities to access Azure.')
    expect(result.stdout).toContain('--resource-type')
    expect(result.stdout).toContain('EXAMPLES')
  })

  it('prints the help of az plugins install, with its trust and install script flags', async () => {
    const result = await sandbox.run(['plugins', 'install', '--help'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('--allow-scripts')
    expect(result.stdout).toContain('-y, --yes')
    expect(result.stdout).toContain(`${join(sandbox.home, '.config', 'azx', 'trusted-plugins.json')}`)
  })
})
