/**
 * The forward proxy that lets the Python az reach the emulator. MSAL Python insists on
 * https://login.microsoftonline.com for instance discovery and drops the port from other URLs, so
 * az runs with HTTPS_PROXY pointing here: every CONNECT, whatever its target, is answered 200 and
 * its TLS is served by the emulator (whose certificate also names login.microsoftonline.com).
 * Plain-HTTP requests with an absolute URL (HTTP_PROXY, e.g. IMDS at 169.254.169.254) are served too.
 */
import {createServer, type IncomingMessage, type Server} from 'node:http'
import type {Server as HttpsServer} from 'node:https'
import type {Socket} from 'node:net'
import type {EmulatorContext} from './context.js'
import type {Lifetime, RequestHandler} from './server.js'

export function createProxyServer(context: EmulatorContext, tlsServer: HttpsServer, plainHandler: RequestHandler, lifetime: Lifetime): Server {
  const proxy = createServer((request, response) => {
    if (/^http:\/\//i.test(request.url ?? '')) return plainHandler(request, response)
    response.writeHead(400, {'content-type': 'text/plain'})
    response.end("This is the emulator's proxy: send CONNECT, or an absolute http:// URL.\n")
  })
  proxy.on('connection', (socket: Socket) => lifetime.track(socket))
  proxy.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = request.url ?? ''
    context.requestLog.record({
      time: new Date().toISOString(),
      method: 'CONNECT',
      path: target,
      query: '',
      route: 'proxy-connect',
      host: target,
      status: 200,
      durationMs: 0,
    })
    socket.setTimeout(0)
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) socket.unshift(head)
    // The tunnel's bytes are TLS for the emulator itself: hand the socket to the HTTPS server, in
    // the same tick, before the client can have seen the 200 and started its handshake.
    tlsServer.emit('connection', socket)
  })
  return proxy
}
