import {promises as fs} from 'node:fs'
import type {BigIntStats} from 'node:fs'

/** The signature of a file that does not exist. */
export const ABSENT = 'absent'

/**
 * What identifies one version of a file without reading it: inode, size and the nanosecond
 * modification and change times. An atomic replacement gives a new inode; a store that rewrites in
 * place (the keyring marker, DPAPI) changes the times. Comparing signatures costs one stat.
 */
function signatureOf(stat: BigIntStats): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`
}

/** The file's current signature, or {@link ABSENT}. */
export async function fileSignature(path: string): Promise<string> {
  try {
    return signatureOf(await fs.stat(path, {bigint: true}))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ABSENT
    throw error
  }
}

/** The text and signature of the same version of a file (read through one handle), or undefined when it does not exist. */
export async function readWithSignature(path: string): Promise<{signature: string; text: string} | undefined> {
  let handle
  try {
    handle = await fs.open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }

  try {
    const stat = await handle.stat({bigint: true})
    return {signature: signatureOf(stat), text: await handle.readFile('utf8')}
  } finally {
    await handle.close()
  }
}
