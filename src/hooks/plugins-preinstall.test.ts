import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from '@jest/globals'

import hook, {localPluginPath} from './plugins-preinstall.js'

const dir = mkdtempSync(join(tmpdir(), 'azx-preinstall-'))
writeFileSync(join(dir, 'my-plugin-1.0.0.tgz'), '')

afterAll(() => rmSync(dir, {force: true, recursive: true}))

// What @oclif/plugin-plugins hands the hook for each kind of argument.
const repo = (input: string) => ({type: 'repo', url: `https://github.com/${input}`})
const npm = (name: string) => ({name, tag: 'latest', type: 'npm'})

describe('localPluginPath', () => {
  it('takes ./, ../ and absolute arguments as local paths, relative to the working directory', () => {
    expect(localPluginPath(repo('./my-plugin-1.0.0.tgz'), dir)).toBe(join(dir, 'my-plugin-1.0.0.tgz'))
    expect(localPluginPath(repo('../plugins/group'), dir)).toBe(join(dir, '..', 'plugins', 'group'))
    expect(localPluginPath(repo('/opt/plugins/group'), dir)).toBe('/opt/plugins/group')
    expect(localPluginPath(repo('~/plugins/group'), dir)).toBe(join(homedir(), 'plugins', 'group'))
  })

  it('takes a bare tarball name as a file only when that file exists', () => {
    expect(localPluginPath(npm('my-plugin-1.0.0.tgz'), dir)).toBe(join(dir, 'my-plugin-1.0.0.tgz'))
    expect(localPluginPath(npm('other-1.0.0.tgz'), dir)).toBeUndefined()
  })

  it('leaves package names, GitHub slugs and URLs alone', () => {
    expect(localPluginPath(npm('@azx/plugin-group'), dir)).toBeUndefined()
    expect(localPluginPath(npm('group'), dir)).toBeUndefined()
    expect(localPluginPath(repo('someuser/someplugin'), dir)).toBeUndefined()
    expect(localPluginPath({type: 'repo', url: 'https://github.com/azx-cli/plugin-group'}, dir)).toBeUndefined()
    expect(localPluginPath({type: 'repo', url: 'file:/opt/plugin.tgz'}, dir)).toBeUndefined()
  })
})

describe('the plugins:preinstall hook', () => {
  const context = {
    error(message: string): never {
      throw new Error(message)
    },
  }

  it('rewrites a local path into the file: spec npm installs, in place', async () => {
    const plugin: Record<string, unknown> = repo(join(dir, 'my-plugin-1.0.0.tgz'))
    await hook.call(context as never, {plugin} as never)
    expect(plugin).toEqual({type: 'repo', url: `file:${join(dir, 'my-plugin-1.0.0.tgz')}`})
  })

  it('stops with an error for a local path that does not exist', async () => {
    const plugin = repo(join(dir, 'missing.tgz'))
    await expect(hook.call(context as never, {plugin} as never)).rejects.toThrow(`${join(dir, 'missing.tgz')} does not exist.`)
  })

  it('changes nothing for a package name', async () => {
    const plugin = npm('group')
    await hook.call(context as never, {plugin} as never)
    expect(plugin).toEqual(npm('group'))
  })
})
