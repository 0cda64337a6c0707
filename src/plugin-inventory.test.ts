import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {readVersionSource} from './plugin-inventory.js'

let dir: string
let root: string

function writeJson(path: string, value: object): void {
  mkdirSync(join(path, '..'), {recursive: true})
  writeFileSync(path, JSON.stringify(value))
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'azx-inventory-'))
  root = join(dir, 'app', 'node_modules', 'azx')
  writeJson(join(root, 'package.json'), {name: 'azx', oclif: {bin: 'az', dirname: 'azx', plugins: ['@azx/plugin-a', 'plugin-b']}, version: '1.2.3'})
  // One core plugin beside the host, one hoisted to the parent's node_modules: Node finds both.
  writeJson(join(root, 'node_modules', '@azx', 'plugin-a', 'package.json'), {name: '@azx/plugin-a', version: '1.0.0'})
  writeJson(join(dir, 'app', 'node_modules', 'plugin-b', 'package.json'), {name: 'plugin-b', version: '2.0.0'})
})
afterEach(() => rmSync(dir, {force: true, recursive: true}))

const CORE = [
  {name: '@azx/plugin-a', type: 'core', version: '1.0.0'},
  {name: 'plugin-b', type: 'core', version: '2.0.0'},
]

describe('readVersionSource', () => {
  it('lists the core plugins, and the data dir under XDG_DATA_HOME, else ~/.local/share', () => {
    expect(readVersionSource(root, {XDG_DATA_HOME: join(dir, 'xdg')})).toEqual({dataDir: join(dir, 'xdg', 'azx'), name: 'azx', plugins: CORE, version: '1.2.3'})
    expect(readVersionSource(root, {HOME: join(dir, 'home')})?.dataDir).toBe(join(dir, 'home', '.local', 'share', 'azx'))
  })

  it('lists installed and linked user plugins from the data dir AZ_DATA_DIR names', () => {
    const data = join(dir, 'data')
    const linked = join(dir, 'src', 'linked')
    writeJson(join(data, 'package.json'), {oclif: {plugins: [{name: 'installed', type: 'user'}, {name: 'linked', root: linked, type: 'link'}]}})
    writeJson(join(data, 'node_modules', 'installed', 'package.json'), {name: 'installed', version: '0.3.0'})
    writeJson(join(linked, 'package.json'), {name: 'linked', version: '0.4.0'})
    expect(readVersionSource(root, {AZ_DATA_DIR: data})?.plugins).toEqual([
      ...CORE,
      {name: 'installed', type: 'user', version: '0.3.0'},
      {name: 'linked', type: 'link', version: '0.4.0'},
    ])
  })

  it('leaves to oclif what oclif would resolve differently', () => {
    const data = join(dir, 'data')
    const env = {AZ_DATA_DIR: data}
    // A user plugin that is not installed where the list says.
    writeJson(join(data, 'package.json'), {oclif: {plugins: [{name: 'missing', type: 'user'}]}})
    expect(readVersionSource(root, env)).toBeUndefined()
    // A user plugin named like a core plugin.
    writeJson(join(data, 'package.json'), {oclif: {plugins: [{name: 'plugin-b', type: 'user'}]}})
    writeJson(join(data, 'node_modules', 'plugin-b', 'package.json'), {name: 'plugin-b', version: '9.0.0'})
    expect(readVersionSource(root, env)).toBeUndefined()
    rmSync(join(data, 'package.json'))
    // A core plugin that brings plugins of its own.
    writeJson(join(dir, 'app', 'node_modules', 'plugin-b', 'package.json'), {name: 'plugin-b', oclif: {plugins: ['nested']}, version: '2.0.0'})
    expect(readVersionSource(root, env)).toBeUndefined()
  })
})
