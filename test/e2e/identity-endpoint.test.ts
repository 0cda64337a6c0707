/**
 * `az account identity-endpoint start|stop|list` through the built CLI: the rules that keep it safe
 * (the secret header, the allow-list, loopback unless told otherwise, a log without tokens, the rate
 * limit, a clean stop), tokens from the cache under a burst of clients, the printed environment,
 * the secret file, and endpoints running in the background.
 */
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {createServer, connect} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from '@jest/globals'

import {accountSandbox, ARM_SCOPE, claims, copySandbox} from './support/account.js'
import {BIN, REPO_ROOT} from './support/cli.js'
import {jwtsIn, killStartedEndpoints, parseDotenv, requestToken, runSdkClient, spawnEndpoint, startEndpoint} from './support/identity-endpoint.js'
import type {EndpointEnvironment, EndpointResponse} from './support/identity-endpoint.js'
import {sandboxEnv} from './support/processes.js'
import {ALICE, CONTOSO, startEmulator} from './support/signed-in.js'
import type {Emulator, EmulatorSandbox} from './support/signed-in.js'

const ARM = 'https://management.core.windows.net/'
const GRAPH = 'https://graph.microsoft.com'
const VAULT = 'https://vault.azure.net'
const LOGIN_MESSAGE = "ERROR: Please run 'az login' to setup account.\n"

let emulator: Emulator
/** Alice signed in; tests that change files work on copies. */
let signedIn: EmulatorSandbox

beforeAll(async () => {
  emulator = await startEmulator({proxyPort: false})
  signedIn = await accountSandbox(emulator)
  await signedIn.ok(['login', '-u', ALICE, '-p', 'alice-password-1'])
})
afterAll(async () => {
  killStartedEndpoints()
  signedIn.dispose()
  await emulator.close()
})
afterEach(() => {
  killStartedEndpoints()
  emulator.faults.clear()
})

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** True when something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

function portOf(env: EndpointEnvironment): number {
  return Number(new URL(env.IDENTITY_ENDPOINT).port)
}

/** An error answer holds App Service's three fields and nothing else. */
function expectError(response: EndpointResponse, status: number, message: string | RegExp): void {
  expect(response.status).toBe(status)
  expect(response.body).toEqual({correlationId: expect.any(String), message: expect.stringMatching(message), statusCode: status})
}

describe('refusing to start', () => {
  it("refuses when no one is signed in, with get-access-token's message, and prints no environment", async () => {
    const sandbox = await accountSandbox(emulator)
    try {
      for (const args of [[], ['--detach']]) {
        const result = await sandbox.run(['account', 'identity-endpoint', 'start', ...args])
        expect(result).toEqual({exitCode: 1, stderr: LOGIN_MESSAGE, stdout: ''})
      }

      expect(existsSync(join(sandbox.configDir, 'identity-endpoints'))).toBe(false)
    } finally {
      sandbox.dispose()
    }
  })

  it('refuses a non-loopback --bind without --allow-non-loopback, and listens nowhere', async () => {
    const port = await freePort()
    for (const bind of ['0.0.0.0', '::']) {
      const result = await signedIn.run(['account', 'identity-endpoint', 'start', '--bind', bind, '--port', String(port)])
      expect(result.exitCode).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(`ERROR: usage error: --bind ${bind} is not a loopback address: programs on every network this machine is on`)
      expect(result.stderr).toContain('Add --allow-non-loopback to mean it')
      expect(await listening(port)).toBe(false)
    }
  })

  it.each([
    [['--bind', 'my-laptop'], 2, "'my-laptop' is not one"],
    [['--port', '70000'], 2, 'ERROR: argument --port: 70000 is out of range: it must be from 0 to 65535.'],
    [['--port', 'any'], 2, "ERROR: argument --port: invalid int value: 'any'"],
    [['--format', 'xml'], 2, "'xml' is not a valid value for '--format'. Allowed values: shell, powershell, dotenv, docker, compose, devcontainer."],
    [['--allow-resource', ' '], 2, '--allow-resource needs a resource ID'],
    [['--rate-limit', '0'], 2, 'ERROR: argument --rate-limit: 0 is out of range: it must be at least 1.'],
    [['--subscription', 'No Such Subscription'], 1, "Subscription 'No Such Subscription' not found."],
  ])('refuses %j with exit code %i', async (args, exitCode, message) => {
    const result = await signedIn.run(['account', 'identity-endpoint', 'start', ...args])
    expect(result).toMatchObject({exitCode, stdout: ''})
    expect(result.stderr).toContain(message)
  })

  it('refuses a port in use', async () => {
    const endpoint = await startEndpoint(signedIn)
    const port = portOf(endpoint.env)
    const result = await signedIn.run(['account', 'identity-endpoint', 'start', '--port', String(port)])
    expect(result).toEqual({
      exitCode: 1,
      stderr: `ERROR: Port ${port} on 127.0.0.1 is in use.\nChoose another with --port, or leave --port out for a free one.\n`,
      stdout: '',
    })
    await endpoint.stop()
  })
})

describe('the secret header', () => {
  it('answers 401 and nothing else without it or with a wrong one, before looking at the request', async () => {
    const endpoint = await startEndpoint(signedIn)
    emulator.requests.clear()
    const wrong = `${endpoint.env.IDENTITY_HEADER.slice(0, -1)}${endpoint.env.IDENTITY_HEADER.endsWith('A') ? 'B' : 'A'}`
    for (const secret of [null, '', wrong, `${endpoint.env.IDENTITY_HEADER}x`, endpoint.env.IDENTITY_HEADER.toLowerCase()]) {
      for (const options of [{}, {path: '/elsewhere'}, {apiVersion: '2017-09-01'}, {method: 'POST'}]) {
        const response = await requestToken(endpoint.env, GRAPH, {...options, secret})
        expectError(response, 401, /^The X-IDENTITY-HEADER header is missing or wrong/)
      }
    }

    expect(emulator.requests.count()).toBe(0)
    expect((await requestToken(endpoint.env, GRAPH)).status).toBe(200)
    const exit = await endpoint.stop()
    expect(exit.stderr).toMatch(/ 127\.0\.0\.1 401 https:\/\/graph\.microsoft\.com no X-IDENTITY-HEADER \(\d+ ms\)\n/)
    expect(exit.stderr).toMatch(/ 127\.0\.0\.1 401 https:\/\/graph\.microsoft\.com wrong X-IDENTITY-HEADER \(\d+ ms\)\n/)
  })

  it('is new at every start, and kept in --secret-file (created 0600) across restarts', async () => {
    const first = await startEndpoint(signedIn)
    await first.stop()
    const second = await startEndpoint(signedIn)
    await second.stop()
    expect(second.env.IDENTITY_HEADER).not.toBe(first.env.IDENTITY_HEADER)
    expect(first.env.IDENTITY_HEADER).toMatch(/^[\w-]{43}$/)

    const dir = mkdtempSync(join(tmpdir(), 'azx-secret-'))
    try {
      const file = join(dir, 'endpoint.secret')
      const withFile = await startEndpoint(signedIn, ['--secret-file', file])
      await withFile.stop()
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(readFileSync(file, 'utf8')).toBe(`${withFile.env.IDENTITY_HEADER}\n`)
      const again = await startEndpoint(signedIn, ['--secret-file', file])
      expect(again.env.IDENTITY_HEADER).toBe(withFile.env.IDENTITY_HEADER)
      expect((await requestToken(again.env, ARM)).status).toBe(200)
      await again.stop()
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })

  it('refuses a secret file it cannot use, and leaves it as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'azx-secret-'))
    try {
      const file = join(dir, 'endpoint.secret')
      writeFileSync(file, 'too short\n', {mode: 0o600})
      const result = await signedIn.run(['account', 'identity-endpoint', 'start', '--secret-file', file])
      expect(result).toMatchObject({exitCode: 1, stdout: ''})
      expect(result.stderr).toContain(`ERROR: The secret in '${file}' is not usable: it must be 16 to 256 characters`)
      expect(readFileSync(file, 'utf8')).toBe('too short\n')
      const missingDir = await signedIn.run(['account', 'identity-endpoint', 'start', '--secret-file', join(dir, 'no', 'such', 'dir')])
      expect(missingDir).toMatchObject({exitCode: 1, stdout: ''})
      expect(missingDir.stderr).toContain('could not be read or created')
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })
})

describe('the allow-list', () => {
  it('hands out tokens for --allow-resource only (either spelling of a resource ID) and 403 for others, without asking Entra ID', async () => {
    const endpoint = await startEndpoint(signedIn, ['--allow-resource', ARM, '--allow-resource', VAULT])
    emulator.requests.clear()
    const refused = await requestToken(endpoint.env, GRAPH)
    expectError(refused, 403, `This endpoint does not hand out tokens for '${GRAPH}'. It serves: ${ARM}, ${VAULT}.`)
    expect(emulator.requests.count()).toBe(0)
    for (const resource of [ARM, ARM.replace(/\/$/, ''), `${VAULT}/`]) expect((await requestToken(endpoint.env, resource)).status).toBe(200)

    const sdk = await runSdkClient('node', 'managed', {...endpoint.env}, ['https://graph.microsoft.com/.default'], signedIn.home)
    expect(sdk).toEqual({error: {message: expect.stringContaining(`does not hand out tokens for '${GRAPH}'`), name: 'CredentialUnavailableError'}})
    const exit = await endpoint.stop()
    expect(exit.stderr).toContain(` 403 ${GRAPH} resource not allowed (`)
  })
})

describe('requests', () => {
  it('answers 400 to another protocol, 404 elsewhere and 405 to other methods, with the header', async () => {
    const endpoint = await startEndpoint(signedIn)
    expectError(await requestToken(endpoint.env, ARM, {apiVersion: '2017-09-01'}), 400, "The api-version '2017-09-01' is not supported")
    expectError(await requestToken(endpoint.env, ARM, {apiVersion: null}), 400, 'The api-version query parameter is required')
    expectError(await requestToken(endpoint.env, undefined), 400, 'One resource query parameter is required')
    expectError(await requestToken(endpoint.env, ARM, {path: '/metadata/identity/oauth2/token'}), 404, 'Not found: tokens are served at /msi/token.')
    const post = await requestToken(endpoint.env, ARM, {method: 'POST'})
    expectError(post, 405, 'Only GET is supported.')
    expect(post.headers.allow).toBe('GET')
    const ok = await requestToken(endpoint.env, ARM, {path: '/msi/token/'})
    expect(ok.status).toBe(200)
    expect(ok.headers['cache-control']).toBe('no-store')
    await endpoint.stop()
  })

  it('rate-limits each client address: 429 with Retry-After beyond --rate-limit a minute', async () => {
    const endpoint = await startEndpoint(signedIn, ['--rate-limit', '3'])
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await requestToken(endpoint.env, ARM)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const limited = await requestToken(endpoint.env, ARM, {secret: null})
    expectError(limited, 429, /^Too many requests from this client: at most 3 a minute. Retry after \d+ seconds.$/)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    // Another loopback address is another client.
    expect((await requestToken(endpoint.env, ARM, {localAddress: '127.0.0.2'})).status).toBe(200)
    const exit = await endpoint.stop()
    expect(exit.stderr).toContain(` 127.0.0.1 429 ${ARM} rate limited (`)
    expect(exit.stderr).toContain(` 127.0.0.2 200 ${ARM} token valid until `)
  })

  it('answers 200 concurrent requests for a cached token from the cache, with no request to Entra ID', async () => {
    const endpoint = await startEndpoint(signedIn, ['--quiet'])
    emulator.requests.clear()
    const responses = await Promise.all(Array.from({length: 200}, () => requestToken(endpoint.env, ARM)))
    expect(responses.filter((response) => response.status !== 200)).toEqual([])
    expect(new Set(responses.map((response) => response.body.access_token)).size).toBe(1)
    expect(emulator.requests.count()).toBe(0)
    // --quiet: no status line per request.
    expect((await endpoint.stop()).stderr).not.toMatch(/ 200 /)
  })

  it('makes one token request for 200 concurrent requests of a token not yet cached', async () => {
    const sandbox = copySandbox(signedIn)
    try {
      const endpoint = await startEndpoint(sandbox, ['--quiet'])
      emulator.requests.clear()
      const responses = await Promise.all(Array.from({length: 200}, () => requestToken(endpoint.env, VAULT)))
      expect(responses.filter((response) => response.status !== 200)).toEqual([])
      expect(new Set(responses.map((response) => response.body.access_token)).size).toBe(1)
      expect(emulator.requests.count({route: 'token'})).toBe(1)
      // It is now in the cache get-access-token reads.
      const printed = JSON.parse((await sandbox.ok(['account', 'get-access-token', '--resource', VAULT])).stdout) as {accessToken: string}
      expect(printed.accessToken).toBe(responses[0].body.access_token)
      await endpoint.stop()
    } finally {
      sandbox.dispose()
    }
  })
})

describe('the log', () => {
  it('records time, client, status, resource and outcome of every request, and never a token or the secret', async () => {
    const endpoint = await startEndpoint(signedIn, ['--allow-resource', ARM, '--allow-resource', GRAPH])
    const issued: string[] = []
    for (const resource of [ARM, GRAPH, ARM]) issued.push((await requestToken(endpoint.env, resource)).body.access_token as string)
    const wrongSecret = 'a-guess-of-the-secret-that-is-wrong'
    await requestToken(endpoint.env, ARM, {secret: wrongSecret})
    await requestToken(endpoint.env, VAULT)
    await requestToken(endpoint.env, `${ARM}\n2030-01-01T00:00:00.000Z 10.9.9.9 200 forged`)
    const sdk = await runSdkClient('node', 'default', {...endpoint.env}, [ARM_SCOPE], signedIn.home)
    issued.push(...('error' in sdk ? [] : sdk.map((token) => token.token)))
    const {exitCode, stderr} = await endpoint.stop()
    expect(exitCode).toBe(0)
    expect(issued.filter(Boolean)).toHaveLength(4)

    const lines = stderr.trimEnd().split('\n')
    const requests = lines.filter((line) => /^\d{4}-\d\d-\d\dT[\d:.]+Z /.test(line))
    expect(requests).toHaveLength(7)
    for (const line of requests) expect(line).toMatch(/^\S+Z 127\.0\.0\.1 \d{3} \S+ .+ \(\d+ ms\)$/)
    expect(requests.filter((line) => / 200 \S+ token valid until \S+Z /.test(line))).toHaveLength(4)
    expect(lines.some((line) => line.includes('10.9.9.9') && !line.includes('%0A'))).toBe(false)

    for (const token of issued) expect(stderr).not.toContain(token)
    for (const part of issued.flatMap((token) => token.split('.'))) expect(stderr).not.toContain(part)
    expect(jwtsIn(stderr)).toEqual([])
    expect(stderr).not.toContain(endpoint.env.IDENTITY_HEADER)
    expect(stderr).not.toContain(wrongSecret)
  })
})

describe('stopping', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops cleanly on %s: exit code 0, the port closed', async (signal) => {
    const endpoint = await startEndpoint(signedIn)
    const port = portOf(endpoint.env)
    expect(await listening(port)).toBe(true)
    const exit = await endpoint.stop(signal)
    expect(exit).toMatchObject({exitCode: 0, signal: null})
    expect(exit.stderr).toContain(`${signal}: stopping; requests under way are answered first.\nStopped.\n`)
    expect(await listening(port)).toBe(false)
  })

  it('answers a request under way before it stops', async () => {
    const sandbox = copySandbox(signedIn)
    try {
      const endpoint = await startEndpoint(sandbox)
      const slow = emulator.faults.add({latencyMs: 2000, route: 'token'})
      const pending = requestToken(endpoint.env, VAULT)
      // Stopped while the endpoint waits for Entra ID.
      while (slow.hits === 0) await new Promise((resolve) => setTimeout(resolve, 20))
      endpoint.child.kill('SIGTERM')
      const response = await pending
      expect(response.status).toBe(200)
      expect(claims(response.body.access_token as string)).toMatchObject({aud: VAULT, tid: CONTOSO})
      expect(await endpoint.exited).toMatchObject({exitCode: 0})
    } finally {
      sandbox.dispose()
    }
  })
})

describe('the printed environment', () => {
  it('is export lines by default, and the container formats name host.docker.internal', async () => {
    const shell = spawnEndpoint(signedIn, [])
    const docker = spawnEndpoint(signedIn, ['--format', 'docker', '--bind', '127.0.0.1'])
    const compose = spawnEndpoint(signedIn, ['--format', 'compose', '--endpoint-host', 'devbox.internal'])
    const until = async (output: {stdout: string; stderr: string}) => {
      while (!output.stderr.includes('Serving tokens of')) await new Promise((resolve) => setTimeout(resolve, 20))
    }

    await Promise.all([until(shell.output), until(docker.output), until(compose.output)])
    for (const child of [shell, docker, compose]) child.child.kill('SIGTERM')
    const [shellExit, dockerExit, composeExit] = await Promise.all([shell.exited, docker.exited, compose.exited])
    expect(shellExit.stdout).toMatch(/^export IDENTITY_ENDPOINT='http:\/\/127\.0\.0\.1:\d+\/msi\/token'\nexport IDENTITY_HEADER='[\w-]{43}'\n$/)
    expect(dockerExit.stdout).toMatch(
      /^--add-host=host\.docker\.internal:host-gateway -e IDENTITY_ENDPOINT=http:\/\/host\.docker\.internal:\d+\/msi\/token -e IDENTITY_HEADER=[\w-]{43}\n$/,
    )
    // A loopback endpoint is out of reach of containers on Linux: the command says how to reach it.
    expect(dockerExit.stderr).toContain('WARNING: Containers on Linux reach host.docker.internal at the Docker bridge')
    expect(composeExit.stdout).toMatch(
      /^ {4}environment:\n {6}IDENTITY_ENDPOINT: "http:\/\/devbox\.internal:\d+\/msi\/token"\n {6}IDENTITY_HEADER: "[\w-]{43}"\n$/,
    )
  })

  it('says what a non-loopback bind exposes, and serves there', async () => {
    const endpoint = await startEndpoint(signedIn, ['--bind', '0.0.0.0', '--allow-non-loopback'])
    expect(endpoint.stderr()).toMatch(
      /WARNING: The endpoint listens on 0\.0\.0\.0:\d+, reachable beyond this machine at .*\. Anyone there who has its IDENTITY_HEADER secret gets tokens of alice@contoso\.example for any resource\./,
    )
    expect(endpoint.env.IDENTITY_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/)
    expect((await requestToken(endpoint.env, ARM)).status).toBe(200)
    await endpoint.stop()
  })
})

describe('in the background', () => {
  let sandbox: EmulatorSandbox
  beforeAll(() => {
    sandbox = copySandbox(signedIn)
  })
  afterAll(async () => {
    await sandbox.run(['account', 'identity-endpoint', 'stop'])
    sandbox.dispose()
  })

  function recordsDir(): string {
    return join(sandbox.configDir, 'identity-endpoints')
  }

  /** True while `pid` runs; an ended process not yet reaped (a zombie) has ended. */
  function alive(pid: number): boolean {
    try {
      return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
    } catch {
      return false
    }
  }

  it('starts with --detach, is listed, serves, and stops with `stop`, its record removed and its log free of tokens', async () => {
    const started = await sandbox.ok(['account', 'identity-endpoint', 'start', '--detach', '--format', 'dotenv', '--allow-resource', ARM])
    const env = parseDotenv(started.stdout) as unknown as EndpointEnvironment
    const [, pid, logFile, port] =
      /^The endpoint runs in the background \(process (\d+); log (\S+)\)\. Stop it with: az account identity-endpoint stop --port (\d+)\n$/.exec(
        started.stderr,
      ) ?? []
    expect(Number(port)).toBe(portOf(env))
    expect(logFile).toBe(join(recordsDir(), `${pid}.log`))

    const token = (await requestToken(env, ARM)).body.access_token as string
    expect(claims(token)).toMatchObject({upn: ALICE})
    expectError(await requestToken(env, GRAPH), 403, 'does not hand out tokens')

    const listed = JSON.parse((await sandbox.ok(['account', 'identity-endpoint', 'list'])).stdout) as Record<string, unknown>[]
    expect(listed).toEqual([
      expect.objectContaining({
        allowedResources: [ARM],
        bind: '127.0.0.1',
        endpoint: env.IDENTITY_ENDPOINT,
        logFile,
        pid: Number(pid),
        port: Number(port),
        tenant: CONTOSO,
        user: ALICE,
      }),
    ])
    expect(statSync(recordsDir()).mode & 0o777).toBe(0o700)
    for (const name of readdirSync(recordsDir())) {
      expect(statSync(join(recordsDir(), name)).mode & 0o777).toBe(0o600)
      expect(readFileSync(join(recordsDir(), name), 'utf8')).not.toContain(env.IDENTITY_HEADER)
    }

    expect(await sandbox.run(['account', 'identity-endpoint', 'stop'])).toEqual({exitCode: 0, stderr: '', stdout: ''})
    expect(alive(Number(pid))).toBe(false)
    expect(await listening(Number(port))).toBe(false)
    expect(existsSync(join(recordsDir(), `${pid}.json`))).toBe(false)
    const log = readFileSync(logFile, 'utf8')
    expect(log).toMatch(new RegExp(` 127\\.0\\.0\\.1 200 ${ARM.replaceAll('.', '\\.')} token valid until `))
    expect(log).toContain('SIGTERM: stopping; requests under way are answered first.\nStopped.\n')
    expect(log).not.toContain(token)
    expect(jwtsIn(log)).toEqual([])
    expect(JSON.parse((await sandbox.ok(['account', 'identity-endpoint', 'list'])).stdout)).toEqual([])
  })

  it('sets the environment of a shell with eval', async () => {
    const script =
      `eval "$("${process.execPath}" "${BIN}" account identity-endpoint start ` +
      `--detach)" && printf '%s\\n%s\\n' "$IDENTITY_ENDPOINT" "$IDENTITY_HEADER"`
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', script], {env: sandboxEnv(sandbox), stdio: ['ignore', 'pipe', 'ignore']})
      let stdout = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
      child.on('error', reject)
      child.on('close', () => resolve(stdout))
    })
    const [endpoint, secret] = output.trimEnd().split('\n')
    const env = {IDENTITY_ENDPOINT: endpoint, IDENTITY_HEADER: secret}
    const [arm] = (await runSdkClient('node', 'managed', env, [ARM_SCOPE], sandbox.home)) as {token: string}[]
    expect(claims(arm.token)).toMatchObject({upn: ALICE})
    expect(await sandbox.run(['account', 'identity-endpoint', 'stop', '--port', String(portOf(env))])).toMatchObject({exitCode: 0})
  })

  it('stops one by --port, says so when none runs, and 3 for an unknown port', async () => {
    const first = parseDotenv(
      (await sandbox.ok(['account', 'identity-endpoint', 'start', '--detach', '--format', 'dotenv'])).stdout,
    ) as unknown as EndpointEnvironment
    const second = parseDotenv(
      (await sandbox.ok(['account', 'identity-endpoint', 'start', '--detach', '--format', 'dotenv'])).stdout,
    ) as unknown as EndpointEnvironment
    expect(await sandbox.run(['account', 'identity-endpoint', 'stop', '--port', String(portOf(first))])).toMatchObject({exitCode: 0})
    expect(await listening(portOf(first))).toBe(false)
    expect((await requestToken(second, ARM)).status).toBe(200)
    const unknown = await sandbox.run(['account', 'identity-endpoint', 'stop', '--port', String(portOf(first))])
    expect(unknown).toEqual({
      exitCode: 3,
      stderr:
        `ERROR: No identity endpoint started with --detach listens on port ${portOf(first)}.\n` +
        'See those that run with: az account identity-endpoint list\n',
      stdout: '',
    })
    expect(await sandbox.run(['account', 'identity-endpoint', 'stop'])).toMatchObject({exitCode: 0, stderr: ''})
    expect(await listening(portOf(second))).toBe(false)
    expect(await sandbox.run(['account', 'identity-endpoint', 'stop'])).toEqual({
      exitCode: 0,
      stderr: 'WARNING: No identity endpoint is running in the background.\n',
      stdout: '',
    })
  })

  it("reports the server's own error when it cannot start, and leaves no record", async () => {
    const result = await sandbox.run(['account', 'identity-endpoint', 'start', '--detach', '--bind', '0.0.0.0'])
    expect(result).toMatchObject({exitCode: 2, stdout: ''})
    expect(result.stderr).toContain('ERROR: usage error: --bind 0.0.0.0 is not a loopback address')
    expect(readdirSync(recordsDir()).filter((name) => name.endsWith('.json'))).toEqual([])
  })

  it('forgets the record of a server that died without removing it', async () => {
    const started = parseDotenv(
      (await sandbox.ok(['account', 'identity-endpoint', 'start', '--detach', '--format', 'dotenv'])).stdout,
    ) as unknown as EndpointEnvironment
    const [record] = JSON.parse((await sandbox.ok(['account', 'identity-endpoint', 'list'])).stdout) as {pid: number}[]
    process.kill(record.pid, 'SIGKILL')
    while (alive(record.pid)) await new Promise((resolve) => setTimeout(resolve, 20))

    expect(existsSync(join(recordsDir(), `${record.pid}.json`))).toBe(true)
    expect(JSON.parse((await sandbox.ok(['account', 'identity-endpoint', 'list'])).stdout)).toEqual([])
    expect(existsSync(join(recordsDir(), `${record.pid}.json`))).toBe(false)
    expect(await listening(portOf(started))).toBe(false)
  })
})

describe('help', () => {
  it('lists start, stop and list under az account identity-endpoint', async () => {
    const result = await signedIn.run(['account', 'identity-endpoint', '--help'])
    expect(result.exitCode).toBe(0)
    for (const command of ['start', 'stop', 'list']) expect(result.stdout).toContain(`account identity-endpoint ${command}`)
    expect(readFileSync(join(REPO_ROOT, 'plugins', 'account', 'oclif.manifest.json'), 'utf8')).toContain('"account:identity-endpoint:start"')
  })
})
