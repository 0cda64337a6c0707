import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from '@jest/globals'

import {installSpec, localPluginPath} from './local-path.js'

const dir = mkdtempSync(join(tmpdir(), 'azx-preinstall-'))
writeFileSync(join(dir, 'my-plugin-1.0.0.tgz'), '')

afterAll(() => rmSync(dir, {force: true, recursive: true}))

// What @oclif/plugin-plugins hands the hook for each kind of argument.
const repo = (input: string) => ({type: 'repo', url: `https://github.com/${input}`}) as const
const npm = (name: string) => ({name, tag: 'latest', type: 'npm'}) as const

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

describe('installSpec', () => {
  it('makes a local path the file: spec npm installs', () => {
    expect(installSpec(repo(join(dir, 'my-plugin-1.0.0.tgz')))).toEqual({type: 'repo', url: `file:${join(dir, 'my-plugin-1.0.0.tgz')}`})
    expect(installSpec(repo('./my-plugin-1.0.0.tgz'), dir)).toEqual({type: 'repo', url: `file:${join(dir, 'my-plugin-1.0.0.tgz')}`})
  })

  it('refuses a local path that does not exist, exit 1', () => {
    expect(() => installSpec(repo(join(dir, 'missing.tgz')))).toThrow(
      expect.objectContaining({exitCode: 1, message: `${join(dir, 'missing.tgz')} does not exist.`}),
    )
  })

  it('changes nothing for a package name', () => {
    expect(installSpec(npm('group'))).toEqual(npm('group'))
  })
})
