/**
 * A small HTTP(S) client for the emulator's helpers and tests. Node's global fetch cannot be told
 * to trust an extra CA after start-up (NODE_EXTRA_CA_CERTS is read once), node:https can.
 */
import {request as httpRequest, type IncomingHttpHeaders} from 'node:http'
import {request as httpsRequest} from 'node:https'

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface HttpRequestOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Extra trusted CA certificate(s), PEM. */
  ca?: string
  timeoutMs?: number
}

/** Sends one request and reads the whole answer; never follows redirects. */
export function sendRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url)
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  const body = options.body ?? ''
  const headers: Record<string, string> = {...options.headers}
  if (body) headers['content-length'] = String(Buffer.byteLength(body))
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      // A fresh connection per request: no keep-alive socket that the server may be closing just then.
      {
        method: options.method ?? 'GET',
        headers,
        agent: false,
        ...(options.ca && target.protocol === 'https:' ? {ca: options.ca} : {}),
        timeout: options.timeoutMs ?? 30_000,
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8')}))
        response.on('error', reject)
      },
    )
    request.on('timeout', () => request.destroy(new Error(`request to ${target.origin}${target.pathname} timed out`)))
    request.on('error', reject)
    request.end(body)
  })
}

/** A urlencoded form body. */
export function formBody(fields: Record<string, string | undefined>): string {
  const defined = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined)
  return new URLSearchParams(defined).toString()
}
