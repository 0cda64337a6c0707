// docs/commands.md: every command's usage, summary, flags and examples, as `az <command> --help`
// prints them, written by `oclif readme` between the page's `<!-- commands -->` markers. oclif
// reads the commands as the CLI does (the host and its bundled plugins, from their manifests).
import {execFile} from 'node:child_process'
import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'

/** The page `oclif readme` makes of `page` (its text outside the markers is kept as it is). */
export async function commandReference(root, page) {
  const dir = mkdtempSync(join(tmpdir(), 'azx-reference-'))
  const copy = join(dir, 'commands.md')
  try {
    copyFileSync(page, copy)
    const oclif = join(root, 'node_modules', 'oclif', 'bin', 'run.js')
    // A fixed width, so the page does not depend on the terminal it is made in; no update check.
    const env = {...process.env, COLUMNS: '120', OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}
    await promisify(execFile)(process.execPath, [oclif, 'readme', '--readme-path', copy, '--no-source-links', '--no-aliases'], {cwd: root, env})
    return readFileSync(copy, 'utf8')
  } finally {
    rmSync(dir, {force: true, recursive: true})
  }
}
