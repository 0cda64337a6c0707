import {promises as fs} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

/** Linux's limit on the symbolic links followed in one lookup (ELOOP past it). */
const MAX_LINKS = 40

/**
 * The file a write to `path` replaces: `path` itself, or, when `path` is a symbolic link (or a chain
 * of them, as dotfile managers make), the file at the end of the chain, which may not exist yet (a
 * dangling link: the write creates it, as the Python az's does). So a link stays a link and its
 * target gets the new content. A followed chain ends in a canonical path (its directory with every
 * link resolved), so two links to one file name it alike and lock it alike.
 */
export async function linkTarget(path: string): Promise<string> {
  let current = path
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let destination: string
    try {
      destination = await fs.readlink(current)
    } catch (error) {
      const {code} = error as NodeJS.ErrnoException
      // EINVAL: not a link; ENOENT/ENOTDIR: nothing there yet. The write itself reports the rest.
      if (code !== 'EINVAL' && code !== 'ENOENT' && code !== 'ENOTDIR') throw error
      return current === path ? path : canonical(current)
    }

    // Relative to the directory the link is in, as the kernel resolves it (`..` after a linked directory included).
    current = resolve(await fs.realpath(dirname(current)), destination)
  }

  throw Object.assign(new Error(`ELOOP: too many symbolic links encountered, readlink '${path}'`), {
    code: 'ELOOP',
    errno: -40,
    path,
    syscall: 'readlink',
  })
}

async function canonical(path: string): Promise<string> {
  try {
    return join(await fs.realpath(dirname(path)), basename(path))
  } catch {
    return path // its directory does not exist: the write says so
  }
}
