/**
 * Loads the files of a plugin's bundle (src/plugin-bundles) as CommonJS modules, each compiled with
 * a V8 code cache kept in oclif's cache dir: the first run of a command compiles its files and
 * stores what V8 compiled; later runs take the compiled code from there. A cache V8 refuses (another
 * Node, a changed file) is compiled again and replaced.
 *
 * The files require each other by relative path (`./shared/x.cjs`); those requires come here, so
 * every file of a bundle loads once, with its cache. Everything else is required as Node would
 * require it from the file.
 */
import {Buffer, isAscii} from 'node:buffer'
import {closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync} from 'node:fs'
import {createRequire, isBuiltin, Module} from 'node:module'
import {basename, dirname, join, resolve} from 'node:path'
import {constants, Script} from 'node:vm'

import {ENTRY_PREFIX} from '../plugin-bundles/manifest.js'

interface Pending {
  cacheFile: string
  script: Script
}

export class BundleLoader {
  private readonly modules = new Map<string, {exports: unknown}>()
  private readonly pending: Pending[] = []

  /** `cacheDir`: where the code caches go (a folder of their own). */
  constructor(private readonly cacheDir: string) {}

  /** The exports of a bundle file (absolute path) of the bundle in `root`. */
  require(file: string, root: string): unknown {
    const known = this.modules.get(file)
    if (known) return known.exports
    const fd = openSync(file, 'r')
    let bytes: Buffer
    let stamp: string
    try {
      const {mtimeMs, size} = fstatSync(fd)
      bytes = Buffer.allocUnsafe(size)
      for (let read = 0; read < size;) read += readSync(fd, bytes, read, size - read, read)
      stamp = `${Math.trunc(mtimeMs)}-${size}-${process.version}-${process.arch}`
    } finally {
      closeSync(fd)
    }

    // Bundles are ASCII (src/plugin-bundles): read as Latin-1 they need no decoding.
    const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')
    // Named by the file's path in its bundle's folder (string slicing: path helpers called a few hundred times get
    // optimised by V8, which costs more than it saves).
    const cacheFile = `${this.cacheDir}/${file.slice(dirname(root).length + 1).replaceAll('/', '+')}@${stamp}`
    let cachedData: Buffer | undefined
    try {
      cachedData = readFileSync(cacheFile)
    } catch {
      // Not compiled before.
    }

    const script = new Script(Module.wrap(source), {cachedData, filename: file, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER})
    if (cachedData === undefined || script.cachedDataRejected) this.remember({cacheFile, script})
    const module = {exports: {}, filename: file, id: file, loaded: false}
    this.modules.set(file, module)
    const folder = file.slice(0, file.lastIndexOf('/'))
    ;(script.runInThisContext() as (...args: unknown[]) => void).call(
      module.exports,
      module.exports,
      this.requireFor(folder, root),
      module,
      file,
      folder,
    )
    module.loaded = true
    return module.exports
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

  /** Stores the code caches of the files compiled in this run, when the process exits (with what ran compiled by then). */
  private remember(entry: Pending): void {
    if (this.pending.length === 0) process.once('exit', () => this.store())
    this.pending.push(entry)
  }

  private store(): void {
    try {
      mkdirSync(this.cacheDir, {recursive: true})
      const existing = readdirSync(this.cacheDir)
      for (const {cacheFile, script} of this.pending) {
        const temporary = `${cacheFile}.${process.pid}.tmp`
        writeFileSync(temporary, script.createCachedData())
        renameSync(temporary, cacheFile)
        // The cache of the file's previous version, another Node's, goes.
        const prefix = `${basename(cacheFile).split('@')[0]}@`
        for (const name of existing)
          if (name.startsWith(prefix) && name !== basename(cacheFile) && !name.endsWith('.tmp')) unlinkQuietly(join(this.cacheDir, name))
      }
    } catch {
      // A cache dir that cannot be written only means compiling again next time.
    }
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // Gone already (another process).
  }
}
