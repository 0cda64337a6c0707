#!/usr/bin/env node
// Bundles the fast path (dist/fast-path.js and what it runs) into dist/fast-path.bundle.cjs, which
// bin/run.js loads first (or removes it with --clean).
//
// Why: a cached `az account get-access-token` spent most of its time loading ES modules, each one
// resolved, read and compiled on its own (Node's loader reads every file with several asynchronous
// calls), and resolving ~50 of them made V8 optimise Node's path helpers, which costs memory too.
// One CommonJS file, required by a CommonJS bin/run.js, never starts the ES module loader at all:
// the fast path answers in about half the time it took as ES modules, with 5 MB less.
//
// What goes in: every static import of azx's own code, and the dynamic imports the fast path
// actually runs (FAST_PATH_MODULES). Every other dynamic import (MSAL sign-in, the HTTP client, the
// token cache's writer, zod, other output formats) stays a module of its own, loaded from its file
// if it is ever reached, so the bundle stays small: named by its path from the bundle, as the host
// is private and runs from this workspace. Third-party packages and Node's own are never bundled.
import {readFileSync, rmSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'

import {build} from 'esbuild'

const root = new URL('..', import.meta.url).pathname
const outfile = join(root, 'dist', 'fast-path.bundle.cjs')

/** The dynamically imported modules that the fast path runs, by path from the repository root. */
const FAST_PATH_MODULES = new Set([
  'plugins/account/dist/fast-path.js',
  'plugins/core/dist/clouds/service.js',
  'plugins/core/dist/fast-path/index.js',
  'plugins/core/dist/output/json.js',
  'plugins/core/dist/output/result-text.js',
  'plugins/core/dist/profile/service.js',
  'plugins/core/dist/registry/core-services.js',
  'plugins/core/dist/settings/index.js',
  // A service principal's entries, read before its cached token is taken.
  'plugins/core/dist/token-cache/plaintext-store.js',
])

/** The rule above as an esbuild plugin. */
const fastPathOnly = {
  name: 'fast-path-only',
  setup(bundler) {
    // The sources are ES modules that find files beside them with import.meta.url: in the bundle each
    // keeps its own file's URL (`new URL('../oclif.manifest.json', import.meta.url)` still works).
    bundler.onLoad({filter: /\.js$/}, (args) => {
      const contents = readFileSync(args.path, 'utf8')
      if (!contents.includes('import.meta.url')) return undefined
      const fromBundle = JSON.stringify(relative(dirname(outfile), args.path))
      return {contents: contents.replaceAll('import.meta.url', `fileUrl(${fromBundle})`), loader: 'js', resolveDir: dirname(args.path)}
    })

    bundler.onResolve({filter: /.*/}, async (args) => {
      if (args.pluginData?.resolving || args.kind === 'entry-point') return undefined
      const bare = !args.path.startsWith('.') && !args.path.startsWith('/')
      if (bare && !args.path.startsWith('@azx/')) return {external: true, path: args.path}
      if (args.kind !== 'dynamic-import') return undefined
      const resolved = await bundler.resolve(args.path, {kind: args.kind, pluginData: {resolving: true}, resolveDir: args.resolveDir})
      if (resolved.errors.length > 0) return {errors: resolved.errors}
      if (FAST_PATH_MODULES.has(relative(root, resolved.path))) return {path: resolved.path}
      // Left out: a bare name resolves from the bundle as from anywhere; a file is named from the bundle's folder.
      return {external: true, path: bare ? args.path : `./${relative(dirname(outfile), resolved.path)}`}
    })
  },
}

rmSync(outfile, {force: true})
if (!process.argv.includes('--clean')) {
  await build({
    bundle: true,
    banner: {js: "const fileUrl = (path) => require('node:url').pathToFileURL(require('node:path').join(__dirname, path)).href;"},
    entryPoints: [join(root, 'dist', 'fast-path.js')],
    format: 'cjs',
    logLevel: 'warning',
    outfile,
    platform: 'node',
    plugins: [fastPathOnly],
    target: 'node20',
  })
}
