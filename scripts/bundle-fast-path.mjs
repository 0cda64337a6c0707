#!/usr/bin/env node
// Bundles the fast path (dist/fast-path.js and what it runs) into dist/fast-path.bundle.cjs, which
// bin/run.js loads first (or removes it with --clean). `--root DIR` bundles the host staged in DIR
// instead of this repository (scripts/pack.mjs: there the plugins are in DIR/node_modules).
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
// if it is ever reached, so the bundle stays small: named by its path from the bundle, which is
// where the plugins are both in this workspace (plugins/…) and in the installed tarball
// (node_modules/@azx/…). Third-party packages and Node's own are never bundled.
import {existsSync, readFileSync, rmSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'

import {build} from 'esbuild'

const rootIndex = process.argv.indexOf('--root')
const root = rootIndex === -1 ? new URL('..', import.meta.url).pathname : resolve(process.argv[rootIndex + 1])
const outfile = join(root, 'dist', 'fast-path.bundle.cjs')

/** The dynamically imported modules that the fast path runs, by package and path in the package. */
const FAST_PATH_MODULES = new Set([
  '@azx/plugin-account/dist/fast-path.js',
  '@azx/core/dist/clouds/service.js',
  '@azx/core/dist/fast-path/index.js',
  '@azx/core/dist/output/json.js',
  '@azx/core/dist/output/result-text.js',
  // The registry keys its instances by the config dir.
  '@azx/core/dist/paths/index.js',
  '@azx/core/dist/profile/service.js',
  '@azx/core/dist/registry/core-services.js',
  '@azx/core/dist/settings/index.js',
  // A service principal's entries, read before its cached token is taken.
  '@azx/core/dist/token-cache/plaintext-store.js',
])

/** A file as `<package name>/<path in the package>`, whichever folder the package is in. */
function packageFile(path) {
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) return `${JSON.parse(readFileSync(manifest, 'utf8')).name}/${relative(dir, path)}`
  }

  return path
}

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
      if (FAST_PATH_MODULES.has(packageFile(resolved.path))) return {path: resolved.path}
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
