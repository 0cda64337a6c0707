/**
 * Which `config` files az reads, as knack's CLIConfig finds them.
 *
 * The global file is `config` in the config dir. Local files live in a directory named like the
 * config dir (`.azure` for `~/.azure`; `azure` for `AZURE_CONFIG_DIR=/tmp/azure`) in the working
 * directory or any directory above it. The search goes up to the root, and stops early at the
 * directory that holds the config dir itself. Nearer files win.
 *
 * az reads local files only for `--local` and for argument defaults (`[defaults]`), never for
 * settings such as `core.output`.
 */
import {statSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {CommandError} from '../errors/index.js'
import {log} from '../logger/index.js'
import {ConfigFile, configDir, configFile} from '../paths/index.js'

const DELETED_CWD = 'The working directory has been deleted or recreated. Local config is ignored.'

/** The global config file. */
export function globalConfigPath(env: NodeJS.ProcessEnv): string {
  return configFile(ConfigFile.config, env)
}

/** The local config files, nearest first, followed by the global one. */
export function configFileChain(env: NodeJS.ProcessEnv, cwd: () => string): string[] {
  const global = configDir(env)
  const chain: string[] = []
  let current = workingDirectory(cwd)
  while (current !== undefined) {
    const candidate = join(current, basename(global))
    if (resolve(candidate) === global) break
    if (isDirectory(candidate)) chain.push(join(candidate, ConfigFile.config))
    const parent = dirname(current)
    current = parent === current ? undefined : parent
  }

  chain.push(globalConfigPath(env))
  return chain
}

/** The file `az config set --local` writes: in the working directory, even when it does not exist yet. */
export function localConfigPath(env: NodeJS.ProcessEnv, cwd: () => string): string {
  const directory = workingDirectory(cwd)
  if (directory === undefined) {
    throw new CommandError('The working directory has been deleted or recreated.', {
      recommendations: ['Change to another directory and run the command again.'],
    })
  }

  return join(directory, basename(configDir(env)), ConfigFile.config)
}

function workingDirectory(cwd: () => string): string | undefined {
  try {
    return cwd()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    log().warning(DELETED_CWD)
    return undefined
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path, {throwIfNoEntry: false})?.isDirectory() ?? false
  } catch {
    // Like Python's os.path.isdir: a directory that cannot be examined is not used.
    return false
  }
}
