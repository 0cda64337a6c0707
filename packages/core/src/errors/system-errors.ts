/**
 * Node's file-system errors (`EROFS: read-only file system, open '…'`) in a user's words: what
 * failed, on which path, and why.
 */

/** A Node system error: an errno code, and usually the call and the path it failed on. */
interface SystemError extends Error {
  code: string
  path?: string
  syscall?: string
}

/**
 * True for an error of a system call: it carries an errno code such as `EACCES` and its number.
 * (Not `instanceof Error`: Node's own errors come from another realm under a test runner's VM.)
 */
export function isSystemError(error: unknown): error is SystemError {
  const {code, errno, message} = (error ?? {}) as Partial<SystemError> & {errno?: unknown}
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof errno === 'number' && typeof message === 'string'
}

/** Why a system call failed, as the OS says it, with its code: `read-only file system (EROFS)`. */
export function systemErrorReason(error: SystemError): string {
  // Node's message is `CODE: the OS's words, syscall 'path'`; the words are what a user can act on.
  const words = new RegExp(`^${error.code}: ([^,]+)`).exec(error.message)?.[1]
  return words ? `${words} (${error.code})` : error.code
}

/** What a user can do about a file that cannot be written, by the reason it cannot. */
export function writeAdvice(error: SystemError, dir: string): string {
  switch (error.code) {
    case 'EROFS': {
      return `'${dir}' is on a read-only file system: set AZURE_CONFIG_DIR to a directory you can write to, or make that file system writable.`
    }

    case 'EACCES':
    case 'EPERM': {
      return (
        `Check the owner and permissions of '${dir}' and its files (ls -l; ` +
        'lsattr shows an immutable one), or set AZURE_CONFIG_DIR to a directory you can write to.'
      )
    }

    case 'ENOSPC':
    case 'EDQUOT': {
      return `Free some space on the file system that holds '${dir}', then run the command again.`
    }

    default: {
      return `Check '${dir}', or set AZURE_CONFIG_DIR to a directory you can write to, then run the command again.`
    }
  }
}
