/**
 * The Python of Debian's azure-cli (its /usr/bin/az runs it), whose libraries (msal,
 * msal_extensions) the interoperability tests run. A module it cannot import fails the test with
 * the line that installs it: `npm test` installs azure-cli, so a missing one is a broken machine.
 */
import {spawnSync} from 'node:child_process'

export const PYTHON = '/usr/bin/python3'

/** Throws, saying how to install it, unless {@link PYTHON} imports `module`. */
export function requirePythonModule(module: string): void {
  if (spawnSync(PYTHON, ['-c', `import ${module}`], {stdio: 'ignore'}).status === 0) return
  throw new Error(`This test runs the Python az's ${module} with ${PYTHON}, which cannot import it. Install it: apt-get install -y azure-cli`)
}
