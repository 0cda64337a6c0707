import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'

import {resetServiceInstances} from '@azx/core/registry'
import {afterAll, afterEach, beforeAll, describe, expect, it} from '@jest/globals'

import {delegationTarget} from './delegation.js'
import {delegationEnv, findPythonAz} from './locate.js'

let dir: string
/** azx's own bin/run.js, as a host root holds it. */
let root: string
let ownBin: string

/** An executable `az` in a directory of its own; the directory. */
function azIn(name: string, mode = 0o755): string {
  const folder = join(dir, name)
  mkdirSync(folder, {recursive: true})
  writeFileSync(join(folder, 'az'), '#!/bin/sh\n')
  chmodSync(join(folder, 'az'), mode)
  return folder
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'azx-locate-'))
  root = join(dir, 'azx')
  mkdirSync(join(root, 'bin'), {recursive: true})
  ownBin = join(root, 'bin', 'run.js')
  writeFileSync(ownBin, '#!/usr/bin/env node\n')
  chmodSync(ownBin, 0o755)
})

afterAll(() => rmSync(dir, {force: true, recursive: true}))

const path = (...folders: string[]) => folders.join(delimiter)

describe('findPythonAz', () => {
  it('takes the first executable az on PATH', () => {
    const python = azIn('python')
    expect(findPythonAz({PATH: path(join(dir, 'nowhere'), '', python, azIn('later'))}, ownBin)).toEqual({kind: 'found', path: join(python, 'az')})
  })

  it('skips an az that is not an executable file', () => {
    const notExecutable = azIn('not-executable', 0o644)
    const folderNamedAz = join(dir, 'folder-named-az')
    mkdirSync(join(folderNamedAz, 'az'), {recursive: true})
    const python = azIn('python')
    expect(findPythonAz({PATH: path(notExecutable, folderNamedAz, python)}, ownBin)).toEqual({kind: 'found', path: join(python, 'az')})
  })

  it('skips azx itself: a symlink to its bin, and one to a symlink to it', () => {
    const npmBin = join(dir, 'npm-bin')
    mkdirSync(npmBin)
    symlinkSync(ownBin, join(npmBin, 'az'))
    const chained = join(dir, 'chained')
    mkdirSync(chained)
    symlinkSync(join(npmBin, 'az'), join(chained, 'az'))
    const python = azIn('python')
    expect(findPythonAz({PATH: path(npmBin, chained, python)}, ownBin)).toEqual({kind: 'found', path: join(python, 'az')})
    expect(findPythonAz({PATH: path(npmBin, chained)}, ownBin)).toEqual({kind: 'missing'})
  })

  it('follows a symlink to the Python az, and reports the link', () => {
    const python = azIn('python')
    const links = join(dir, 'links')
    mkdirSync(links)
    symlinkSync(join(python, 'az'), join(links, 'az'))
    expect(findPythonAz({PATH: links}, ownBin)).toEqual({kind: 'found', path: join(links, 'az')})
  })

  it('skips what azx already handed this command to (a wrapper that runs azx again)', () => {
    const wrapper = azIn('wrapper')
    const python = azIn('python')
    const env = delegationEnv({PATH: path(wrapper, python)}, join(wrapper, 'az'))
    expect(findPythonAz(env, ownBin)).toEqual({kind: 'found', path: join(python, 'az')})
    expect(findPythonAz(delegationEnv(env, join(python, 'az')), ownBin)).toEqual({kind: 'missing'})
  })

  it('takes AZX_PYTHON_AZ before PATH, and says why it cannot use what it names', () => {
    const chosen = join(azIn('chosen'), 'az')
    const onPath = azIn('python')
    expect(findPythonAz({AZX_PYTHON_AZ: chosen, PATH: onPath}, ownBin)).toEqual({kind: 'found', path: chosen})
    expect(findPythonAz({AZX_PYTHON_AZ: join(dir, 'missing', 'az'), PATH: onPath}, ownBin)).toEqual({
      kind: 'unusable',
      path: join(dir, 'missing', 'az'),
      reason: 'it is not an executable file',
    })
    expect(findPythonAz({AZX_PYTHON_AZ: ownBin, PATH: onPath}, ownBin)).toEqual({
      kind: 'unusable',
      path: ownBin,
      reason: 'it runs azx, not the Python az',
    })
  })

  it('finds nothing on an empty PATH', () => {
    expect(findPythonAz({}, ownBin)).toEqual({kind: 'missing'})
  })
})

describe('delegationTarget', () => {
  const saved = {...process.env}
  afterEach(() => {
    process.env = {...saved}
    resetServiceInstances()
  })

  it('is on by default, and off with core.delegate_to_python_az false in the config file or the environment', async () => {
    const python = azIn('python')
    const configDir = join(dir, 'config-dir')
    mkdirSync(configDir, {recursive: true})
    process.env = {...saved, AZURE_CONFIG_DIR: configDir, PATH: python}
    delete process.env.AZURE_CORE_DELEGATE_TO_PYTHON_AZ
    delete process.env.AZX_PYTHON_AZ
    expect(await delegationTarget(root)).toEqual({kind: 'found', path: join(python, 'az')})

    writeFileSync(join(configDir, 'config'), '[core]\ndelegate_to_python_az = no\n')
    resetServiceInstances()
    expect(await delegationTarget(root)).toEqual({kind: 'off'})

    rmSync(join(configDir, 'config'))
    process.env.AZURE_CORE_DELEGATE_TO_PYTHON_AZ = 'false'
    resetServiceInstances()
    expect(await delegationTarget(root)).toEqual({kind: 'off'})
  })
})
