#!/usr/bin/env node
// Regenerates the golden texts of the output tests from the Python libraries az uses (knack,
// PyYAML, tabulate, Pygments, jmespath and Python itself, under Debian's /usr/bin/python3 as the
// azure-cli package installs them), so nobody writes them by hand.
//
//   node scripts/output-goldens.mjs          rewrite packages/core/src/output/goldens/expected.json
//   node scripts/output-goldens.mjs --check  change nothing; exit 1 and list every golden that is
//                                            missing, stale or not what the libraries give
//
// The cases are the modules in packages/core/src/output/goldens (one per test file, see golden.ts);
// test/parity/originals.py renders them. Add a case there, run this, and read the diff of
// expected.json: it is what az prints. The parity tests (test/parity/goldens.test.ts) run the check.
import {readFileSync, writeFileSync} from 'node:fs'

import {tsImport} from 'tsx/esm/api'

const check = process.argv.includes('--check')
const expectedFile = new URL('../packages/core/src/output/goldens/expected.json', import.meta.url)
const {Originals} = await tsImport('../test/parity/originals.ts', import.meta.url)
const {libraryGoldens} = await tsImport('../test/parity/goldens.ts', import.meta.url)

const originals = await Originals.start()
let generated
try {
  generated = await libraryGoldens(originals)
} finally {
  originals.close()
}

if (!check) {
  writeFileSync(expectedFile, `${JSON.stringify(generated, null, 2)}\n`)
  const count = Object.values(generated).reduce((sum, group) => sum + Object.keys(group).length, 0)
  console.log(`Wrote ${expectedFile.pathname}: ${count} goldens.`)
  process.exit(0)
}

let current = {}
try {
  current = JSON.parse(readFileSync(expectedFile, 'utf8'))
} catch {
  // none yet: every golden is missing
}

const problems = []
for (const [group, answers] of Object.entries(generated)) {
  for (const [name, answer] of Object.entries(answers)) {
    const have = current[group]?.[name]
    if (have === undefined) problems.push(`missing: ${group} › ${name}`)
    else if (JSON.stringify(have) !== JSON.stringify(answer)) {
      problems.push(`differs: ${group} › ${name}\n  expected.json: ${JSON.stringify(have)}\n  the libraries: ${JSON.stringify(answer)}`)
    }
  }
}

for (const [group, answers] of Object.entries(current)) {
  for (const name of Object.keys(answers)) if (generated[group]?.[name] === undefined) problems.push(`stale (no such case): ${group} › ${name}`)
}

if (problems.length > 0) {
  console.error(`${problems.join('\n')}\n${problems.length} golden(s) out of date: run node scripts/output-goldens.mjs`)
  process.exit(1)
}

console.log('expected.json holds what the Python libraries give for every golden case.')
