import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeEach, describe, expect, it} from '@jest/globals'

import {pythonAzVersions} from './versions.js'

const dir = mkdtempSync(join(tmpdir(), 'azx-versions-'))
afterAll(() => rmSync(dir, {force: true, recursive: true}))

const executable = join(dir, 'az')
const cache = join(dir, 'data', 'python-az-versions.json')
const configDir = join(dir, 'azure')
const env = {AZURE_CONFIG_DIR: configDir, PATH: process.env.PATH}

/** A Python az that answers `az version --output json` with `version`, counting how often it was asked. */
function writeAz(version: string, output = `{"azure-cli": "${version}", "azure-cli-core": "${version}", "extensions": {}}`): void {
  writeFileSync(executable, `#!/bin/sh\necho "$*" >> "$0.log"\necho '${output}'\n`)
  chmodSync(executable, 0o755)
}

const asked = () => (existsSync(`${executable}.log`) ? readFileSync(`${executable}.log`, 'utf8').split('\n').filter(Boolean) : [])

beforeEach(() => {
  rmSync(`${executable}.log`, {force: true})
  rmSync(cache, {force: true})
  rmSync(configDir, {force: true, recursive: true})
})

describe('pythonAzVersions', () => {
  it('asks the Python az once, then answers from the file while nothing changed', async () => {
    writeAz('2.45.0')
    const expected = {'azure-cli': '2.45.0', 'azure-cli-core': '2.45.0', extensions: {}}
    expect(await pythonAzVersions(executable, cache, env)).toEqual(expected)
    expect(await pythonAzVersions(executable, cache, env)).toEqual(expected)
    expect(asked()).toEqual(['version --output json'])
  })

  it('asks again once the Python az is replaced, or an extension is added', async () => {
    writeAz('2.45.0')
    await pythonAzVersions(executable, cache, env)
    writeAz('2.100.0')
    expect(await pythonAzVersions(executable, cache, env)).toMatchObject({'azure-cli': '2.100.0'})
    mkdirSync(join(configDir, 'cliextensions', 'ssh'), {recursive: true})
    await pythonAzVersions(executable, cache, env)
    expect(asked()).toHaveLength(3)
  })

  it('is undefined, and keeps nothing, when the Python az does not answer with its versions', async () => {
    writeAz('2.45.0', 'not json')
    expect(await pythonAzVersions(executable, cache, env)).toBeUndefined()
    writeAz('2.45.0', '{"version": "2.45.0"}')
    expect(await pythonAzVersions(executable, cache, env)).toBeUndefined()
    expect(existsSync(cache)).toBe(false)
  })

  it('asks again when the kept file is unreadable', async () => {
    writeAz('2.45.0')
    await pythonAzVersions(executable, cache, env)
    writeFileSync(cache, '{broken')
    expect(await pythonAzVersions(executable, cache, env)).toMatchObject({'azure-cli': '2.45.0'})
    expect(asked()).toHaveLength(2)
  })
})
