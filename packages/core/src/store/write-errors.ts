import {dirname} from 'node:path'

import {CommandError} from '../errors/index.js'
import {isSystemError, systemErrorReason, writeAdvice} from '../errors/system-errors.js'

/**
 * The step of a write that the file system refused: making the file's directory, creating a file in
 * it (the temporary file or the lock), writing its bytes, or putting it in place.
 */
type WriteStep = 'create-directory' | 'create-file' | 'write' | 'replace'

/**
 * The error for a file the store could not write: it names the file a user knows (never a
 * temporary name), what could not be done, and why, with what to do (exit 1). Errors that are not
 * the file system's pass through unchanged.
 */
export function cannotWrite(file: string, step: WriteStep, error: unknown, dir = dirname(file)): unknown {
  if (!isSystemError(error)) return error
  const reason = systemErrorReason(error)
  const what = {
    'create-directory': `cannot create the directory '${dir}': ${reason}`,
    'create-file': `cannot create a file in '${dir}': ${reason}`,
    replace: `cannot replace it: ${reason}`,
    write: reason,
  }[step]
  return new CommandError(`Could not write '${file}': ${what}.`, {cause: error, recommendations: [writeAdvice(error, dir)]})
}

/** Runs one step of a write, turning a refusal of the file system into {@link cannotWrite}'s error. */
export async function writeStep<T>(file: string, step: WriteStep, action: () => Promise<T>, dir?: string): Promise<T> {
  try {
    return await action()
  } catch (error) {
    throw cannotWrite(file, step, error, dir)
  }
}
