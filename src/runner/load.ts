/**
 * Loads the files of a plugin's bundle (src/plugin-bundles) as CommonJS modules, each compiled with
 * a V8 code cache kept in oclif's cache dir: the first run of a command compiles its files and
 * stores what V8 compiled; later runs take the compiled code from there. A cache V8 refuses (another
 * Node, a changed file) is compiled again and replaced.
 *
 * A command loads some fifty such files, and reading each with its cache and handing it to V8 cost
 * more than running it. So the files a command loaded are kept together as its pack (usePack): one
 * script of the same modules, one file and one code cache, which later runs of the command take
 * their modules from. A pack holds the files of the bundles as they were when it was made; when a
 * bundle is made again (a build, a plugin installed or updated) the pack is left aside and made anew.
 *
 * The files require each other by relative path (`./shared/x.cjs`); those requires come here, so
 * every file of a bundle loads once, with its cache. Everything else is required as Node would
 * require it from the file.
 */
import {Buffer, isAscii} from 'node:buffer'
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import {createRequire, isBuiltin, Module} from 'node:module'
import {basename, dirname, join, resolve} from 'node:path'
import {constants, Script} from 'node:vm'

import {BUNDLE_MANIFEST, ENTRY_PREFIX} from '../plugin-bundles/manifest.js'

/** A file compiled in this run, whose code cache is stored at exit. */
interface Pending {
  cacheFile: string
  file: string
  script: Script
}

/** A module's code, as Node wraps a CommonJS file. */
type ModuleFunction = (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void

/** The first line of a pack: the bundles it was made from (their manifests' stamps) and its files, in order. */
interface PackHeader {
  bundles: Record<string, string>
  files: string[]
}

const PACK_HEADER = '//azx-pack '
const WRAPPER = '(function (exports, require, module, __filename, __dirname) { '

/** The pack in use: where it is kept, the modules it holds, and whether this run loaded files it lacks. */
interface PackState {
  file: string
  /** What the pack on disk holds, when it matches the bundles: its modules by file, and its files in order. */
  modules: Map<string, ModuleFunction>
  files: string[]
  /** Files this run loaded that the pack lacks, by their bundle's folder. */
  missing: Map<string, string>
}

export class BundleLoader {
  private readonly modules = new Map<string, {exports: unknown}>()
  private readonly pending: Pending[] = []
  private pack?: PackState
  private exitHooked = false

  /** `cacheDir`: where the code caches and packs go (a folder of their own). */
  constructor(private readonly cacheDir: string) {}

  /**
   * From now on, modules come from the pack named `name` (one per command), and the files loaded
   * that it lacks go into it at exit. Files loaded before stay out of it.
   */
  usePack(name: string): void {
    const file = `${this.cacheDir}/pack.${encodeURIComponent(name)}.js`
    this.pack = {file, files: [], missing: new Map(), modules: new Map()}
    this.hookExit()
    let read: {source: string; stamp: string}
    try {
      read = readBundleFile(file)
    } catch {
      return
    }

    const header = packHeader(read.source)
    if (!header || !Object.entries(header.bundles).every(([manifest, stamp]) => stampOf(manifest) === stamp)) return
    let functions: unknown
    try {
      functions = this.compile(file, read.source, `${basename(file)}@${read.stamp}`).runInThisContext()
    } catch {
      return
    }

    if (!Array.isArray(functions) || functions.length !== header.files.length) return
    for (const [position, path] of header.files.entries()) this.pack.modules.set(path, functions[position] as ModuleFunction)
    this.pack.files = header.files
  }

  /** The exports of a bundle file (absolute path) of the bundle in `root`. */
  require(file: string, root: string): unknown {
    const known = this.modules.get(file)
    if (known) return known.exports
    let run = this.pack?.modules.get(file)
    if (!run) {
      const {source, stamp} = readBundleFile(file)
      // Named by the file's path in its bundle's folder (string slicing: path helpers called a few hundred times get
      // optimised by V8, which costs more than it saves).
      const cacheName = `${file.slice(dirname(root).length + 1).replaceAll('/', '+')}@${stamp}`
      run = this.compile(file, Module.wrap(source), cacheName).runInThisContext() as ModuleFunction
      this.pack?.missing.set(file, root)
    }

    const module = {exports: {}, filename: file, id: file, loaded: false}
    this.modules.set(file, module)
    const folder = file.slice(0, file.lastIndexOf('/'))
    run.call(module.exports, module.exports, this.requireFor(folder, root), module, file, folder)
    module.loaded = true
    return module.exports
  }

  /**
   * A script of `source` with its code cache (`cacheName`: the file's name and stamp), if V8 takes
   * it; the cache is made at exit when it does not.
   */
  private compile(file: string, source: string, cacheName: string): Script {
    const cacheFile = `${this.cacheDir}/${cacheName}`
    let cachedData: Buffer | undefined
    try {
      cachedData = readFileSync(cacheFile)
    } catch {
      // Not compiled before.
    }

    const script = new Script(source, {cachedData, filename: file, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER})
    if (cachedData === undefined || script.cachedDataRejected) {
      this.hookExit()
      this.pending.push({cacheFile, file, script})
    }

    return script
  }

  /**
   * The `require` of the bundle files in `folder`: another file of the bundle comes from here; a
   * module of Node's from Node; anything else as Node requires it from the folder.
   */
  private requireFor(folder: string, root: string): NodeJS.Require {
    let nodeRequire: NodeJS.Require | undefined
    const outside = () => (nodeRequire ??= createRequire(`${folder}/`))
    const bundleRequire = (id: string): unknown => {
      if (id.startsWith('./') && id.endsWith('.cjs')) return this.require(`${folder}${id.slice(1)}`, root)
      if (id.startsWith('../') && id.endsWith('.cjs')) return this.require(resolve(folder, id), root)
      // A module of the bundle's @oclif/core: an entry of its own, whose default export is the module's exports.
      if (id.startsWith(ENTRY_PREFIX)) return (this.require(`${root}/${id.slice(ENTRY_PREFIX.length)}.cjs`, root) as {default: unknown}).default
      if (id.startsWith('node:') || isBuiltin(id)) return process.getBuiltinModule(id)
      return outside()(id)
    }

    for (const name of ['cache', 'extensions', 'main', 'resolve'] as const) Object.defineProperty(bundleRequire, name, {get: () => outside()[name]})
    return bundleRequire as NodeJS.Require
  }

  private hookExit(): void {
    if (this.exitHooked) return
    this.exitHooked = true
    process.once('exit', () => this.store())
  }

  /** At exit: the code caches of the files compiled in this run (with what ran compiled by then), and the pack if it lacked files. */
  private store(): void {
    try {
      mkdirSync(this.cacheDir, {recursive: true})
      const existing = readdirSync(this.cacheDir)
      const packed = this.pack && this.pack.missing.size > 0 ? this.writePack(this.pack) : undefined
      for (const {cacheFile, file, script} of this.pending) {
        // A pack made anew has another stamp, so the cache of the old one would be refused; and the files now in it load from it.
        if (packed?.has(file)) continue
        writeAtomically(cacheFile, script.createCachedData())
        // The cache of the file's previous version, another Node's, goes (the stamp follows the last '@': a plugin's
        // folder has one in its name).
        const own = basename(cacheFile)
        const prefix = own.slice(0, own.lastIndexOf('@') + 1)
        for (const name of existing) if (name.startsWith(prefix) && name !== own && !name.endsWith('.tmp')) unlinkQuietly(join(this.cacheDir, name))
      }
    } catch {
      // A cache dir that cannot be written only means compiling again next time.
    }
  }

  /**
   * The pack again: the files it held, then those this run loaded without it, with the stamps of
   * their bundles. Returns the files whose code now comes from it (the pack and the files it took in).
   */
  private writePack(pack: PackState): Set<string> | undefined {
    const files = [...pack.files, ...pack.missing.keys()]
    const bundles: Record<string, string> = {}
    for (const root of new Set([...pack.files.map(bundleOf), ...pack.missing.values()])) {
      const manifest = join(root, BUNDLE_MANIFEST)
      const stamp = stampOf(manifest)
      // A bundle gone since (made again meanwhile): the next run makes the pack.
      if (!stamp) return undefined
      bundles[manifest] = stamp
    }

    const header = `${PACK_HEADER}${JSON.stringify({bundles, files} satisfies PackHeader)}\n`
    const modules = files.map((file) => `${WRAPPER}${readBundleFile(file).source}\n})`)
    writeAtomically(pack.file, `${header}[\n${modules.join(',\n')}\n]\n`)
    return new Set([pack.file, ...pack.missing.keys()])
  }
}

/** A bundle file's text and its stamp (modification time, size, Node), which names its code cache. */
function readBundleFile(file: string): {source: string; stamp: string} {
  const fd = openSync(file, 'r')
  try {
    const {mtimeMs, size} = fstatSync(fd)
    const bytes = Buffer.allocUnsafe(size)
    for (let read = 0; read < size;) read += readSync(fd, bytes, read, size - read, read)
    // Bundles are ASCII (src/plugin-bundles): read as Latin-1 they need no decoding.
    const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
    return {source, stamp: `${Math.trunc(mtimeMs)}-${size}-${process.version}-${process.arch}`}
  } finally {
    closeSync(fd)
  }
}

/** The folder of the bundle a file of it is in (its own files, or those under shared/). */
function bundleOf(file: string): string {
  const folder = dirname(file)
  return basename(folder) === 'shared' ? dirname(folder) : folder
}

function packHeader(source: string): PackHeader | undefined {
  if (!source.startsWith(PACK_HEADER)) return undefined
  try {
    return JSON.parse(source.slice(PACK_HEADER.length, source.indexOf('\n'))) as PackHeader
  } catch {
    return undefined
  }
}

function stampOf(path: string): string | undefined {
  try {
    const {mtimeMs, size} = statSync(path)
    return `${Math.trunc(mtimeMs)}-${size}`
  } catch {
    return undefined
  }
}

function writeAtomically(path: string, data: string | Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, data)
  renameSync(temporary, path)
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // Gone already (another process).
  }
}
