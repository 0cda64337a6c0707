#!/usr/bin/env node
// `npm run demo`: azx against the bundled local Entra ID + Azure Resource Manager emulator, in a
// throwaway config dir. Every step is a real `az` command; the device code sign-in is approved by
// the emulator on the user's behalf, and the demo says so.
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {startEmulator} from '@azx/emulator'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'run.js')
const USER = 'alice@contoso.example'

const configDir = mkdtempSync(join(tmpdir(), 'azx-demo-'))
const emulator = await startEmulator({proxyPort: false})
const env = {...process.env, ...emulator.nodeEnv(), AZURE_CONFIG_DIR: configDir}
const bold = (text) => (process.stdout.isTTY ? `\u001B[1m${text}\u001B[0m` : text)

/** Runs `az <args>` with the demo's environment, showing the command and its output as they come. */
function az(...args) {
  process.stdout.write(`\n${bold(`$ az ${args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)).join(' ')}`)}\n`)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['ignore', 'inherit', 'inherit']})
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`az ${args.join(' ')} exited with ${code}`))))
  })
}

try {
  console.log(`The emulator listens at ${emulator.url}; the config dir is ${configDir}.`)
  await az(
    'cloud',
    'register',
    '--name',
    'Emulator',
    '--endpoint-active-directory',
    emulator.url,
    '--endpoint-resource-manager',
    `${emulator.url}/`,
    '--endpoint-active-directory-resource-id',
    'https://management.core.windows.net/',
    '--endpoint-active-directory-graph-resource-id',
    'https://graph.windows.net/',
  )
  await az('cloud', 'set', '--name', 'Emulator')
  emulator.autoApproveDeviceCodes(USER)
  console.log(`\nThe emulator approves the device code below as ${USER}, as if you had entered it at its /devicelogin page.`)
  await az('login', '--use-device-code', '--output', 'none')
  await az('account', 'list', '--output', 'table')
  await az('account', 'get-access-token')
  await az('account', 'show', '--query', 'user')
  console.log(
    "\nDone. The sign-in (the device code, then each tenant's subscriptions) went over HTTPS to the " +
      "local emulator, through MSAL; the other commands answered from the config dir's files, " +
      'the token from the shared token cache (the emulator is asked again only when it is about to expire).',
  )
} finally {
  await emulator.close()
  rmSync(configDir, {force: true, recursive: true})
}
