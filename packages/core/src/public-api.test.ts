/**
 * The SDK's public surface is what docs/plugins.md lists. A change to the exports of any entry point
 * below fails here until the guide's tables say the same, so every change to what plugins may rely
 * on is made on purpose (and, for a removal, in a major version).
 */
import {readFileSync} from 'node:fs'

import {describe, expect, it, jest} from '@jest/globals'
import ts from 'typescript'

jest.setTimeout(60_000)

const ROOT = new URL('../../../', import.meta.url).pathname
const GUIDE = `${ROOT}docs/plugins.md`

const ENTRY_POINTS = {
  '@azx/core': {load: () => import('./index.js'), source: `${ROOT}packages/core/src/index.ts`},
  '@azx/core/account-token': {load: () => import('./credential/account-token.js'), source: `${ROOT}packages/core/src/credential/account-token.ts`},
  '@azx/core/clouds': {load: () => import('./clouds/index.js'), source: `${ROOT}packages/core/src/clouds/index.ts`},
  '@azx/core/errors': {load: () => import('./errors/index.js'), source: `${ROOT}packages/core/src/errors/index.ts`},
  '@azx/core/output': {load: () => import('./output/index.js'), source: `${ROOT}packages/core/src/output/index.ts`},
  '@azx/core/paths': {load: () => import('./paths/index.js'), source: `${ROOT}packages/core/src/paths/index.ts`},
  '@azx/core/testing': {load: () => import('./testing/index.js'), source: `${ROOT}packages/core/src/testing/index.ts`},
} as const

/** Every name an entry point exports, types included, from the TypeScript compiler. */
function exportedNames(source: string): string[] {
  const program = ts.createProgram([source], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
  })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(source)!)!
  return checker.getExportsOfModule(module).map((symbol) => symbol.name)
}

/** `class`, `function` or `const` for a runtime export; `type` for a name that exists only in types. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'type'
  if (typeof value === 'function') return /^class\b/.test(Function.prototype.toString.call(value)) ? 'class' : 'function'
  return 'const'
}

/** `name kind` for every row of the guide's table for an entry point. */
function documented(entryPoint: string): string[] {
  const guide = readFileSync(GUIDE, 'utf8')
  const start = guide.indexOf(`<!-- api ${entryPoint} -->`)
  const end = guide.indexOf('<!-- /api -->', start)
  if (start === -1 || end === -1) throw new Error(`docs/plugins.md has no table for ${entryPoint}`)
  return [...guide.slice(start, end).matchAll(/^\| `([^`]+)` \| (\w+) \|/gm)].map(([, name, kind]) => `${name} ${kind}`).sort()
}

describe.each(Object.entries(ENTRY_POINTS))('the exports of %s', (entryPoint, {load, source}) => {
  it('are exactly the ones docs/plugins.md lists, with their kinds', async () => {
    const runtime = (await load()) as Record<string, unknown>
    const actual = exportedNames(source)
      .map((name) => `${name} ${kindOf(runtime[name])}`)
      .sort()
    expect(actual).toEqual(documented(entryPoint))
  })
})
