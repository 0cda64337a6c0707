#!/usr/bin/env node
// The quick start's build (see src/runner, src/command-index, src/plugin-bundles): dist/runner.cjs,
// which bin/run.js requires first; the host's command index (dist/command-index.json and the
// details beside it), from oclif's own configuration of the host; and the bundle of the host and its
// core plugins (dist/bundles/host). They name files by their place under the host's root, so
// `npm run pack` ships them as they are. `--clean` removes them.
import {rmSync} from 'node:fs'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '')

for (const file of ['runner.cjs', 'bundles', 'command-index.json', 'command-details.json'])
  rmSync(join(root, 'dist', file), {force: true, recursive: true})
if (!process.argv.includes('--clean')) {
  const {bundleModule, describeBundle} = await import('../dist/plugin-bundles/bundle.js')
  const {buildCommandIndex} = await import('../dist/command-index/build.js')
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
