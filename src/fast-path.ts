/**
 * The commands the host answers before oclif loads, by their oclif IDs (see @azx/core/fast-path):
 * its own `version` (and `--version`, which bin/run.js turns into `version --text`), and the hot
 * commands of its bundled plugins. Only bundled plugins take part: a user plugin is found by oclif,
 * which is what the fast path skips.
 *
 * bin/run.js loads this module as one CommonJS file, dist/fast-path.bundle.cjs
 * (scripts/bundle-fast-path.mjs), with its own copy of @azx/core's services.
 */
import type {FastCommands} from '@azx/core/fast-path'
import {forgetServices, registerHostServices} from '@azx/core/registry'

import {readVersionSource} from './plugin-inventory.js'
import {pythonAzReport} from './python-az/versions.js'
import {describeVersions, formatVersionText} from './version-report.js'

const ROOT = new URL('..', import.meta.url).pathname

const host = async (): Promise<FastCommands> => ({
  commands: {
    version: {
      async run(flags) {
        const source = readVersionSource(ROOT)
        if (!source) return undefined
        const report = describeVersions(source, await pythonAzReport(ROOT, source.dataDir))
        return flags.text ? {text: formatVersionText(report, source)} : {data: report}
      },
    },
  },
  manifest: new URL('../oclif.manifest.json', import.meta.url),
})

const account = async (): Promise<FastCommands> => (await import('@azx/plugin-account/fast-path')).fastCommands

const FAST_COMMANDS: Readonly<Record<string, () => Promise<FastCommands>>> = {
  'account:get-access-token': account,
  'account:show': account,
  version: host,
}

/** True when a fast command printed the answer to `argv` (the words after `az`); false when oclif must run it. */
export async function runFastCommand(argv: readonly string[]): Promise<boolean> {
  const words = argv[0] === 'version' ? 1 : 2
  const id = argv.slice(0, words).join(':')
  const load = FAST_COMMANDS[id]
  if (!load) return false
  await registerHostServices()
  const [{runFastPath}, fast] = await Promise.all([import('@azx/core/fast-path'), load()])
  const answered = await runFastPath(id, argv.slice(words), fast)
  if (!answered) forgetServices()
  return answered
}
