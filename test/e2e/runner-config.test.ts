/**
 * The configuration the runner hands a command (src/runner/config.ts) against oclif's own Config of
 * the same host and environment, member by member: what a command may read of `this.config` must
 * be the same whichever start ran it. Both are made in a child process from the build (the host's
 * command index and oclif's Config.load), which prints them as JSON.
 */
import {execFile} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

import {afterAll, describe, expect, it} from '@jest/globals'

import {cliEnvironment} from '@azx/core/testing'

import {REPO_ROOT} from './support/cli.js'

const run = promisify(execFile)
const scratch = mkdtempSync(join(tmpdir(), 'azx-runner-config-'))
afterAll(() => rmSync(scratch, {force: true, recursive: true}))

/** Prints `{indexed, oclif}`: the members of both configurations, in the environment given. */
const SCRIPT = `
const root = process.argv[1]
const {Config} = await import('@oclif/core/config')
const {readIndexFile, withRoot} = await import(root + '/dist/command-index/index.js')
const {IndexedConfig} = await import(root + '/dist/runner/config.js')
const index = withRoot(readIndexFile(root + '/dist/command-index.json'), root)
const pjson = JSON.parse((await import('node:fs')).readFileSync(root + '/package.json', 'utf8'))
const indexed = new IndexedConfig(index, pjson, root + '/dist', async () => { throw new Error('not loaded here') })
const oclif = await Config.load({root, userPlugins: false})
const SCALARS = [
  'arch', 'bin', 'binAliases', 'binPath', 'cacheDir', 'channel', 'configDir', 'dataDir', 'dirname', 'flexibleTaxonomy', 'home', 'isSingleCommandCLI',
  'name', 'npmRegistry', 'platform', 'root', 'shell', 'theme', 'topicSeparator', 'userAgent', 'valid', 'version', 'windows',
]
const plain = (value) => JSON.parse(JSON.stringify(value ?? null))
const describe = (config) => ({
  ...Object.fromEntries(SCALARS.map((name) => [name, plain(config[name])])),
  commandIDs: [...config.commandIDs].sort(),
  commands: Object.fromEntries(config.commands.map((command) => [command.id, plain(command)])),
  found: ['account:show', 'plugins:add', 'account:tenant:list', 'install:plugins', 'nope'].map((id) => plain(config.findCommand(id))),
  all: plain(config.getAllCommands()).sort((a, b) => a.id.localeCompare(b.id)),
  foundTopics: ['account', 'account:tenant', 'nope'].map((id) => plain(config.findTopic(id))),
  getAllCommandIDs: [...config.getAllCommandIDs()].sort(),
  pjson: plain(config.pjson),
  // oclif loads plugins in parallel: the order it lists them in is the order they finished loading.
  plugins: config
    .getPluginsList()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((plugin) =>
      plain({
        alias: plugin.alias, commandIDs: plugin.commandIDs, hasManifest: plugin.hasManifest, hooks: plugin.hooks, isRoot: plugin.isRoot,
        moduleType: plugin.moduleType, name: plugin.name, pjson: plugin.pjson.name, root: plugin.root, tag: plugin.tag, topics: plugin.topics,
        type: plugin.type, version: plugin.version,
      }),
    ),
  pluginNames: [...config.plugins.keys()].sort(),
  scoped: [
    config.scopedEnvVar('DATA_DIR'),
    config.scopedEnvVarKey('NPM_REGISTRY'),
    config.scopedEnvVarKeys('DEBUG'),
    config.scopedEnvVarTrue('SKIP_NEW_VERSION_CHECK'),
  ],
  s3: config.s3Key('versioned', '.tar.gz'),
  topics: plain(config.topics).sort((a, b) => a.name.localeCompare(b.name)),
  updateConfig: plain(config.updateConfig),
  versionDetails: plain(config.versionDetails),
})
console.log(JSON.stringify({indexed: describe(indexed), oclif: describe(oclif)}))
`

async function bothConfigurations(env: NodeJS.ProcessEnv): Promise<{indexed: Record<string, unknown>; oclif: Record<string, unknown>}> {
  const {stdout} = await run(process.execPath, ['--input-type=module', '-e', SCRIPT, REPO_ROOT.replace(/\/$/, '')], {
    cwd: REPO_ROOT,
    env: cliEnvironment(env),
    maxBuffer: 1 << 26,
  })
  return JSON.parse(stdout) as {indexed: Record<string, unknown>; oclif: Record<string, unknown>}
}

describe("the runner's configuration, as oclif's Config of the same host", () => {
  it.each([
    ['in a home of its own', {HOME: join(scratch, 'home'), SHELL: '/bin/bash'}],
    [
      'with the XDG folders set',
      {
        HOME: join(scratch, 'home'),
        XDG_CACHE_HOME: join(scratch, 'cache'),
        XDG_CONFIG_HOME: join(scratch, 'config'),
        XDG_DATA_HOME: join(scratch, 'data'),
      },
    ],
    [
      'with oclif’s own variables',
      {
        AZ_CACHE_DIR: join(scratch, 'c'),
        AZ_DATA_DIR: join(scratch, 'd'),
        AZ_NPM_REGISTRY: 'http://registry.example',
        AZ_SKIP_NEW_VERSION_CHECK: 'true',
        HOME: join(scratch, 'home'),
      },
    ],
  ])('%s: every member alike', async (_where, env) => {
    const {indexed, oclif} = await bothConfigurations(env)
    expect(indexed).toEqual(oclif)
  })
})
