/**
 * `--format`: the environment that points a program's managed identity credential at the endpoint,
 * in the forms people paste. The container forms name the endpoint by `host.docker.internal` and
 * map that name to the host's gateway (Docker on Linux needs the mapping; Docker Desktop has the
 * name already), unless `--endpoint-host` names the host otherwise.
 *
 * Values are printed unquoted where quotes would reach the program (`docker run $(…)`, a
 * `--env-file`): the secret's characters need none (see secret.ts), nor does a URL.
 */
import {isLoopback, localHost, urlHost} from './bind-address.js'
import {TOKEN_PATH} from './protocol.js'

export const ENVIRONMENT_FORMATS = ['shell', 'powershell', 'dotenv', 'docker', 'compose', 'devcontainer'] as const
export type EnvironmentFormat = (typeof ENVIRONMENT_FORMATS)[number]

/** The name containers use for the machine they run on. */
const DOCKER_HOST_NAME = 'host.docker.internal'
const ADD_HOST = `${DOCKER_HOST_NAME}:host-gateway`

export interface EndpointEnvironment {
  IDENTITY_ENDPOINT: string
  IDENTITY_HEADER: string
}

/** True for the formats whose program runs in a container. */
function isContainerFormat(format: EnvironmentFormat): boolean {
  return format === 'docker' || format === 'compose' || format === 'devcontainer'
}

export interface EndpointAddress {
  format: EnvironmentFormat
  bind: string
  port: number
  /** `--endpoint-host`: the host name clients use, when not the default. */
  endpointHost?: string
}

/**
 * IDENTITY_ENDPOINT as clients of `format` reach it: at `--endpoint-host`, else
 * `host.docker.internal` from a container, else the bound address (loopback for 0.0.0.0 and ::).
 */
export function endpointUrl({bind, endpointHost, format, port}: EndpointAddress): string {
  const host = endpointHost ?? (isContainerFormat(format) ? DOCKER_HOST_NAME : localHost(bind))
  return `http://${urlHost(host)}:${port}${TOKEN_PATH}`
}

/**
 * Why containers may not reach the endpoint as printed, or undefined: Docker on Linux routes
 * `host.docker.internal` to the bridge's gateway address, where a loopback-bound endpoint is not.
 */
export function containerReachNote({bind, endpointHost, format}: EndpointAddress, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!isContainerFormat(format) || endpointHost !== undefined || !isLoopback(bind) || platform !== 'linux') return undefined
  return (
    `Containers on Linux reach ${DOCKER_HOST_NAME} at the Docker bridge's address, where an endpoint bound to ${bind} ` +
    `does not listen. Start it with --bind 172.17.0.1 --allow-non-loopback (Docker Desktop reaches ${bind} as it is).`
  )
}

/** The text to paste; the container formats map `host.docker.internal` when the endpoint is named so. */
export function formatEnvironment(format: EnvironmentFormat, env: EndpointEnvironment): string {
  const entries = Object.entries(env)
  const mapHost = new URL(env.IDENTITY_ENDPOINT).hostname === DOCKER_HOST_NAME
  switch (format) {
    case 'shell': {
      return lines(entries.map(([name, value]) => `export ${name}='${value}'`))
    }

    case 'powershell': {
      return lines(entries.map(([name, value]) => `$env:${name} = '${value}'`))
    }

    case 'dotenv': {
      return lines(entries.map(([name, value]) => `${name}=${value}`))
    }

    case 'docker': {
      return lines([[...(mapHost ? [`--add-host=${ADD_HOST}`] : []), ...entries.map(([name, value]) => `-e ${name}=${value}`)].join(' ')])
    }

    case 'compose': {
      // A service's keys, indented to go under `services: NAME:`.
      const hosts = mapHost ? ['    extra_hosts:', `      - "${ADD_HOST}"`] : []
      return lines([...hosts, '    environment:', ...entries.map(([name, value]) => `      ${name}: "${value}"`)])
    }

    case 'devcontainer': {
      const snippet = {containerEnv: env, ...(mapHost ? {runArgs: [`--add-host=${ADD_HOST}`]} : {})}
      return `${JSON.stringify(snippet, undefined, 2)}\n`
    }
  }
}

function lines(list: string[]): string {
  return `${list.join('\n')}\n`
}
