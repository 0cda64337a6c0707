import {readFileSync} from 'node:fs'

/**
 * The file's text, or undefined when it does not exist. A synchronous read: the config dir's files
 * are small, and one blocking read is cheaper than node:fs/promises' open, stat, read and close
 * round trips (and its loading) for a command that starts, reads and exits.
 */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
