import {describe, expect, it} from '@jest/globals'

import {pythonAzCommands} from '../python-az/commands.js'
import {decideUnknownCommand} from './decide.js'
import type {AzxCommands} from './decide.js'

/** azx's core commands and topics, as oclif lists them (no user plugin installed). */
const CORE: AzxCommands = {
  commands: new Set([
    'account:clear',
    'account:get-access-token',
    'account:import',
    'account:list',
    'account:set',
    'account:show',
    'account:tenant:list',
    'autocomplete',
    'cloud:list',
    'cloud:list-profiles',
    'cloud:register',
    'cloud:set',
    'cloud:show',
    'cloud:unregister',
    'cloud:update',
    'config:get',
    'config:mode',
    'config:set',
    'config:unset',
    'help',
    'login',
    'logout',
    'plugins',
    'plugins:install',
    'plugins:link',
    'plugins:list',
    'plugins:uninstall',
    'plugins:update',
    'version',
  ]),
  // oclif lists every command as a topic too.
  topics: new Set(['account', 'account:tenant', 'cloud', 'config', 'plugins', 'login', 'logout', 'version', 'help', 'autocomplete']),
}
/** The same with the example plugin installed: `az group list|show`. */
const WITH_GROUP_PLUGIN: AzxCommands = {commands: new Set([...CORE.commands, 'group:list', 'group:show']), topics: new Set([...CORE.topics, 'group'])}

// No config dir: only the Python az's built-in commands are known.
const pythonAz = pythonAzCommands({AZURE_CONFIG_DIR: '/nonexistent'})
const decide = (line: string, azx = CORE) => decideUnknownCommand(line.split(' '), azx, pythonAz)

describe('decideUnknownCommand', () => {
  it("hands the Python az's own groups and commands to it", () => {
    expect(decide('vm list')).toEqual({kind: 'python-az', known: true, path: ['vm']})
    expect(decide('rest')).toEqual({kind: 'python-az', known: true, path: ['rest']})
    expect(decide('extension list')).toEqual({kind: 'python-az', known: true, path: ['extension']})
    expect(decide('group list')).toEqual({kind: 'python-az', known: true, path: ['group']})
  })

  it('hands over commands the Python az has inside the groups azx shares with it', () => {
    expect(decide('account lock list')).toEqual({kind: 'python-az', known: true, path: ['account', 'lock']})
    expect(decide('account management-group list')).toEqual({kind: 'python-az', known: true, path: ['account', 'management-group']})
    expect(decide('config param-persist on')).toEqual({kind: 'python-az', known: true, path: ['config', 'param-persist']})
  })

  it('answers a typo of an azx command itself', () => {
    expect(decide('acount list')).toEqual({guess: 'account', kind: 'mistyped', word: 'acount'})
    expect(decide('logni')).toEqual({guess: 'login', kind: 'mistyped', word: 'logni'})
    expect(decide('account shw')).toEqual({guess: 'show', kind: 'mistyped', word: 'shw'})
    expect(decide('cloud lst')).toEqual({guess: 'list', kind: 'mistyped', word: 'lst'})
  })

  it("prefers the Python az's command over an azx command it resembles", () => {
    // `configure` is one edit-distance step from a typo of `config`, and a real Python az command.
    expect(decide('configure')).toEqual({kind: 'python-az', known: true, path: ['configure']})
  })

  it('hands unknown top-level words to the Python az, where its extensions add groups', () => {
    expect(decide('ssh vm')).toEqual({kind: 'python-az', known: false, path: ['ssh']})
    expect(decide('containerapp-preview list')).toEqual({kind: 'python-az', known: false, path: ['containerapp-preview']})
  })

  it('knows the extensions the Python az recorded in its command index', () => {
    const withLogic = {...pythonAz, topLevel: new Set([...pythonAz.topLevel, 'logic'])}
    expect(decideUnknownCommand(['logic', 'workflow', 'list'], CORE, withLogic)).toEqual({kind: 'python-az', known: true, path: ['logic']})
    // Without the index it looks like a typo of `login`, as the Python az itself would say.
    expect(decide('logic workflow list')).toEqual({guess: 'login', kind: 'mistyped', word: 'logic'})
  })

  it('hands unknown words in a group the Python az shares to it', () => {
    expect(decide('account foo')).toEqual({kind: 'python-az', known: false, path: ['account', 'foo']})
    expect(decide('account tenant delete')).toEqual({kind: 'python-az', known: false, path: ['account', 'tenant', 'delete']})
  })

  it("keeps unknown words in a group only azx has: the Python az has no 'plugins'", () => {
    expect(decide('plugins frobnicate')).toEqual({kind: 'mistyped', word: 'frobnicate'})
    expect(decide('plugins instal x')).toEqual({guess: 'install', kind: 'mistyped', word: 'instal'})
  })

  it('hands a command line that starts with a flag to the Python az, which takes global flags first', () => {
    expect(decideUnknownCommand([], CORE, pythonAz)).toEqual({kind: 'python-az', known: false, path: []})
  })

  it('calls words after a complete azx command unrecognized arguments', () => {
    expect(decide('login foo bar')).toEqual({args: ['foo', 'bar'], kind: 'unrecognized-arguments'})
    expect(decide('version now')).toEqual({args: ['now'], kind: 'unrecognized-arguments'})
  })

  it("sends a plugin's group to the Python az for the commands the plugin lacks", () => {
    expect(decide('group create', WITH_GROUP_PLUGIN)).toEqual({kind: 'python-az', known: false, path: ['group', 'create']})
    expect(decide('group lst', WITH_GROUP_PLUGIN)).toEqual({guess: 'list', kind: 'mistyped', word: 'lst'})
  })
})
