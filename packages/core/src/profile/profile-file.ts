/**
 * azureProfile.json on disk: read tolerantly (with or without az's UTF-8 BOM), written exactly as
 * az writes it (BOM, Python's compact json.dumps, no trailing newline) but atomically.
 */
import {readFileSync, statSync} from 'node:fs'

import {CommandError} from '../errors/index.js'
import {writeFileAtomic} from '../store/index.js'
import {pythonJsonDumps} from './python-json.js'
import type {ProfileDocument} from './types.js'
import {checkProfileDocument} from './validate.js'
import type {ProfileProblem} from './validate.js'

const BOM = '\uFEFF'

/** az creates the file with the default umask (0644); an existing file keeps its mode, as with az. */
const NEW_FILE_MODE = 0o644

export type ProfileRead = {document: ProfileDocument; status: 'ok'} | {status: 'missing'} | ({status: 'bad'} & ProfileProblem)

/** Reads and checks the file. An empty file (what an interrupted az write leaves) holds no subscriptions. */
export async function readProfileFile(path: string): Promise<ProfileRead> {
  let bytes: Buffer
  try {
    // Synchronous: one small file, read on every command (see store/read-text-file.ts).
    bytes = readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {status: 'missing'}
    throw new CommandError(`Could not read '${path}': ${(error as Error).message}`, {
      cause: error,
      recommendations: ['Check that the file and its folder can be read by you, then run the command again.'],
    })
  }

  return parseProfileText(bytes)
}

/** Parses the bytes of a profile file. */
export function parseProfileText(bytes: Uint8Array): ProfileRead {
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    return {foreign: false, hasPrivateKey: false, problem: 'it is not UTF-8 text', status: 'bad'}
  }

  if (text.startsWith(BOM)) text = text.slice(BOM.length)
  if (text.trim() === '') return {document: {subscriptions: []}, status: 'ok'}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return {foreign: false, hasPrivateKey: false, problem: `it is not valid JSON${where(text, error as Error)}`, status: 'bad'}
  }

  const check = checkProfileDocument(value)
  if (check.ok) return {document: check.document, status: 'ok'}
  const {foreign, hasPrivateKey, problem} = check
  return {foreign, hasPrivateKey, problem, status: 'bad'}
}

/** The bytes az would write for `document`. */
export function formatProfile(document: ProfileDocument): string {
  return BOM + pythonJsonDumps(document)
}

/** Replaces the file with `document`, atomically. */
export async function writeProfileFile(path: string, document: ProfileDocument): Promise<void> {
  await writeFileAtomic(path, formatProfile(document), {mode: currentMode(path)})
}

/**
 * The position of a JSON syntax error as line and column. V8's own message quotes the text around
 * the error, which may be a secret, so only the position is reported.
 */
function where(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message)?.[1] ?? (/end of JSON input/.test(error.message) ? text.length : undefined)
  if (position === undefined) return ''
  const before = text.slice(0, Number(position))
  const line = before.split('\n').length
  const column = before.length - before.lastIndexOf('\n')
  return ` (line ${line}, column ${column})`
}

function currentMode(path: string): number {
  try {
    return statSync(path).mode & 0o777
  } catch {
    return NEW_FILE_MODE
  }
}
