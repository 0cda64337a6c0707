/**
 * The loopback listener of the browser sign-in: the `http://localhost:PORT` redirect URI that the
 * authorization response comes back to (auth code + PKCE, `response_mode=form_post`).
 *
 * It answers one request with a page: the redirect of this sign-in, a form POST to `/` that carries
 * exactly one `state`, the one this sign-in sent, and a `code` or an `error`. Every other request
 * (another path, a GET such as the browser's `/favicon.ico` or a page reload, HEAD, no state or
 * another one, another body) gets the same neutral 400 and the sign-in keeps waiting: a local
 * process or web page that knows the port can neither end the sign-in nor show "Signed in" while
 * it has not happened. MSAL Node's own listener answers `GET /` with its success page, which is why
 * azx has its own. It binds 127.0.0.1 only.
 */
import {createServer} from 'node:http'
import type {IncomingMessage, Server, ServerResponse} from 'node:http'
import {timingSafeEqual} from 'node:crypto'

/** An authorization response: a code to redeem, or Entra ID's error. */
type AuthorizationResponse = {clientInfo?: string; code: string} | {description?: string; error: string; suberror?: string}

interface RedirectListenerOptions {
  /** The `state` of the authorization request: only a response carrying it is taken. */
  state: string
  /** The page shown for a code, and the one for an error. */
  successPage: string
  failurePage: string
}

/** No authorization response is anywhere near this long; a longer body is not one. */
const MAX_BODY_BYTES = 64 * 1024

const LISTEN_HOST = '127.0.0.1'

/** The answer to everything but the redirect: says nothing about the sign-in. */
const NEUTRAL_BODY = 'Bad Request\n'

export class RedirectListener {
  /** The redirect URI to put in the authorization request. */
  readonly redirectUri: string
  /** Settles with the first authorization response of this sign-in. */
  readonly response: Promise<AuthorizationResponse>

  private constructor(
    private readonly server: Server,
    port: number,
    response: Promise<AuthorizationResponse>,
  ) {
    // MSAL Node's form of the loopback redirect URI, which Entra ID accepts for any port.
    this.redirectUri = `http://localhost:${port}`
    this.response = response
  }

  /** Starts listening on a free port of 127.0.0.1. */
  static async start(options: RedirectListenerOptions): Promise<RedirectListener> {
    let answered = false
    let resolve!: (response: AuthorizationResponse) => void
    const response = new Promise<AuthorizationResponse>((done) => {
      resolve = done
    })
    const server = createServer((request, reply) => {
      readRedirect(request, options.state).then(
        (redirect) => {
          if (!redirect || answered) {
            answerNeutrally(reply)
            return
          }

          answered = true
          answer(reply, 200, 'text/html; charset=utf-8', 'code' in redirect ? options.successPage : options.failurePage)
          resolve(redirect)
        },
        () => answerNeutrally(reply),
      )
    })
    const port = await new Promise<number>((listening, failed) => {
      server.once('error', failed)
      server.listen(0, LISTEN_HOST, () => {
        server.off('error', failed)
        listening((server.address() as {port: number}).port)
      })
    })
    return new RedirectListener(server, port, response)
  }

  /** Stops listening and cuts open connections (a browser keeps them alive). */
  close(): void {
    this.server.close()
    this.server.closeAllConnections()
  }
}

/** The authorization response of this sign-in in `request`, or undefined when it is anything else. */
async function readRedirect(request: IncomingMessage, state: string): Promise<AuthorizationResponse | undefined> {
  const isFormPost =
    request.method === 'POST' && request.url === '/' && mediaType(request.headers['content-type']) === 'application/x-www-form-urlencoded'
  if (!isFormPost) return undefined
  const body = await readBody(request)
  if (body === undefined) return undefined
  const fields = new URLSearchParams(body)
  const states = fields.getAll('state')
  if (states.length !== 1 || !sameText(states[0], state)) return undefined
  const optional = (name: string) => fields.get(name) || undefined
  const error = optional('error')
  if (error !== undefined) return {description: optional('error_description'), error, suberror: optional('suberror')}
  const code = optional('code')
  return code === undefined ? undefined : {clientInfo: optional('client_info'), code}
}

/** The body as text, or undefined when it is longer than any authorization response (read to its end, kept no further). */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk)
  }

  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase()
}

/** Compares in constant time, so the time of an answer says nothing about the state. */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function answerNeutrally(reply: ServerResponse): void {
  answer(reply, 400, 'text/plain; charset=utf-8', NEUTRAL_BODY)
}

function answer(reply: ServerResponse, status: number, contentType: string, body: string): void {
  if (reply.headersSent) return
  reply.writeHead(status, {'cache-control': 'no-store', connection: 'close', 'content-type': contentType})
  reply.end(body)
}
