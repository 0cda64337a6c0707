// The cost of an installed third-party plugin: azx commands without and with the example plugin
// (test/fixtures/plugin-group, with its oclif manifest) installed by `az plugins install` into a
// temporary data dir, the two taken in turn. Both commands start through the runner, from the
// command index (src/runner): with the plugin the index is the user's, in the cache dir, and lists
// its commands; no module of the plugin is read. (Before the runner, `config get` ran through
// oclif's start, which read the plugin's package.json and manifest on every run.)
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'

import {BIN, Cli, ROOT} from './clis.mjs'
import {interleave, run, runChecked} from './processes.mjs'
import {summarize} from './stats.mjs'

export const PLUGIN_COMMANDS = [['--version'], ['config', 'get']]

/** Per command of PLUGIN_COMMANDS: {command, without, with (summaries), pairedDifference (ms)}. */
export async function measurePluginCost(tempRoot, {runs, warmups}) {
  const packDir = join(ROOT, '.bench')
  const {tarball} = JSON.parse(
    execFileSync(process.execPath, [join(ROOT, 'test', 'fixtures', 'plugin-group', 'build.mjs'), '--pack', packDir], {encoding: 'utf8'}),
  )
  const without = new Cli({name: 'no-plugin', prefix: [process.execPath, BIN], tempRoot})
  const withPlugin = new Cli({name: 'plugin-group', prefix: [process.execPath, BIN], tempRoot})
  // No registry needed (the tarball bundles its dependencies); npm's cache stays in the sandbox.
  const offline = {npm_config_cache: join(withPlugin.root, 'npm-cache'), npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9'}
  await runChecked(withPlugin.argv(['plugins', 'install', tarball]), {
    ...withPlugin.options(),
    env: {...withPlugin.options().env, ...offline},
    timeoutMs: 300_000,
  })

  const results = []
  for (const args of PLUGIN_COMMANDS) {
    const values = await interleave(
      [without, withPlugin].map((cli) => ({name: cli.name, cli})),
      {runs, warmups},
      async ({cli}) => {
        const result = await run(cli.argv(args), cli.options())
        if (result.code !== 0) throw new Error(`az ${args.join(' ')} (${cli.name}) exited with ${result.code}: ${result.stderr}`)
        return result.ms
      },
    )
    // Each round ran the two back to back: the median of their differences shrugs off slow drifts in load.
    const differences = values['plugin-group'].map((ms, i) => ms - values['no-plugin'][i])
    results.push({
      command: `az ${args.join(' ')}`,
      without: summarize(values['no-plugin']),
      with: summarize(values['plugin-group']),
      pairedDifference: summarize(differences).median,
    })
  }

  return results
}
