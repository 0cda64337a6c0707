#!/usr/bin/env node
// `npm run pack`: azx as one tarball that `npm install -g ./azx-VERSION.tgz` installs anywhere the
// public npm registry is reachable. Run after `npm run build` (the npm script does both).
//
//   node scripts/pack.mjs [--out DIR]    writes DIR/azx-<version>.tgz (default: the repository) and prints its path
//
// The workspace packages (@azx/core and the four plugins) are published nowhere, so they travel
// inside the tarball as bundled dependencies, each as npm would publish it (with its oclif
// manifest). Everything else comes from the registry at install time, as for any package: the
// public dependencies at the versions the workspace packages name, and the optional native ones
// (the encrypted token cache and the Windows broker) built or downloaded for the machine that
// installs them; a bundled package would never run its install script. The quick start's files
// (the runner, the command index, the host's bundle) go as the build made them: they name files by
// their place under the host's root, which node_modules/@azx/ keeps.
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve, sep} from 'node:path'

import {publishedFiles, readPackageJson, REPO, resolvePackage, runtimeFile, stagePublishedPackage, writeTarball} from './package-staging.mjs'

/** Host files not copied: the development entry point (it runs the TypeScript sources). */
const NOT_COPIED = new Set(['bin/dev.js'])

/** Dependencies of the host that are workspace packages of this repository, by name. */
function workspaceDependencies(host) {
  return Object.keys(host.dependencies).filter((name) => !realpathSync(resolvePackage(name, REPO)).includes(`${sep}node_modules${sep}`))
}

/**
 * Moves the registry dependencies of the bundled packages up to the host: npm counts every
 * dependency of a bundled package that sits beside it as part of the bundle, and would expect it
 * inside the tarball instead of fetching it. As the host's own, npm fetches them into the same
 * node_modules, where Node finds them from node_modules/@azx/*. Returns the host's manifest; the
 * bundled manifests are rewritten in `packageDir` to name only each other.
 */
function liftRegistryDependencies(host, bundled, packageDir) {
  const dependencies = {...host.dependencies}
  const optionalDependencies = {...host.optionalDependencies}
  for (const name of bundled) {
    const manifestPath = join(packageDir, 'node_modules', name, 'package.json')
    const {
      dependencies: own = {},
      devDependencies,
      optionalDependencies: optional = {},
      scripts,
      ...pkg
    } = JSON.parse(readFileSync(manifestPath, 'utf8'))
    for (const [dependency, version] of Object.entries({...own, ...optional})) {
      if (bundled.includes(dependency)) continue
      const lifted = dependency in optional ? optionalDependencies : dependencies
      const known = dependencies[dependency] ?? optionalDependencies[dependency]
      if (known && known !== version) throw new Error(`${name} needs ${dependency}@${version}, another package ${known}: align them before packing.`)
      lifted[dependency] = version
    }

    const internal = Object.fromEntries(Object.entries(own).filter(([dependency]) => bundled.includes(dependency)))
    writeFileSync(manifestPath, `${JSON.stringify({...pkg, dependencies: internal}, null, 2)}\n`)
  }

  Object.assign(optionalDependencies, scriptedDependencies(Object.keys(optionalDependencies)))
  const {allowScripts, devDependencies, files, scripts, workspaces, ...published} = host
  return {...published, dependencies: sorted(dependencies), optionalDependencies: sorted(optionalDependencies), bundleDependencies: bundled}
}

/**
 * The packages with an install script among the dependencies of `names`, at the versions installed
 * here. Why the host names them as optional dependencies of its own: in a global install npm
 * (11.19) loads the unpacked bundle as if the bundling package were the global root, which depends
 * on every package beside it (arborist's load-actual.js), so a failing install script below an
 * optional dependency (keytar's, with no prebuilt binary to download and no libsecret-1-dev to
 * build against) would fail the whole install instead of leaving the encrypted token cache out.
 */
function scriptedDependencies(names) {
  const found = {}
  const seen = new Set()
  const queue = names.map((name) => ({from: REPO, name}))
  while (queue.length > 0) {
    const {from, name} = queue.shift()
    const dir = realpathSync(resolvePackage(name, from))
    if (seen.has(dir)) continue
    seen.add(dir)
    const pkg = readPackageJson(dir)
    const scripted = ['preinstall', 'install', 'postinstall'].some((event) => pkg.scripts?.[event]) || existsSync(join(dir, 'binding.gyp'))
    if (scripted && !names.includes(name)) found[name] = pkg.version
    for (const dependency of Object.keys(pkg.dependencies ?? {})) queue.push({from: dir, name: dependency})
  }

  return found
}

function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}

const outIndex = process.argv.indexOf('--out')
const outDir = outIndex === -1 ? REPO : resolve(process.argv[outIndex + 1])
const host = readPackageJson(REPO)
const bundled = workspaceDependencies(host)
const stage = mkdtempSync(join(tmpdir(), 'azx-pack-'))
const packageDir = join(stage, 'package')
try {
  for (const file of publishedFiles(REPO).filter((path) => (runtimeFile(path) || path === 'README.md') && !NOT_COPIED.has(path))) {
    cpSync(join(REPO, file), join(packageDir, file), {recursive: true})
  }

  for (const name of bundled) stagePublishedPackage(resolvePackage(name, REPO), join(packageDir, 'node_modules', name))
  writeFileSync(join(packageDir, 'package.json'), `${JSON.stringify(liftRegistryDependencies(host, bundled, packageDir), null, 2)}\n`)
  mkdirSync(outDir, {recursive: true})
  const tarball = join(outDir, `${host.name}-${host.version}.tgz`)
  writeTarball(stage, tarball)
  console.log(tarball)
} finally {
  rmSync(stage, {force: true, recursive: true})
}
