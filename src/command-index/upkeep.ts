/**
 * The user's command index after `az plugins install|link|uninstall|update|reset`: made again at
 * once, with the bundles of the installed plugins, so the next command starts quickly and finds
 * the plugins as they now are. (The runner also finds an index older than the files it was built
 * from, and has it made again; this spares the next command that slower start.)
 */
import type {Config} from '@oclif/core'

import {buildCommandIndex} from './build.js'

/** Rebuilds the user's index for the host of `config`; a failure only costs the next command its quick start. */
export async function refreshCommandIndex(config: Pick<Config, 'root'>): Promise<void> {
  try {
    await buildCommandIndex(config.root, {
      hostOnly: false,
      onBundleFailure: (plugin, error) =>
        process.stderr.write(
          `WARNING: The commands of ${plugin} could not be bundled (${error.message.split('\n')[0]}); ` +
            'they start from their own files, more slowly.\n',
        ),
    })
  } catch (error) {
    process.stderr.write(`WARNING: The command index could not be made again (${(error as Error).message}); the next command makes it.\n`)
  }
}
