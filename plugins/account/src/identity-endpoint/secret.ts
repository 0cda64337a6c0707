/**
 * The endpoint's secret (IDENTITY_HEADER): a fresh random one per start, or `--secret-file`'s, so
 * that containers started with it keep working across restarts of the endpoint. A secret file that
 * does not exist yet is created, readable by its owner only, with a fresh secret.
 *
 * Secrets are limited to characters that need no quoting in a shell, a `docker run` line, YAML or
 * JSON, so every `--format` prints them as they are.
 */
import {randomBytes} from 'node:crypto'
import {readFileSync, statSync, writeFileSync} from 'node:fs'

import {CommandError} from '@azx/core/errors'
import {log} from '@azx/core'

const SECRET_PATTERN = /^[\w.~+/=-]{16,256}$/

/** 256 random bits, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** The secret in `path`, created there (mode 0600) when the file does not exist. */
export function secretFromFile(path: string): string {
  try {
    writeFileSync(path, `${newSecret()}\n`, {flag: 'wx', mode: 0o600})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unreadable(path, error)
  }

  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw unreadable(path, error)
  }

  const secret = text.trim()
  if (!SECRET_PATTERN.test(secret)) {
    throw new CommandError(`The secret in '${path}' is not usable: it must be 16 to 256 characters of A-Z, a-z, 0-9 and . _ ~ + / = -`, {
      recommendations: ['Delete the file to have a new secret written there, or write one yourself, e.g. with `openssl rand -base64 32`.'],
    })
  }

  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    log().warning(`'${path}' can be read by other users of this machine, who could then ask the endpoint for tokens. Run: chmod 600 '${path}'`)
  }

  return secret
}

function unreadable(path: string, error: unknown): CommandError {
  return new CommandError(`The secret file '${path}' could not be read or created: ${(error as Error).message}`, {
    recommendations: ['Check that its directory exists and that you may write there.'],
  })
}
