/**
 * An `HttpClient` for Azure SDK clients (@azure/core-rest-pipeline) that sends their requests
 * through azx's `http` service, so SDK calls behave like every other azx request: the proxy
 * variables as az reads them, `REQUESTS_CA_BUNDLE`, `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION`,
 * and `--debug` lines with secrets masked.
 *
 * The types are written out structurally, so @azx/core does not depend on the pipeline package;
 * they match its `HttpClient`, `PipelineRequest`, `PipelineResponse` and `HttpHeaders`.
 */
import {service} from '../registry/index.js'

/** The header collection of an SDK request or response (core-rest-pipeline's `HttpHeaders`). */
export interface SdkHttpHeaders extends Iterable<[string, string]> {
  get(name: string): string | undefined
  has(name: string): boolean
  set(name: string, value: string | number | boolean): void
  delete(name: string): void
  toJSON(options?: {preserveCase?: boolean}): Record<string, string>
}

/** The members of an SDK request that this client reads. */
export interface SdkHttpRequest {
  url: string
  method: string
  headers: SdkHttpHeaders
  body?: unknown
  /** Milliseconds; 0 means the default. */
  timeout: number
  abortSignal?: {readonly aborted: boolean}
}

/** What the client answers with: status, headers and the body as text. */
export interface SdkHttpResponse<R extends SdkHttpRequest = SdkHttpRequest> {
  request: R
  status: number
  headers: SdkHttpHeaders
  bodyAsText?: string | null
}

/** core-rest-pipeline's `HttpClient`, as {@link sdkHttpClient} implements it. */
export interface SdkHttpClient {
  sendRequest<R extends SdkHttpRequest>(request: R): Promise<SdkHttpResponse<R>>
}

/**
 * The HTTP client to pass as `httpClient` to an Azure SDK client (the ARM options of
 * `subscriptionContext()` include it). Requests go out once: the SDK's own retry policies decide
 * about retries. Bodies must be text (JSON, as ARM uses); a client that streams binary bodies
 * (storage data plane) should keep its default HTTP client.
 *
 * Environment: `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, `REQUESTS_CA_BUNDLE` (or `CURL_CA_BUNDLE`),
 * `AZURE_CLI_DISABLE_CONNECTION_VERIFICATION`.
 */
export function sdkHttpClient(): SdkHttpClient {
  return {
    async sendRequest<R extends SdkHttpRequest>(request: R): Promise<SdkHttpResponse<R>> {
      if (request.abortSignal?.aborted) throw abortError()
      const body = requestBody(request.body)
      const headers = request.headers.toJSON()
      // The pipeline asks for gzip; the http service returns bodies as sent, so ask for plain ones.
      delete headers['accept-encoding']
      const http = await service('http')
      const response = await http.request({
        body,
        headers,
        method: request.method,
        retry: false,
        timeoutMs: request.timeout > 0 ? request.timeout : undefined,
        url: request.url,
      })
      return {bodyAsText: response.body, headers: new Headers(response.headers), request, status: response.status}
    },
  }
}

function requestBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  throw new TypeError("azx's HTTP client for Azure SDK clients sends text bodies only; keep the SDK's default HTTP client for this one.")
}

function abortError(): Error {
  const error = new Error('The operation was aborted.')
  error.name = 'AbortError'
  return error
}

/** Case-insensitive headers that remember how each name was first spelled. */
class Headers implements SdkHttpHeaders {
  private readonly entries = new Map<string, {name: string; value: string}>()

  constructor(raw: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(raw)) this.set(name, value)
  }

  get(name: string): string | undefined {
    return this.entries.get(name.toLowerCase())?.value
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase())
  }

  set(name: string, value: string | number | boolean): void {
    this.entries.set(name.toLowerCase(), {name, value: String(value)})
  }

  delete(name: string): void {
    this.entries.delete(name.toLowerCase())
  }

  toJSON(options: {preserveCase?: boolean} = {}): Record<string, string> {
    const result: Record<string, string> = {}
    for (const [key, entry] of this.entries) result[options.preserveCase ? entry.name : key] = entry.value
    return result
  }

  *[Symbol.iterator](): Iterator<[string, string]> {
    for (const [key, entry] of this.entries) yield [key, entry.value]
  }
}
