#!/usr/bin/env node
/**
 * A stand-in browser for programs that open the sign-in page themselves (BROWSER=… for the Python
 * az): `node dist/browser-cli.js <authorize-url>` signs in as AZX_EMULATOR_USERNAME with
 * AZX_EMULATOR_PASSWORD and delivers the code to the program's redirect URI. AZX_EMULATOR_CA names
 * the emulator's CA file when NODE_EXTRA_CA_CERTS does not already include it.
 */
import {completeBrowserSignIn} from './browser-sign-in.js'

async function main(): Promise<void> {
  const url = process.argv[2]
  const username = process.env.AZX_EMULATOR_USERNAME
  const password = process.env.AZX_EMULATOR_PASSWORD
  if (!url || !username || !password) {
    throw new Error('usage: AZX_EMULATOR_USERNAME=… AZX_EMULATOR_PASSWORD=… [AZX_EMULATOR_CA=ca.pem] browser-cli <authorize-url>')
  }

  const result = await completeBrowserSignIn(url, {username, password, ca: process.env.AZX_EMULATOR_CA || undefined})
  process.stdout.write(`signed in as ${username}; the answer went to ${result.redirectUri} (HTTP ${result.redirectStatus})\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`azx-emulator browser: ${(error as Error).message ?? String(error)}\n`)
  process.exit(1)
})
