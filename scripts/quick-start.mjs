#!/usr/bin/env node
// The quick start's build (see src/runner, src/command-index, src/plugin-bundles): dist/runner.cjs,
// which bin/run.js requires first; the host's command index (dist/command-index.json and the
// details beside it), from oclif's own configuration of the host; and the bundles of its plugins
// (dist/bundles). `--clean` removes them. `--root DIR` does it for the host staged in DIR
// (scripts/pack.mjs), where the plugins sit in DIR/node_modules.
import {rmSync} from 'node:fs'
import {join, resolve} from 'node:path'

const rootIndex = process.argv.indexOf('--root')
const root = rootIndex === -1 ? new URL('..', import.meta.url).pathname.replace(/\/$/, '') : resolve(process.argv[rootIndex + 1])

for (const file of ['runner.cjs', 'bundles', 'command-index.json', 'command-details.json']) rmSync(join(root, 'dist', file), {force: true, recursive: true})
if (!process.argv.includes('--clean')) {
  const {bundleModule, describeBundle} = await import(join(root, 'dist', 'plugin-bundles', 'bundle.js'))
  const {buildCommandIndex} = await import(join(root, 'dist', 'command-index', 'build.js'))
  await bundleModule(join(root, 'dist', 'runner', 'index.js'), join(root, 'dist', 'runner.cjs'))
  await buildCommandIndex(root, {
    hostOnly: true,
    onBundle: (result) => console.log(`bundled ${describeBundle(result, root)}`),
    onBundleFailure: (plugin, error) => {
      console.error(`${plugin} could not be bundled: ${error.message}`)
      process.exitCode = 1
    },
  })
}
