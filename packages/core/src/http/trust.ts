/**
 * Which server certificates our requests trust, from the variables az honours:
 * `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION` and `REQUESTS_CA_BUNDLE` (or `CURL_CA_BUNDLE`,
 * which `requests` reads when the first is unset). `NODE_EXTRA_CA_CERTS` needs nothing from us:
 * Node reads it at start-up for every TLS connection.
 */
import {readFileSync, realpathSync, statSync} from 'node:fs'
import type {SecureContext} from 'node:tls'

import {CommandError} from '../errors/index.js'
import {log} from '../logger/index.js'

const DISABLE_VERIFY_VARIABLE = 'AZURE_CLI_DISABLE_CONNECTION_VERIFICATION'

/** TLS options for our agents, and a key that tells agents with different trust apart. */
export interface Trust {
  readonly key: string
  readonly rejectUnauthorized: boolean
  /** Node's roots plus the bundle's certificates; undefined means Node's defaults. */
  readonly secureContext?: SecureContext
}

const DEFAULT_TRUST: Trust = {key: 'default', rejectUnauthorized: true}
/** By bundle path; the promise is kept so concurrent first requests build one context. */
const contexts = new Map<string, Promise<Trust>>()
let warnedUnverified = false

/**
 * The trust settings the environment asks for.
 *
 * - `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION` (any non-empty value): certificates are not
 *   verified, and az's warning is printed once per process.
 * - `REQUESTS_CA_BUNDLE` (else `CURL_CA_BUNDLE`): a PEM file whose certificates are trusted in
 *   addition to Node's roots and `NODE_EXTRA_CA_CERTS`. A path that is not a file is az's error.
 *
 * A bundle whose certificates Node trusts already (often the system bundle, also named by
 * `NODE_EXTRA_CA_CERTS`) changes nothing and costs nothing. Otherwise a context of its own is built,
 * once per process (see contextTrusting).
 */
export async function trustFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<Trust> {
  if (env[DISABLE_VERIFY_VARIABLE]) {
    if (!warnedUnverified) {
      warnedUnverified = true
      log().warning(`Connection verification disabled by environment variable ${DISABLE_VERIFY_VARIABLE}`)
    }

    return {key: 'unverified', rejectUnauthorized: false}
  }

  const variable = env.REQUESTS_CA_BUNDLE ? 'REQUESTS_CA_BUNDLE' : 'CURL_CA_BUNDLE'
  const bundle = env[variable]
  if (!bundle) return DEFAULT_TRUST
  let trust = contexts.get(bundle)
  if (!trust) {
    trust = bundleTrust(variable, bundle, env.NODE_EXTRA_CA_CERTS)
    contexts.set(bundle, trust)
    // A bad path is checked again next time, in case it was fixed meanwhile.
    trust.catch(() => contexts.delete(bundle))
  }

  return trust
}

async function bundleTrust(variable: string, bundle: string, extraCaFile: string | undefined): Promise<Trust> {
  if (!isFile(bundle)) throw new CommandError(`${variable} environment variable is specified with an invalid file path`)
  log().debug('cli.azx.http', `Using CA bundle file at '${bundle}'.`)
  // Many machines point both variables at the system bundle: Node trusts it already, at no cost.
  const extraFile = extraCaFile && isFile(extraCaFile) ? extraCaFile : undefined
  if (extraFile && realpathSync(extraFile) === realpathSync(bundle)) return DEFAULT_TRUST

  const certificates = pemCertificates(readFileSync(bundle, 'utf8'))
  if (certificates.length === 0) {
    throw new CommandError(`The ${variable} file '${bundle}' contains no PEM certificates.`, {
      recommendations: [`Point ${variable} at a file of "-----BEGIN CERTIFICATE-----" blocks.`],
    })
  }

  const tls = await import('node:tls')
  const extra = extraFile ? pemCertificates(readFileSync(extraFile, 'utf8')) : []
  const known = new Set([...tls.rootCertificates, ...extra].map((pem) => normalizePem(pem)))
  const added = certificates.filter((pem) => !known.has(normalizePem(pem)))
  if (added.length === 0) return DEFAULT_TRUST

  return {key: `bundle:${bundle}`, rejectUnauthorized: true, secureContext: contextTrusting(tls, added, extra)}
}

/**
 * A context that trusts what Node trusts by default (its roots and NODE_EXTRA_CA_CERTS) and
 * `added`. Node keeps its default store parsed once per process, and a context's store is copied
 * from it when a certificate is added; passing `ca` instead makes Node parse every one of its ~140
 * roots again (about 30 ms here, against about 5). Node 20 exposes the addition only on the
 * context's native handle, so without it the roots go in as `ca`.
 */
function contextTrusting(tls: typeof import('node:tls'), added: string[], extra: string[]): SecureContext {
  const secureContext = tls.createSecureContext()
  const native = (secureContext as {context?: {addCACert?: (pem: string) => void}}).context
  // An explicit CA list replaces Node's whole store, NODE_EXTRA_CA_CERTS included, so both go back in.
  if (typeof native?.addCACert !== 'function') return tls.createSecureContext({ca: [...tls.rootCertificates, ...extra, ...added]})
  for (const pem of added) native.addCACert(pem)
  return secureContext
}

function normalizePem(pem: string): string {
  return pem.replaceAll(/\s/g, '')
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** The certificate blocks of a PEM file; keys and other blocks are left out. */
function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}
