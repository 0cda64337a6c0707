// docs/commands.md: every command's usage, summary, flags and examples, as `az <command> --help`
// prints them, written by `oclif readme` between the page's `<!-- commands -->` markers. oclif
// reads the commands as the CLI does (the host and its bundled plugins, from their manifests).
import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {runOclif} from '../oclif-cli.mjs'

/** The page `oclif readme` makes of `page` (its text outside the markers is kept as it is). */
export async function commandReference(root, page) {
  const dir = mkdtempSync(join(tmpdir(), 'azx-reference-'))
  const copy = join(dir, 'commands.md')
  try {
    copyFileSync(page, copy)
    // A fixed width, so the page does not depend on the terminal it is made in.
    await runOclif(['readme', '--readme-path', copy, '--no-source-links', '--no-aliases'], {cwd: root, env: {COLUMNS: '120'}})
    return readFileSync(copy, 'utf8')
  } finally {
    rmSync(dir, {force: true, recursive: true})
  }
}
