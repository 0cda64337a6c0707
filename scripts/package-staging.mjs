// Builds npm tarballs from this repository's packages without a registry: the files a package
// publishes, copies of the packages it bundles, and the tarball in npm's layout. scripts/pack.mjs
// (azx itself) and test/fixtures/plugin-group/build.mjs (the example plugin) use it.
import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, readFileSync, realpathSync} from 'node:fs'
import {dirname, join, relative, sep} from 'node:path'

export const REPO = realpathSync(new URL('..', import.meta.url).pathname)

/** The directory holding the package `name` as Node resolves it from `fromDir`. */
export function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (looked from ${fromDir})`)
  }
}

export function readPackageJson(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
}

/** Files of a package the way npm publishes them (its `files` list), for packages not from a registry. */
export function publishedFiles(dir) {
  const npmCli = join(REPO, 'node_modules', 'npm', 'bin', 'npm-cli.js')
  const output = execFileSync(process.execPath, [npmCli, 'pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return JSON.parse(output)[0].files.map((file) => file.path)
}

/**
 * Whether a file of a package is needed to run it. Type declarations, source maps, docs and
 * browser builds are left out: they are most of the files, and installing is slow per file.
 */
export function runtimeFile(path) {
  const parts = path.split(sep)
  if (parts.includes('node_modules')) return false
  if (parts[0] === 'dist' && (parts[1] === 'browser' || parts[1] === 'react-native')) return false
  return !/(\.[cm]?ts|\.map|\.md|\.markdown)$/i.test(path)
}

/** Copies what npm would publish of the package in `sourceDir` (runtime files only) to `targetDir`. */
export function stagePublishedPackage(sourceDir, targetDir) {
  for (const file of publishedFiles(sourceDir).filter((path) => runtimeFile(path)))
    cpSync(join(sourceDir, file), join(targetDir, file), {recursive: true})
}

/**
 * Copies the dependency tree of `names`, as installed in this repository, into
 * `packageDir/node_modules`, keeping the nesting Node resolution needs: a package found at
 * X/node_modules/name goes to staged(X)/node_modules/name. A workspace package (one outside
 * node_modules, such as @azx/core) is copied as npm would publish it.
 */
export function stageDependencies(packageDir, names) {
  const staged = new Map([[REPO, packageDir]])
  const copied = new Set()
  const queue = names.map((name) => ({from: REPO, name}))
  while (queue.length > 0) {
    const {from, name} = queue.shift()
    const found = resolvePackage(name, from)
    const owner = found.slice(0, found.lastIndexOf(`${sep}node_modules${sep}`))
    const target = join(staged.get(realpathSync(owner)) ?? packageDir, 'node_modules', name)
    const real = realpathSync(found)
    staged.set(real, target)
    if (copied.has(target)) continue
    copied.add(target)
    const pkg = readPackageJson(real)
    if (real.includes(`${sep}node_modules${sep}`)) {
      cpSync(real, target, {filter: (path) => runtimeFile(relative(real, path)), recursive: true})
    } else {
      stagePublishedPackage(real, target)
    }

    for (const dependency of Object.keys(pkg.dependencies ?? {})) queue.push({from: real, name: dependency})
  }
}

/**
 * Writes `stageDir/package` as an npm tarball (npm's layout: everything under `package/`). tar
 * does it: `npm pack` takes ten times as long on many files.
 */
export function writeTarball(stageDir, tarball) {
  execFileSync('tar', ['-czf', tarball, '-C', stageDir, 'package'], {stdio: ['ignore', 'ignore', 'inherit']})
}
