import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {configureLogging} from '../logger/index.js'
import {configFileChain, localConfigPath} from './config-files.js'

let root: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'azx-config-files-'))
})

afterEach(() => rmSync(root, {force: true, recursive: true}))

describe('configFileChain, as knack finds config files', () => {
  it('lists existing local directories from the working directory up, then the global file', () => {
    const env = {AZURE_CONFIG_DIR: join(root, 'elsewhere', '.azure')}
    const cwd = join(root, 'a', 'b')
    mkdirSync(join(cwd, '.azure'), {recursive: true})
    mkdirSync(join(root, '.azure'))
    expect(configFileChain(env, () => cwd)).toEqual([
      join(cwd, '.azure', 'config'),
      join(root, '.azure', 'config'),
      join(root, 'elsewhere', '.azure', 'config'),
    ])
  })

  it('names local directories after the config dir, whatever it is called', () => {
    const env = {AZURE_CONFIG_DIR: join(root, 'elsewhere', 'my-az')}
    mkdirSync(join(root, 'my-az'))
    mkdirSync(join(root, '.azure'))
    expect(configFileChain(env, () => root)).toEqual([join(root, 'my-az', 'config'), join(env.AZURE_CONFIG_DIR, 'config')])
  })

  it('stops at the directory that holds the config dir', () => {
    const home = join(root, 'home')
    const env = {AZURE_CONFIG_DIR: join(home, '.azure')}
    mkdirSync(join(home, 'project', '.azure'), {recursive: true})
    mkdirSync(join(root, '.azure'))
    expect(configFileChain(env, () => join(home, 'project'))).toEqual([join(home, 'project', '.azure', 'config'), join(home, '.azure', 'config')])
  })

  it('warns as az does and uses the global file alone when the working directory is gone', () => {
    let stderr = ''
    configureLogging({color: false, debug: false, onlyErrors: false, verbose: false, write: (text) => (stderr += text)})
    const gone = () => {
      throw Object.assign(new Error('uv_cwd'), {code: 'ENOENT'})
    }

    expect(configFileChain({AZURE_CONFIG_DIR: join(root, '.azure')}, gone)).toEqual([join(root, '.azure', 'config')])
    expect(stderr).toBe('WARNING: The working directory has been deleted or recreated. Local config is ignored.\n')
    expect(() => localConfigPath({AZURE_CONFIG_DIR: join(root, '.azure')}, gone)).toThrow('The working directory has been deleted or recreated.')
  })
})

describe('localConfigPath', () => {
  it('is <working directory>/<config dir name>/config, existing or not', () => {
    expect(localConfigPath({AZURE_CONFIG_DIR: '/somewhere/.azure'}, () => '/work/project')).toBe('/work/project/.azure/config')
  })
})
