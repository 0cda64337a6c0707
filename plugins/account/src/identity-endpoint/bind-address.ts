/**
 * `--bind`: where the endpoint listens, and who could reach it there. Loopback addresses are for
 * this machine only; any other address (the Docker bridge, a LAN address, 0.0.0.0) exposes the
 * endpoint beyond it and needs `--allow-non-loopback`.
 */
import {isIP} from 'node:net'
import {networkInterfaces} from 'node:os'

import {UsageError} from '@azx/core/errors'

/** `127.0.0.1` (or another address of 127.0.0.0/8), `::1`, `localhost`. */
export function isLoopback(address: string): boolean {
  const bare = address.toLowerCase().replace(/^::ffff:(?=\d)/, '')
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'))
}

/** The unspecified addresses, which listen on every address of the machine. */
function isEveryAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::'
}

/**
 * Refuses what `--bind` cannot be, and a non-loopback address unless `--allow-non-loopback` says
 * the exposure is meant.
 */
export function checkBindAddress(bind: string, allowNonLoopback: boolean): void {
  if (bind !== 'localhost' && isIP(bind) === 0) {
    throw new UsageError(
      'usage error: --bind must be an IP address of this machine, e.g. ' +
        `127.0.0.1 (the default) or 172.17.0.1 (the Docker bridge); '${bind}' is not one.`,
    )
  }

  if (!isLoopback(bind) && !allowNonLoopback) {
    const reach = isEveryAddress(bind) ? 'every network this machine is on' : `the network of ${bind}`
    throw new UsageError(
      `usage error: --bind ${bind} is not a loopback address: programs on ${reach}, not only this machine's, could ask the endpoint for your tokens.`,
      {
        recommendations: ['Add --allow-non-loopback to mean it, and consider --allow-resource to limit what it hands out.'],
      },
    )
  }
}

/** The addresses clients may use to reach an endpoint bound to `bind`, for the exposure warning. */
export function reachableAddresses(bind: string): string[] {
  if (!isEveryAddress(bind)) return [bind]
  const family = bind === '0.0.0.0' ? 'IPv4' : undefined
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal && (family === undefined || entry.family === family))
    .map((entry) => entry.address)
}

/** The host of the URL local clients use: the bound address, or loopback for the unspecified ones. */
export function localHost(bind: string): string {
  if (bind === '0.0.0.0') return '127.0.0.1'
  if (bind === '::') return '::1'
  return bind
}

/** A host as it goes into a URL: IPv6 addresses in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host
}
