#!/usr/bin/env node
/**
 * Runs the emulator from the shell: prints one JSON line (url, proxy, ca, …) once it listens, then
 * serves until SIGTERM or SIGINT. Run-time controls are under `<url>/_emulator` (see README.md).
 */
import {parseArgs} from 'node:util'
import {startEmulator} from './emulator.js'
import type {FaultRule} from './faults.js'

const USAGE = `Usage: azx-emulator [options]

  --port N                       HTTPS port (default 0: a free port)
  --proxy-port N                 CONNECT proxy port (default 0: a free port)
  --no-proxy                     start no proxy
  --seed FILE                    seed JSON (default: seed/default.json)
  --token-lifetime SECONDS       access token lifetime
  --single-use-refresh-tokens    refuse a refresh token once it was exchanged for a new one
  --auto-approve-device-codes U  approve every device code as user U
  --fault JSON                   a fault rule, e.g. '{"route":"token","status":503,"times":1}' (repeatable)
  --dir DIR                      where to write the certificates (default: a temporary directory)
  -h, --help                     show this help
`

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {
      port: {type: 'string'},
      'proxy-port': {type: 'string'},
      'no-proxy': {type: 'boolean'},
      seed: {type: 'string'},
      'token-lifetime': {type: 'string'},
      'single-use-refresh-tokens': {type: 'boolean'},
      'auto-approve-device-codes': {type: 'string'},
      fault: {type: 'string', multiple: true},
      dir: {type: 'string'},
      help: {type: 'boolean', short: 'h'},
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }

  const emulator = await startEmulator({
    port: integer(values.port, '--port'),
    proxyPort: values['no-proxy'] ? false : integer(values['proxy-port'], '--proxy-port'),
    seed: values.seed,
    accessTokenLifetimeSeconds: integer(values['token-lifetime'], '--token-lifetime'),
    singleUseRefreshTokens: values['single-use-refresh-tokens'],
    autoApproveDeviceCodes: values['auto-approve-device-codes'],
    faults: (values.fault ?? []).map((text) => faultRule(text)),
    dir: values.dir,
  })
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }

  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  process.stdout.write(
    `${JSON.stringify({
      url: emulator.url,
      proxy: emulator.proxy,
      ca: emulator.ca,
      caBundle: emulator.caBundle,
      port: emulator.port,
      proxyPort: emulator.proxyPort,
      control: `${emulator.url}/_emulator`,
      managedIdentity: {
        imdsBase: emulator.managedIdentity.imdsBase,
        identityEndpoint: emulator.managedIdentity.identityEndpoint,
        identityHeader: emulator.managedIdentity.identityHeader,
      },
      nodeEnv: emulator.nodeEnv(),
      pythonAzEnv: emulator.pythonAzEnv(),
    })}\n`,
  )
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} takes a whole number, not '${value}'`)
  return parsed
}

function faultRule(text: string): FaultRule {
  let rule: FaultRule & {pathPattern?: string}
  try {
    rule = JSON.parse(text) as FaultRule & {pathPattern?: string}
  } catch {
    throw new Error(`--fault takes a JSON object, not '${text}'`)
  }

  const {pathPattern, ...rest} = rule
  return pathPattern ? {...rest, path: new RegExp(pathPattern, 'i')} : rest
}

main().catch((error: unknown) => {
  process.stderr.write(`azx-emulator: ${(error as Error).message ?? String(error)}\n`)
  process.exit(1)
})
