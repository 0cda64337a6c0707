#!/usr/bin/env node
// The command surface, pinned: what commands and flags azx ships, how they differ from the Python
// az's, and the command reference. All of it is read from the oclif manifests `npm run build` writes.
//
//   update     writes command-snapshot.json and docs/commands.md        (npm run snapshot:update)
//   update-az  writes command-snapshot.az.json from the Python az       (npm run snapshot:az)
//   check      fails, saying what changed and what to run, when one of the checked-in files is not
//              what the built CLI gives, or when azx differs from az in a way
//              command-snapshot.az-differences.json does not record (or records a difference that
//              is gone). --snapshot, --az-snapshot, --differences and --reference read other files.
//   check-az   fails when command-snapshot.az.json is not what the Python az gives
//
// The Python az is Debian's (its Python, /usr/bin/python3; --python names another).
import {readFileSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {parseArgs} from 'node:util'

import {azDifferences, reconcile} from './command-surface/az-differences.mjs'
import {azSurface, DEBIAN_AZ_PYTHON} from './command-surface/az-surface.mjs'
import {azxSurface} from './command-surface/azx-surface.mjs'
import {formatSurface, oneLine, surfaceChanges} from './command-surface/layout.mjs'
import {commandReference} from './command-surface/reference.mjs'

const root = new URL('..', import.meta.url).pathname
const UPDATE = 'npm run snapshot:update'
const UPDATE_AZ = 'npm run snapshot:az'

const {positionals, values} = parseArgs({
  allowPositionals: true,
  options: {
    'az-snapshot': {default: join(root, 'command-snapshot.az.json'), type: 'string'},
    differences: {default: join(root, 'command-snapshot.az-differences.json'), type: 'string'},
    python: {default: DEBIAN_AZ_PYTHON, type: 'string'},
    reference: {default: join(root, 'docs', 'commands.md'), type: 'string'},
    snapshot: {default: join(root, 'command-snapshot.json'), type: 'string'},
  },
})

const actions = {check, 'check-az': checkAz, update, 'update-az': updateAz}
const action = actions[positionals[0]]
if (!action || positionals.length > 1) {
  console.error(
    `usage: node scripts/command-surface.mjs ${Object.keys(actions).join('|')} [--snapshot ` +
      'FILE] [--az-snapshot FILE] [--differences FILE] [--reference FILE] [--python PYTHON]',
  )
  process.exit(2)
}

const problems = await action().catch((error) => [error.message])
if (problems.length > 0) {
  console.error(problems.join('\n\n'))
  process.exit(1)
}

async function update() {
  writeFileSync(values.snapshot, formatSurface(await azxSurface(root)))
  writeFileSync(values.reference, await commandReference(root, values.reference))
  console.log(`Wrote ${shown(values.snapshot)} and ${shown(values.reference)}.`)
  return []
}

async function updateAz() {
  writeFileSync(values['az-snapshot'], formatSurface(await azSurface(await commandGroups(), values.python)))
  console.log(`Wrote ${shown(values['az-snapshot'])}. \`node scripts/command-surface.mjs check\` lists the differences to record.`)
  return []
}

async function check() {
  const azx = await azxSurface(root)
  const problems = []
  const changes = surfaceChanges(readJson(values.snapshot), azx)
  if (changes.length > 0) {
    problems.push(
      `The built CLI's commands differ from ${shown(values.snapshot)}:\n${changes.join('\n')}\n` +
        `If the change is intended, run \`${UPDATE}\` and commit the file.`,
    )
  } else if (readFileSync(values.snapshot, 'utf8') !== formatSurface(azx)) {
    problems.push(`${shown(values.snapshot)} is not laid out as the generator writes it. Run \`${UPDATE}\`.`)
  }

  problems.push(...differenceProblems(azx))
  if (readFileSync(values.reference, 'utf8') !== (await commandReference(root, values.reference))) {
    problems.push(`${shown(values.reference)} is not the command reference of the built CLI. Run \`${UPDATE}\` and commit it.`)
  }

  if (problems.length === 0) console.log('The command surface, its differences from az and the command reference are current.')
  return problems
}

/** Differences from az that are not recorded, recorded ones that are gone, and entries without a reason. */
function differenceProblems(azx) {
  const problems = []
  const {differences: recorded} = readJson(values.differences)
  const {stale, unrecorded} = reconcile(azDifferences(azx, readJson(values['az-snapshot'])), recorded)
  const list = (entries) => entries.map((entry) => `    ${oneLine(entry)}`).join(',\n')
  if (unrecorded.length > 0) {
    problems.push(
      `azx differs from the Python az (${shown(values['az-snapshot'])}) where ${shown(values.differences)} records no difference:\n` +
        `${list(unrecorded.map((difference) => ({...difference, category: '', reason: ''})))}\n` +
        'Make azx match az, or add these entries with the category and the reason the difference is intended (see the file\'s "about").',
    )
  }

  if (stale.length > 0) problems.push(`${shown(values.differences)} records differences azx and az no longer have; remove them:\n${list(stale)}`)
  const unexplained = recorded.filter((entry) => !entry.category || !entry.reason)
  if (unexplained.length > 0)
    problems.push(`${shown(values.differences)} records differences without a category or reason; give each one:\n${list(unexplained)}`)
  return problems
}

async function checkAz() {
  const fresh = formatSurface(await azSurface(await commandGroups(), values.python))
  const changes = surfaceChanges(readJson(values['az-snapshot']), JSON.parse(fresh))
  if (changes.length > 0)
    return [`The Python az's commands differ from ${shown(values['az-snapshot'])}:\n${changes.join('\n')}\nRun \`${UPDATE_AZ}\` and commit the file.`]
  if (readFileSync(values['az-snapshot'], 'utf8') !== fresh)
    return [`${shown(values['az-snapshot'])} is not laid out as the generator writes it. Run \`${UPDATE_AZ}\`.`]
  console.log(`${shown(values['az-snapshot'])} is the Python az's command surface.`)
  return []
}

/** The first words of azx's commands: az's commands under them are the ones compared. */
async function commandGroups() {
  const {commands} = await azxSurface(root)
  return [...new Set(Object.keys(commands).map((name) => name.split(' ')[0]))].sort()
}

/** A file as the messages name it: from the repository's root when it is in the repository. */
function shown(path) {
  const fromRoot = relative(root, path)
  return fromRoot.startsWith('..') ? path : fromRoot
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}
