import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from '@jest/globals'

import {packageName} from './package-name.js'

const dir = mkdtempSync(join(tmpdir(), 'azx-package-name-'))
afterAll(() => rmSync(dir, {force: true, recursive: true}))

/** A tarball of `files` under the folder `top`, made by tar with `options`. */
function tarball(name: string, top: string, files: Record<string, string>, options: string[] = []): string {
  const source = join(dir, `${name}-source`)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(source, top, path, '..'), {recursive: true})
    writeFileSync(join(source, top, path), content)
  }

  const file = join(dir, name)
  execFileSync('tar', [...options, '-cf', file, '-C', source, top])
  return file
}

const file = (path: string) => ({type: 'repo', url: `file:${path}`}) as const

describe('packageName', () => {
  it('is the name given for an npm package, and unknown for a repository', async () => {
    expect(await packageName({name: '@contoso/azx-plugin-x', tag: 'latest', type: 'npm'})).toBe('@contoso/azx-plugin-x')
    expect(await packageName({type: 'repo', url: 'https://github.com/contoso/plugin'})).toBeUndefined()
  })

  it("reads a folder's package.json", async () => {
    mkdirSync(join(dir, 'folder'))
    writeFileSync(join(dir, 'folder', 'package.json'), JSON.stringify({name: 'folder-plugin'}))
    expect(await packageName(file(join(dir, 'folder')))).toBe('folder-plugin')
  })

  it("reads a gzipped tarball's package.json, wherever it lies among the files", async () => {
    const big = 'x'.repeat(70_000)
    const files = {'a/big.js': big, 'package.json': JSON.stringify({name: 'tar-plugin', version: '1.0.0'}), 'z.js': big}
    expect(await packageName(file(tarball('plugin.tgz', 'package', files, ['-z'])))).toBe('tar-plugin')
  })

  it('reads a tarball whose folder is not called package, and one that is not gzipped', async () => {
    expect(await packageName(file(tarball('other.tgz', 'plugin-1.0.0', {'package.json': '{"name":"other"}'}, ['-z'])))).toBe('other')
    expect(await packageName(file(tarball('plain.tar', 'package', {'package.json': '{"name":"plain"}'})))).toBe('plain')
  })

  it('follows long names in pax and GNU headers, and ignores package.json files below the top folder', async () => {
    const deep = `${'d'.repeat(120)}/package.json`
    const files = {[deep]: '{"name":"nested"}', 'package.json': '{"name":"top"}'}
    expect(await packageName(file(tarball('pax.tgz', 'package', files, ['-z', '--format=pax'])))).toBe('top')
    expect(await packageName(file(tarball('gnu.tgz', 'package', files, ['-z', '--format=gnu'])))).toBe('top')
    // package.json's own path longer than a header's 100 bytes.
    const longTop = 'p'.repeat(110)
    expect(await packageName(file(tarball('long-pax.tgz', longTop, {'package.json': '{"name":"long"}'}, ['-z', '--format=pax'])))).toBe('long')
    expect(await packageName(file(tarball('long-gnu.tgz', longTop, {'package.json': '{"name":"long"}'}, ['-z', '--format=gnu'])))).toBe('long')
  })

  it('is unknown for a tarball without package.json, and for a file that is not a tarball', async () => {
    expect(await packageName(file(tarball('empty.tgz', 'package', {'index.js': ''}, ['-z'])))).toBeUndefined()
    writeFileSync(join(dir, 'junk.tgz'), 'not a tarball at all')
    expect(await packageName(file(join(dir, 'junk.tgz')))).toBeUndefined()
  })
})
