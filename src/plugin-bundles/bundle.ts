/**
 * A plugin's commands bundled for the quick start (src/runner): what each command imports (its
 * plugin's modules, its copy of @azx/core and @oclif/core, the packages it loads) in a few CommonJS
 * files the runner reads and compiles with a V8 code cache, instead of resolving, reading and
 * compiling a hundred modules one by one, which was most of a command's start-up.
 *
 * esbuild splits the code: one file per command with what it imports statically, shared files for
 * what several commands import, and a file per dynamically imported part (MSAL's wrappers, JMESPath, an
 * Azure SDK client), read only when the import runs. Every module is in exactly one file, so a
 * module's state is shared by all who import it, as when Node loads the modules themselves.
 *
 * The files hold the same code the command imports, from the same files, with rewrites that keep
 * it behaving the same:
 *
 * - `import.meta.url`, `__dirname` and `__filename` name the module's own file, not the bundle, so
 *   a module finds the files beside it (a manifest, MSAL through `createRequire`) where they are.
 * - @oclif/core's modules require every other module at their top (command.js loads the plugin
 *   loader, the help renderer, the spinners…). Each of its modules is a file of its own here, and
 *   those requires load and run it on first use (`__azxLazy`), so a command that parses its flags
 *   and prints reads only that part of oclif.
 * - `typeof FormData !== "undefined" && body instanceof FormData`, which the Azure SDK's HTTP
 *   pipeline asks of every request, looks at the body first: reading Node's `FormData` global loads
 *   its whole fetch implementation (undici), about 20 ms of a plugin command's first request, to
 *   learn that a GET without a body is not a form. A value that is not an object is never an
 *   instance, so the answer is the same.
 * - A package that cannot be bundled stays outside and is required from where it is: Node's own
 *   modules, packages with native code, TypeScript (oclif's development mode) and what esbuild
 *   cannot resolve (an optional dependency that is not installed). Files that move with their
 *   package (the host's own, in dist/) name it by package name; files kept elsewhere (a user
 *   plugin's, in the cache dir) by the path it has now.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {builtinModules, createRequire} from 'node:module'
import {basename, dirname, join, relative, resolve, sep} from 'node:path'
import {pathToFileURL} from 'node:url'

import type {Metafile, Plugin as EsbuildPlugin} from 'esbuild'

import {BUNDLE_MANIFEST, ENTRY_PREFIX} from './manifest.js'
import type {BundleManifest} from './manifest.js'

export {BUNDLE_MANIFEST} from './manifest.js'
export type {BundleManifest} from './manifest.js'

export interface BundleRequest {
  /** The folder esbuild works from (the host's, or the plugin's). */
  root: string
  /** The plugins whose commands go in, by name: their folders (each resolves its own @oclif/core). */
  plugins: Record<string, string>
  /** Each command's module, by oclif ID (for a plugin whose commands one module lists, that module). */
  commands: Record<string, string>
  /** Extra modules to bundle, by name. */
  modules?: Record<string, string>
  /** The folder the files go to; it is replaced as a whole. */
  outdir: string
  /** How packages left out are required: see the module comment. */
  externals: 'by-name' | 'by-path'
}

export interface BundleResult {
  outdir: string
  /** Bytes of all files. */
  bytes: number
  files: number
  /** Packages left out, by name. */
  external: string[]
  /** Bytes by package (a workspace folder by its path), largest first. */
  packages: [string, number][]
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)])

/** Packages only a development set-up loads (oclif reads a plugin's tsconfig.json with TypeScript to run its sources). */
const DEVELOPMENT_ONLY = new Set(['ts-node', 'tsx', 'typescript'])

/** A check whether a value is a form, in the Azure SDK's HTTP runtime (see the module comment). */
const FORM_DATA_CHECK = /typeof FormData !== "undefined" && (\w+) instanceof FormData/g

/** oclif's compiled modules: `const x_1 = require("y");`, possibly through `__importDefault`/`__importStar`, at the top level. */
const TOP_LEVEL_REQUIRE = /^(const|var) (\w+) = ((?:__importDefault|__importStar)\()?require\(("[^"\n]+")\)(\)?);$/gm

/**
 * At the top of every file: `__azxLazy(load)`, a module's exports, required on first use (property
 * read, call, `new`, `in`, key listing); `__azxToESM(exports)`, a CommonJS module as `import()`
 * hands it over (Node's own modules: its exports, and itself as `default`).
 */
const LAZY_RUNTIME = [
  'var __azxToESM = (m) => (m && m.__esModule ? m : Object.assign(Object.create(null), m, {default: m}));',
  'var __azxLazy = (load) => { let m; const get = () => (m ??= load()); return new Proxy(function () {}, {',
  'get: (_, k) => Reflect.get(get(), k), has: (_, k) => k in get(), ownKeys: () => Reflect.ownKeys(get()),',
  'getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(get(), k); if (d) d.configurable = true; return d },',
  'getPrototypeOf: () => Reflect.getPrototypeOf(get()), set: (_, k, v) => Reflect.set(get(), k, v),',
  'apply: (_, t, a) => Reflect.apply(get(), t, a), construct: (_, a, n) => Reflect.construct(get(), a, n)}) };',
].join(' ')

/**
 * In a bundle that moves with its host (by-name), where a bundled module's own file is now:
 * `__azxFile(chain, path)`. The chain names the module's package as Node finds it from the host's
 * root: a folder under the root (`.`, `node_modules/@azx/core`), then the packages resolved from
 * there in turn (`open` as @azx/core resolves it), so it holds in this repository, where a workspace
 * package keeps its own node_modules, and in an installed azx, where npm may have moved them up.
 * Real paths, as Node gives ES modules.
 */
function locateRuntime(request: Pick<BundleRequest, 'outdir' | 'root'>): string {
  const toRoot = JSON.stringify(relative(request.outdir, request.root))
  return [
    'var __azxFolder = (chain) => { const folders = (globalThis[Symbol.for("azx.bundle.folders")] ??= new Map()), ' +
      'bundle = __dirname.endsWith("/shared") ? __dirname.slice(0, -7) : __dirname, key = bundle + "|" + chain.join("|");',
    'let dir = folders.get(key); if (dir) return dir; const fs = require("node:fs"), ' +
      `path = require("node:path"); dir = fs.realpathSync(path.join(bundle, ${toRoot}, chain[0]));`,
    'for (const name of chain.slice(1)) { let at = dir; while (!fs.existsSync(path.join(at, ' +
      '"node_modules", name, "package.json")) && path.dirname(at) !== at) at = path.dirname(at);',
    'dir = fs.realpathSync(path.join(at, "node_modules", name)) } folders.set(key, dir); return dir };',
    'var __azxFile = (chain, file) => require("node:path").join(__azxFolder(chain), file);',
    'var __azxFileUrl = (chain, file) => require("node:url").pathToFileURL(__azxFile(chain, file)).href;',
  ].join(' ')
}

/** Expressions for a bundled module's own file, folder and file URL, as code in the bundle finds them. */
function located(request: Pick<BundleRequest, 'externals' | 'root'>, file: string): {dir: string; file: string; url: string} {
  if (request.externals === 'by-path')
    return {dir: JSON.stringify(dirname(file)), file: JSON.stringify(file), url: JSON.stringify(pathToFileURL(file).href)}
  const pkg = packageFolder(file)
  const chain = JSON.stringify(packageChain(request.root, pkg.dir))
  const inPackage = (path: string) => JSON.stringify(relative(pkg.dir, path))
  return {
    dir: `__azxFile(${chain}, ${inPackage(dirname(file))})`,
    file: `__azxFile(${chain}, ${inPackage(file)})`,
    url: `__azxFileUrl(${chain}, ${inPackage(file)})`,
  }
}

/** The package a file belongs to: its folder and name. */
function packageFolder(file: string): {dir: string; name: string} {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (!existsSync(manifest)) continue
    const {name} = JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}
    // A package.json without a name marks a folder inside a package (its module type), not the package.
    if (name) return {dir, name}
  }

  return {dir: dirname(file), name: ''}
}

/**
 * How a package folder is found from the host's root (see locateRuntime): the root itself; a
 * package of this repository's workspace (outside any node_modules) as node_modules/<name>, where
 * the host resolves it; a package in node_modules by its name, resolved from the package whose
 * node_modules holds it.
 */
function packageChain(root: string, dir: string): string[] {
  if (dir === root) return ['.']
  const at = dir.lastIndexOf(`${sep}node_modules${sep}`)
  if (at === -1) return [join('node_modules', packageFolder(join(dir, 'package.json')).name)]
  const holder = dir.slice(0, at)
  const name = dir.slice(at + '/node_modules/'.length)
  return holder === root ? [join('node_modules', name)] : [...packageChain(root, holder), name]
}

/** Bundles the plugin's commands into `request.outdir`; throws when esbuild cannot. */
export async function bundlePlugin(request: BundleRequest): Promise<BundleResult> {
  const {build, transform} = await import('esbuild')
  const external = new Set<string>()
  const staging = `${request.outdir}.${process.pid}.tmp`
  rmSync(staging, {force: true, recursive: true})
  const oclif = oclifCopies(request.plugins)
  const entries = entryPoints(request, oclif)
  const result = await build({
    absWorkingDir: request.root,
    banner: {js: request.externals === 'by-name' ? `${LAZY_RUNTIME}\n${locateRuntime(request)}` : LAZY_RUNTIME},
    bundle: true,
    charset: 'ascii',
    chunkNames: 'shared/[name]-[hash]',
    entryNames: '[name]',
    entryPoints: entries.map(({file, name}) => ({in: file, out: name})),
    format: 'esm',
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    minifyWhitespace: true,
    outdir: staging,
    platform: 'node',
    plugins: [bundleRules(request, external, oclif)],
    splitting: true,
    target: 'node20',
    write: false,
  })

  // Node loads CommonJS without its ES module loader, and the runner compiles it with a code cache.
  let bytes = 0
  const outputs = result.outputFiles!
  const outputPaths = new Set(outputs.map((output) => output.path))
  mkdirSync(staging, {recursive: true})
  for (const output of outputs) {
    const {code} = await transform(output.text, {
      charset: 'ascii',
      format: 'cjs',
      minifyWhitespace: true,
      platform: 'node',
      target: 'node20',
    })
    // The files' references to each other, and nothing else, get the new extension; a dynamic import
    // of one becomes a require (Node's import() of a file would start its ES module loader). A
    // computed import() (oclif loading a plugin's module by path) stays one.
    const own = (path: string) => outputPaths.has(resolve(dirname(output.path), path))
    const text = asciiOnly(
      code
        .replaceAll(/\bimport\((["'])([^"'\n]+)\1\)/g, (all, quote, path: string) => {
          const quoted = `${quote}${path}${quote}`
          if (path.startsWith('.') && own(path)) return `Promise.resolve().then(() => require(${quoted}))`
          if (path.startsWith(ENTRY_PREFIX)) return `Promise.resolve().then(() => require(${quoted}))`
          return BUILTINS.has(path) ? `Promise.resolve().then(() => __azxToESM(require(${quoted})))` : all
        })
        .replaceAll(/(["'])(\.\.?\/[\w./@+-]*\.js)\1/g, (all, quote, path) => (own(path) ? `${quote}${path.replace(/\.js$/, '.cjs')}${quote}` : all)),
    )
    const path = join(staging, relative(staging, output.path)).replace(/\.js$/, '.cjs')
    mkdirSync(dirname(path), {recursive: true})
    writeFileSync(path, text)
    bytes += text.length
  }

  const fileOf = new Map(entries.map(({file, name}) => [file, `${name}.cjs`]))
  const manifest: BundleManifest = {
    commands: Object.fromEntries(Object.entries(request.commands).map(([id, file]) => [id, fileOf.get(file)!])),
    modules: Object.fromEntries(Object.entries(request.modules ?? {}).map(([name, file]) => [name, fileOf.get(file)!])),
    oclifCaches: Object.fromEntries(
      Object.entries(request.plugins).flatMap(([plugin, root]) => {
        const copy = oclif.find((candidate) => candidate.root === oclifRoot(root))
        return copy ? [[plugin, `${oclifEntry(copy, join(copy.root, 'lib', 'cache.js'))}.cjs`]] : []
      }),
    ),
  }
  writeFileSync(join(staging, BUNDLE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
  rmSync(request.outdir, {force: true, recursive: true})
  mkdirSync(dirname(request.outdir), {recursive: true})
  renameSync(staging, request.outdir)
  return {bytes, external: [...external].sort(), files: outputs.length, outdir: request.outdir, packages: packageSizes(result.metafile!)}
}

/**
 * One module and what it imports as a single CommonJS file, by the same rules: the runner itself
 * (dist/runner.cjs), which bin/run.js requires before any bundle can be loaded with a code cache.
 * Packages left out are required by name.
 */
export async function bundleModule(entry: string, outfile: string): Promise<void> {
  const {build} = await import('esbuild')
  await build({
    banner: {js: LAZY_RUNTIME},
    bundle: true,
    charset: 'ascii',
    entryPoints: [entry],
    format: 'cjs',
    legalComments: 'none',
    logLevel: 'warning',
    minifyWhitespace: true,
    outfile,
    platform: 'node',
    plugins: [bundleRules({externals: 'by-path', outdir: dirname(outfile), root: dirname(outfile)}, new Set(), [])],
    target: 'node20',
  })
  writeFileSync(outfile, asciiOnly(readFileSync(outfile, 'utf8')))
}

/** A file name for an entry: `command.account__get-access-token`. */
function entryName(kind: 'command' | 'module', name: string): string {
  return `${kind}.${name.replaceAll(':', '__').replaceAll(/[^\w.-]/g, '_')}`
}

/** One entry per file (the commands of a plugin whose commands one module lists share one), and one per module of @oclif/core. */
function entryPoints(request: BundleRequest, oclif: OclifCopy[]): {file: string; name: string}[] {
  const entries = new Map<string, string>()
  for (const [id, file] of Object.entries(request.commands)) if (!entries.has(file)) entries.set(file, entryName('command', id))
  for (const [name, file] of Object.entries(request.modules ?? {})) if (!entries.has(file)) entries.set(file, entryName('module', name))
  for (const copy of oclif) for (const file of copy.modules) entries.set(join(copy.root, file), oclifEntry(copy, join(copy.root, file)))
  return [...entries].map(([file, name]) => ({file, name}))
}

/** A copy of @oclif/core the bundle's plugins use: its folder, its modules (lib/…/*.js) and its name in the bundle. */
interface OclifCopy {
  root: string
  modules: string[]
  name: string
}

/** The copies of @oclif/core the plugins resolve (usually one). */
function oclifCopies(plugins: Record<string, string>): OclifCopy[] {
  const copies = new Map<string, OclifCopy>()
  for (const root of Object.values(plugins)) {
    const copy = oclifRoot(root)
    if (!copy || copies.has(copy)) continue
    const modules = (readdirSync(join(copy, 'lib'), {recursive: true}) as string[])
      .filter((file) => file.endsWith('.js'))
      .map((file) => join('lib', file))
    copies.set(copy, {modules, name: `oclif-core.${copies.size}`, root: copy})
  }

  return [...copies.values()]
}

/** The folder of the @oclif/core a plugin resolves, or undefined when it has none. */
function oclifRoot(root: string): string | undefined {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('@oclif/core/package.json'))
  } catch {
    return undefined
  }
}

/** The entry (and file, without `.cjs`) of a module of a copy of @oclif/core: `oclif-core.0.lib.command`. */
function oclifEntry(copy: OclifCopy, file: string): string {
  return `${copy.name}.${relative(copy.root, file).replace(/\.js$/, '').replaceAll(sep, '.')}`
}

/** The rules of the module comment as an esbuild plugin; packages left out are added to `external`. */
function bundleRules(request: Pick<BundleRequest, 'externals' | 'outdir' | 'root'>, external: Set<string>, oclif: OclifCopy[]): EsbuildPlugin {
  /** A module of a copy of @oclif/core is its own file, named for the runner's loader. */
  const oclifModule = (path: string) => {
    const copy = oclif.find((candidate) => path.startsWith(`${candidate.root}${sep}lib${sep}`) && path.endsWith('.js'))
    return copy ? {external: true, path: `${ENTRY_PREFIX}${oclifEntry(copy, path)}`} : undefined
  }

  return {
    name: 'azx-plugin-bundle',
    setup(bundler) {
      bundler.onResolve({filter: /.*/}, async (args) => {
        if (args.pluginData?.resolving || args.kind === 'entry-point') return undefined
        if (BUILTINS.has(args.path)) return {external: true, path: args.path}
        const bare = !args.path.startsWith('.') && !args.path.startsWith('/')
        const name = bare ? packageName(args.path) : undefined
        if (name && DEVELOPMENT_ONLY.has(name)) {
          external.add(name)
          return {external: true, path: args.path}
        }

        const resolved = await bundler.resolve(args.path, {kind: args.kind, pluginData: {resolving: true}, resolveDir: args.resolveDir})
        if (resolved.errors.length === 0) {
          const own = oclifModule(resolved.path)
          if (own) return own
          if (!bare || !hasNativeCode(resolved.path)) return {path: resolved.path}
        }

        if (!name) return {errors: resolved.errors}
        external.add(name)
        return {external: true, path: request.externals === 'by-path' && resolved.errors.length === 0 ? resolved.path : args.path}
      })

      bundler.onLoad({filter: /\.(c|m)?js$/}, (args) => {
        const original = readFileSync(args.path, 'utf8')
        let contents = original
        if (args.path.includes(`${sep}@oclif${sep}core${sep}lib${sep}`)) {
          contents = contents.replace(
            TOP_LEVEL_REQUIRE,
            (_line, keyword, name, wrapper, specifier, close) =>
              `${keyword} ${name} = __azxLazy(() => ${wrapper ?? ''}require(${specifier})${close});`,
          )
        }

        contents = contents.replaceAll(
          FORM_DATA_CHECK,
          (_check, value: string) =>
            `${value} !== null && typeof ${value} === "object" && typeof FormData !== "undefined" && ${value} instanceof FormData`,
        )
        const where = located(request, args.path)
        if (contents.includes('import.meta.url')) contents = contents.replaceAll('import.meta.url', where.url)
        for (const [name, value] of [
          ['__dirname', where.dir],
          ['__filename', where.file],
        ]) {
          // CommonJS modules use them free; an ES module that wants them declares its own.
          if (new RegExp(`\\b${name}\\b`).test(contents) && !new RegExp(`\\b(const|let|var)\\s+${name}\\b`).test(contents)) {
            contents = `var ${name} = ${value};\n${contents}`
          }
        }

        return contents === original ? undefined : {contents, loader: 'js', resolveDir: dirname(args.path)}
      })
    },
  }
}

/**
 * Escapes what esbuild leaves outside ASCII (raw characters in a few regular expressions): the
 * runner then reads a file as Latin-1, a copy, instead of decoding UTF-8 into a string twice the
 * size. `\uXXXX` means the same character in strings, templates and regular expressions.
 */
function asciiOnly(text: string): string {
  return text.replaceAll(/[^\u0000-\u007F]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** `@scope/name` or `name` of an import specifier. */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

const nativeCache = new Map<string, boolean>()

/** True when the file belongs to a package with native code (a `binding.gyp` or `gypfile`), which must load from where it is. */
function hasNativeCode(file: string): boolean {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (!existsSync(manifest)) continue
    let native = nativeCache.get(dir)
    if (native === undefined) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {gypfile?: boolean; name?: string}
      // A package.json without a name marks a folder inside a package (its module type), not the package.
      if (!pkg.name) continue
      native = pkg.gypfile === true || existsSync(join(dir, 'binding.gyp'))
      nativeCache.set(dir, native)
    }

    return native
  }

  return false
}

function packageSizes(metafile: Metafile): [string, number][] {
  const sizes = new Map<string, number>()
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, {bytesInOutput}] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/')
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput)
    }
  }

  return [...sizes].sort((a, b) => b[1] - a[1])
}

/** One line about a bundle, for the build's output. */
export function describeBundle(result: BundleResult, from: string): string {
  const left = result.external.length > 0 ? `; left out: ${result.external.join(', ')}` : ''
  return `${relative(from, result.outdir) || basename(result.outdir)}: ${result.files} files, ${Math.round(result.bytes / 1024)} KiB${left}`
}
