/**
 * Keep-alive agents, one per way of reaching a server (direct, through a proxy, with given trust),
 * shared by every copy of @azx/core in the process. Reusing a connection saves the TCP and TLS
 * handshakes on the second and later calls to a host: login makes one token call and one ARM call
 * per tenant. Idle sockets are unreferenced by Node, so they never keep the CLI from exiting.
 *
 * An https URL behind a proxy goes through a CONNECT tunnel; TLS then runs end to end with the
 * target (SNI and certificate checks name the target host, not the proxy).
 */
import type {Agent, IncomingMessage} from 'node:http'
import type {AgentOptions, RequestOptions} from 'node:https'
import type {Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import type {ConnectionOptions} from 'node:tls'

import type {ProxyConfig} from './proxy.js'
import type {Trust} from './trust.js'

const KEY = Symbol.for('azx.core.http.agents.v1')

/** Used for the CONNECT exchange when a request names no time limit. */
const DEFAULT_TUNNEL_TIMEOUT_MS = 30_000

function agents(): Map<string, Agent> {
  const store = globalThis as unknown as Record<symbol, Map<string, Agent> | undefined>
  store[KEY] ??= new Map()
  return store[KEY]
}

/** The process-wide agent for requests to `target` through `proxy` (or direct) with `trust`. */
export async function agentFor(target: URL, proxy: ProxyConfig | undefined, trust: Trust): Promise<Agent> {
  const modules = await networkModules()
  // The credentials are part of the key so a changed proxy password never reuses an old tunnel.
  const key = [target.protocol, proxy?.url.origin ?? 'direct', proxy?.authorization ?? '', trust.key].join('|')
  // From here on synchronous, so concurrent first requests (one per tenant) share one agent.
  const table = agents()
  let agent = table.get(key)
  if (!agent) {
    agent = createAgent(modules, target, proxy, trust)
    table.set(key, agent)
  }

  return agent
}

/** Closes every pooled connection and forgets the agents (tests, or before a long idle period). */
export function destroyAgents(): void {
  const table = agents()
  for (const agent of table.values()) agent.destroy()
  table.clear()
}

interface NetworkModules {
  readonly http: typeof import('node:http')
  readonly https: typeof import('node:https')
  readonly tls: typeof import('node:tls')
}

let loading: Promise<NetworkModules> | undefined

/** node:http, node:https and node:tls, loaded on the first request rather than at start-up. */
function networkModules(): Promise<NetworkModules> {
  loading ??= Promise.all([import('node:http'), import('node:https'), import('node:tls')]).then(([http, https, tls]) => ({http, https, tls}))
  return loading
}

function tlsOptions(trust: Trust): AgentOptions {
  return trust.secureContext
    ? {rejectUnauthorized: trust.rejectUnauthorized, secureContext: trust.secureContext}
    : {rejectUnauthorized: trust.rejectUnauthorized}
}

function createAgent(modules: NetworkModules, target: URL, proxy: ProxyConfig | undefined, trust: Trust): Agent {
  const options = {keepAlive: true, ...tlsOptions(trust)}
  if (target.protocol === 'https:' && proxy) {
    const TunnelAgent = tunnelAgentClass(modules)
    return new TunnelAgent(proxy, options)
  }

  // A plain http request through a proxy is sent to the proxy itself, so the agent is the proxy's.
  const secure = proxy ? proxy.url.protocol === 'https:' : target.protocol === 'https:'
  return secure ? new modules.https.Agent(options) : new modules.http.Agent({keepAlive: true})
}

/** Thrown into the request when the proxy answers CONNECT with anything but 200. */
class ProxyTunnelError extends Error {
  readonly code = 'ERR_PROXY_TUNNEL'
  constructor(readonly status: number) {
    super(`The proxy answered CONNECT with status ${status}`)
  }
}

type TunnelAgentClass = new (proxy: ProxyConfig, options: AgentOptions) => Agent

let tunnelAgent: TunnelAgentClass | undefined

/** The class extends https.Agent, so it is built once node:https has been loaded. */
function tunnelAgentClass({http, https, tls}: NetworkModules): TunnelAgentClass {
  if (tunnelAgent) return tunnelAgent

  class TunnelAgent extends https.Agent {
    constructor(
      private readonly proxy: ProxyConfig,
      options: AgentOptions,
    ) {
      super(options)
    }

    override createConnection(options: RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): undefined {
      // The agent's own options (secureContext, rejectUnauthorized) are merged into the request's.
      const secure = options as RequestOptions & ConnectionOptions
      const done = once(callback)
      const host = options.host ?? options.hostname ?? 'localhost'
      const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`
      const headers: Record<string, string> = {host: authority}
      if (this.proxy.authorization) headers['proxy-authorization'] = this.proxy.authorization

      const proxyIsTls = this.proxy.url.protocol === 'https:'
      const connect = (proxyIsTls ? https : http).request({
        agent: false,
        headers,
        host: this.proxy.url.hostname.replace(/^\[(.*)]$/, '$1'),
        method: 'CONNECT',
        path: authority,
        port: this.proxy.url.port || (proxyIsTls ? 443 : 80),
        ...(proxyIsTls ? {rejectUnauthorized: secure.rejectUnauthorized, secureContext: secure.secureContext} : {}),
      })
      connect.setTimeout(options.timeout ?? DEFAULT_TUNNEL_TIMEOUT_MS, () => {
        connect.destroy(Object.assign(new Error('The proxy did not open the tunnel in time'), {code: 'ETIMEDOUT'}))
      })
      connect.once('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
        if (response.statusCode !== 200) {
          socket.destroy()
          done(new ProxyTunnelError(response.statusCode ?? 0))
          return
        }

        socket.setTimeout(0)
        if (head.length > 0) socket.unshift(head)
        done(null, tls.connect({...secure, host, socket}))
      })
      connect.once('error', (error) => done(error))
      connect.end()
      return undefined
    }
  }

  tunnelAgent = TunnelAgent
  return TunnelAgent
}

function once(callback?: (error: Error | null, stream: Duplex) => void): (error: Error | null, stream?: Duplex) => void {
  let called = false
  return (error, stream) => {
    if (called || !callback) return
    called = true
    callback(error, stream as Duplex)
  }
}
