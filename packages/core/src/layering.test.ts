/**
 * The direction of imports inside @azx/core. The entry points (index.ts, auth.ts) gather the
 * services for plugins; a service never reaches up through them (it would load every other
 * service with it, and a cycle waits there). The renderers are handed what they need: output/
 * knows nothing of the settings service.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from '@jest/globals'

const SRC = fileURLToPath(new URL('.', import.meta.url))
/** Facades over the services, allowed to import the entry points. */
const FACADES = new Set(['testing'])

/** The source files (not tests) of every folder of core, with their path from src/. */
function sources(): {file: string; text: string}[] {
  return readdirSync(SRC, {recursive: true, withFileTypes: true})
    .filter(
      (entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.parentPath !== SRC.replace(/\/$/, ''),
    )
    .map((entry) => {
      const path = join(entry.parentPath, entry.name)
      return {file: relative(SRC, path), text: readFileSync(path, 'utf8')}
    })
}

/** Every module a source imports, statically or with `import()`. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:from |import\()'([^']+)'/g)].map((match) => match[1])
}

describe('imports inside @azx/core', () => {
  it('no service imports an entry point of @azx/core (index.ts, auth.ts, or the package by name)', () => {
    const upward = sources()
      .filter(({file}) => !FACADES.has(file.split('/')[0]))
      .flatMap(({file, text}) =>
        importsOf(text)
          .filter((name) => /^(\.\.\/)+(index|auth)\.js$|^@azx\/core(\/|$)/.test(name))
          .map((name) => `${file} imports ${name}`),
      )
    expect(upward).toEqual([])
  })

  it('the renderers (output/) import nothing of the settings service', () => {
    const settings = sources()
      .filter(({file}) => file.startsWith('output/'))
      .flatMap(({file, text}) =>
        importsOf(text)
          .filter((name) => name.includes('settings/'))
          .map((name) => `${file} imports ${name}`),
      )
    expect(settings).toEqual([])
  })
})
