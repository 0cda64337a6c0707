/**
 * A network client for MSAL Node (`system.networkClient`) that trusts the emulator's CA, so a test
 * can run MSAL in its own process without NODE_EXTRA_CA_CERTS (read only at process start).
 * Structurally MSAL's `INetworkModule`; MSAL itself is not imported.
 */
import type {IncomingHttpHeaders} from 'node:http'
import {sendRequest} from './http-client.js'

export interface NetworkRequestOptions {
  headers?: Record<string, string>
  body?: string
}

export interface NetworkResponse<T> {
  headers: Record<string, string>
  body: T
  status: number
}

/** What MSAL Node's `system.networkClient` expects. */
export interface MsalNetworkClient {
  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>>
  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>>
}

/** A network client that trusts `ca` (PEM) in addition to nothing else: meant for the emulator only. */
export function createNetworkClient(ca: string): MsalNetworkClient {
  const send = async <T>(method: string, url: string, options: NetworkRequestOptions = {}, timeout?: number): Promise<NetworkResponse<T>> => {
    const response = await sendRequest(url, {
      method,
      headers: options.headers,
      body: method === 'POST' ? (options.body ?? '') : undefined,
      ca,
      timeoutMs: timeout,
    })
    let body: T
    try {
      body = JSON.parse(response.body) as T
    } catch {
      throw new Error(`the answer from ${method} ${url} (HTTP ${response.status}) is not JSON`)
    }

    return {headers: flatten(response.headers), body, status: response.status}
  }

  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  }
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  return flat
}
