/**
 * `startEmulator`: makes the run's certificates and keys, starts the HTTPS server and the proxy,
 * and returns the handle tests drive it with.
 */
import {createPrivateKey, createPublicKey, generateKeyPair, randomBytes} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import type {Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {AuthorizationCodes} from './authorization-codes.js'
import {completeBrowserSignIn, completeDeviceCodeSignIn, registerEmulatorCa, type BrowserSignInResult} from './browser-sign-in.js'
import {createClientCertificate, createServerCertificates, readClientCertificate, type ClientCertificate} from './certificates.js'
import {revokeSessions, setTenantPolicies, type TenantPolicies} from './access-controls.js'
import {CiJobs, type CiJob, type CiJobOptions} from './ci-jobs.js'
import {Clock} from './clock.js'
import {ContinuousAccess} from './conditional-access.js'
import type {EmulatorContext, FederatedIssuerKeys} from './context.js'
import {
  approveDeviceCode,
  declineDeviceCode,
  revokeRefreshTokens,
  setAccessTokenLifetime,
  setAutoApproveDeviceCodes,
  setSingleUseRefreshTokens,
} from './controls.js'
import {expireCredential, type ExpiringCredential} from './credential-expiry.js'
import {DeviceCodes} from './device-codes.js'
import {Directory} from './directory.js'
import {Faults, type FaultRule} from './faults.js'
import {signFederatedToken} from './federated-tokens.js'
import {thumbprint} from './jwt.js'
import {createNetworkClient, type MsalNetworkClient} from './network-client.js'
import {createProxyServer} from './proxy.js'
import {RefreshTokens} from './refresh-tokens.js'
import {RequestLog} from './request-log.js'
import {APP_SERVICE_TOKEN_PATH, IMDS_TOKEN_PATH} from './routes/managed-identity.js'
import {loadSeed, type Seed, type SeedFile, type TenantSeed} from './seed.js'
import {createHttpsServer, createRequestHandler, Lifetime} from './server.js'
import {SignInFlows} from './sign-in-flows.js'
import {createSigningKey, TokenIssuer} from './tokens.js'

export interface EmulatorOptions {
  /** The HTTPS port; 0 (the default) picks a free one. */
  port?: number
  /** The CONNECT proxy's port; 0 (the default) picks a free one, `false` starts no proxy. */
  proxyPort?: number | false
  /** A seed file path or a seed object; defaults to seed/default.json. */
  seed?: string | SeedFile
  /** Overrides the seed's access token lifetime (seconds). */
  accessTokenLifetimeSeconds?: number
  /** Overrides the seed's `singleUseRefreshTokens`: refuse a refresh token once exchanged. */
  singleUseRefreshTokens?: boolean
  /** Overrides the seed's `refreshTokenReuseIntervalSeconds`. */
  refreshTokenReuseIntervalSeconds?: number
  /** Approve every device code as this user the moment it is issued. Off by default. */
  autoApproveDeviceCodes?: string
  /** Faults in force from the start. */
  faults?: FaultRule[]
  /** Where the certificates go; a new temporary directory (removed by `close`) when absent. */
  dir?: string
}

/** Environment variables that point a managed identity client at the emulator. */
export type ManagedIdentitySource = 'imds' | 'app-service'

export interface Emulator {
  /** `https://localhost:PORT`: the Entra ID authority host and the ARM endpoint. */
  readonly url: string
  readonly port: number
  /** `http://127.0.0.1:PORT` of the CONNECT proxy, or undefined when started without one. */
  readonly proxy: string | undefined
  readonly proxyPort: number | undefined
  /** Path of the CA certificate (PEM) that signed the server certificate. */
  readonly ca: string
  /** The CA certificate itself, PEM. */
  readonly caPem: string
  /** Path of the system CA bundle + the emulator's CA: the value for NODE_EXTRA_CA_CERTS. */
  readonly caBundle: string
  /** The directory holding the run's files. */
  readonly dir: string
  /** The seed being served (settings reflect run-time changes). */
  readonly seed: Seed
  /** Every request answered, for assertions. */
  readonly requests: RequestLog
  /** Fault injection rules. */
  readonly faults: Faults
  /** The emulator's time; `advance` it to expire codes and tokens without sleeping. */
  readonly clock: Clock
  /** A network client for MSAL Node (`system.networkClient`) that trusts this emulator. */
  readonly networkClient: MsalNetworkClient
  /** The managed identity endpoints and the environment that selects each. */
  readonly managedIdentity: {
    /** The IMDS base URL, for MSAL's AZURE_POD_IDENTITY_AUTHORITY_HOST. */
    readonly imdsBase: string
    readonly imdsEndpoint: string
    /** App Service's IDENTITY_ENDPOINT. */
    readonly identityEndpoint: string
    /** App Service's IDENTITY_HEADER (a per-run secret). */
    readonly identityHeader: string
    env(source: ManagedIdentitySource): Record<string, string>
  }
  /** The access token lifetime in force (seconds). */
  readonly accessTokenLifetimeSeconds: number
  /** Changes `expires_in` of tokens issued from now on (e.g. 120 makes MSAL refresh on every call). */
  setAccessTokenLifetime(seconds: number): void
  /** Revokes the refresh tokens of `username`, or of everyone. */
  revokeRefreshTokens(username?: string): void
  /**
   * Revokes every session of `username` (or of everyone): refresh tokens stop working, and ARM
   * answers the CAE access tokens issued so far with a claims challenge.
   */
  revokeSessions(username?: string): void
  /** Changes what a tenant's Conditional Access demands (MFA, no device code, an authentication context); returns the tenant. */
  setTenantPolicies(tenant: string, policies: TenantPolicies): TenantSeed
  /**
   * Refuse (true) or accept (false) a refresh token that was already exchanged for a new one; with
   * a reuse interval, refuse it only once that many seconds have passed since the exchange.
   */
  setSingleUseRefreshTokens(enabled: boolean, options?: {reuseIntervalSeconds?: number}): void
  /** Approves a pending device code as `username`; MFA counts as done unless `mfa: false`. */
  approveDeviceCode(userCode: string, username: string, options?: {mfa?: boolean}): void
  /** Declines a pending device code. */
  declineDeviceCode(userCode: string): void
  /** Approve every new device code as `username` from now on; undefined turns it off. */
  autoApproveDeviceCodes(username: string | undefined): void
  /** Completes a browser sign-in as `username` through the HTML pages (password defaults to the seeded one). */
  completeBrowserSignIn(authorizeUrl: string, user: {username: string; password?: string}): Promise<BrowserSignInResult>
  /** Walks /devicelogin for `userCode` as `username` (password defaults to the seeded one). */
  completeDeviceCodeSignIn(userCode: string, user: {username: string; password?: string; decline?: boolean}): Promise<'approved' | 'declined'>
  /** A JWT from a seeded federated issuer (the first one by default), to use as a federated client assertion. */
  issueFederatedToken(claims: {subject: string; audience?: string; issuer?: string; expiresInSeconds?: number}): string
  /** A service principal's certificate: paths (cert, key, key+cert PEM) and thumbprints. */
  certificateOf(appId: string): ClientCertificate | undefined
  /**
   * Starts a GitHub Actions or Azure Pipelines job whose steps can ask for OIDC tokens (its `env`
   * holds the variables the CI system sets); `assertionsIssued` counts the tokens handed out.
   */
  startCiJob(options: CiJobOptions): CiJob
  /** Ends a service principal's secret or certificate now (AADSTS7000222 / AADSTS700027 from then on). */
  expireServicePrincipalCredential(appId: string, credential: ExpiringCredential): void
  /** Makes a tenant demand multi-factor authentication of user tokens (AADSTS50076), or stop (`false`): `setTenantPolicies(tenant, {requireMfa})`. */
  requireMfa(tenant: string, enabled?: boolean): void
  /** Variables for a child Node process (NODE_EXTRA_CA_CERTS). */
  nodeEnv(): Record<string, string>
  /** Variables for the Python az: HTTPS_PROXY and HTTP_PROXY (IMDS), NO_PROXY, REQUESTS_CA_BUNDLE, telemetry off. */
  pythonAzEnv(): Record<string, string>
  /** Stops the servers, cuts open connections and removes the run's temporary files. */
  close(): Promise<void>
}

const LISTEN_HOST = '127.0.0.1'

/** Starts an emulator; resolves once both servers listen. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = loadSeed(options.seed)
  if (options.accessTokenLifetimeSeconds !== undefined) {
    if (!Number.isInteger(options.accessTokenLifetimeSeconds) || options.accessTokenLifetimeSeconds < 1)
      throw new RangeError('accessTokenLifetimeSeconds must be a positive integer')
    seed.settings.accessTokenLifetimeSeconds = options.accessTokenLifetimeSeconds
  }
  if (options.singleUseRefreshTokens !== undefined) seed.settings.singleUseRefreshTokens = options.singleUseRefreshTokens
  if (options.refreshTokenReuseIntervalSeconds !== undefined)
    seed.settings.refreshTokenReuseIntervalSeconds = options.refreshTokenReuseIntervalSeconds
  const ownsDir = options.dir === undefined
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'azx-emulator-'))
  try {
    return await start(options, seed, dir, ownsDir)
  } catch (error) {
    if (ownsDir) rmSync(dir, {recursive: true, force: true})
    throw error
  }
}

async function start(options: EmulatorOptions, seed: Seed, dir: string, ownsDir: boolean): Promise<Emulator> {
  const [certificates, signingKey, clientCertificates, federatedIssuers] = await Promise.all([
    createServerCertificates(dir, ['localhost', 'login.microsoftonline.com'], ['127.0.0.1', '::1']),
    createSigningKey(),
    servicePrincipalCertificates(seed, dir),
    federatedIssuerKeys(seed),
  ])
  const clock = new Clock()
  const directory = new Directory(seed)
  // The URLs and the token issuer depend on the port, known once the server listens (below).
  const context = {
    baseUrl: '',
    hostPort: '',
    seed,
    directory,
    clock,
    signingKey,
    refreshTokens: new RefreshTokens(
      clock,
      () => seed.settings.refreshTokenLifetimeSeconds,
      () => seed.settings.singleUseRefreshTokens,
      () => seed.settings.refreshTokenReuseIntervalSeconds,
    ),
    continuousAccess: new ContinuousAccess(clock),
    authorizationCodes: new AuthorizationCodes(clock),
    deviceCodes: new DeviceCodes(clock),
    signInFlows: new SignInFlows(clock),
    clientCertificates,
    federatedIssuers,
    identityHeader: randomBytes(16).toString('hex'),
    requestLog: new RequestLog(),
    faults: new Faults(),
  } as Omit<EmulatorContext, 'issuer' | 'ciJobs'> as EmulatorContext
  context.ciJobs = new CiJobs(context)
  if (options.autoApproveDeviceCodes !== undefined) setAutoApproveDeviceCodes(context, options.autoApproveDeviceCodes)
  for (const rule of options.faults ?? []) context.faults.add(rule)

  const lifetime = new Lifetime()
  const handler = createRequestHandler(context, lifetime)
  const https = createHttpsServer(certificates.serverKeyPem, certificates.serverCertPem, handler, lifetime)
  const port = await listen(https, options.port ?? 0)
  context.baseUrl = `https://localhost:${port}`
  context.hostPort = `localhost:${port}`
  context.issuer = new TokenIssuer(signingKey, clock, context.baseUrl, seed.settings)

  let proxyServer: Server | undefined
  let proxyPort: number | undefined
  if (options.proxyPort !== false) {
    proxyServer = createProxyServer(context, https, handler, lifetime)
    try {
      proxyPort = await listen(proxyServer, options.proxyPort ?? 0)
    } catch (error) {
      https.close()
      throw error
    }
  }

  const url = context.baseUrl
  const proxy = proxyPort === undefined ? undefined : `http://${LISTEN_HOST}:${proxyPort}`
  registerEmulatorCa(url, certificates.caPem)
  const password = (username: string, given?: string) => given ?? directory.user(username)?.password ?? ''
  let closing: Promise<void> | undefined

  return {
    url,
    port,
    proxy,
    proxyPort,
    ca: certificates.caPath,
    caPem: certificates.caPem,
    caBundle: certificates.caBundlePath,
    dir,
    seed,
    requests: context.requestLog,
    faults: context.faults,
    clock,
    networkClient: createNetworkClient(certificates.caPem),
    managedIdentity: {
      imdsBase: url,
      imdsEndpoint: `${url}${IMDS_TOKEN_PATH}`,
      identityEndpoint: `${url}${APP_SERVICE_TOKEN_PATH}`,
      identityHeader: context.identityHeader,
      env: (source): Record<string, string> =>
        source === 'imds'
          ? {AZURE_POD_IDENTITY_AUTHORITY_HOST: url}
          : {IDENTITY_ENDPOINT: `${url}${APP_SERVICE_TOKEN_PATH}`, IDENTITY_HEADER: context.identityHeader},
    },
    get accessTokenLifetimeSeconds() {
      return seed.settings.accessTokenLifetimeSeconds
    },
    setAccessTokenLifetime: (seconds) => setAccessTokenLifetime(context, seconds),
    revokeRefreshTokens: (username) => revokeRefreshTokens(context, username),
    revokeSessions: (username) => revokeSessions(context, username),
    setTenantPolicies: (tenant, policies) => setTenantPolicies(context, tenant, policies),
    setSingleUseRefreshTokens: (enabled, options) => setSingleUseRefreshTokens(context, enabled, options),
    approveDeviceCode: (userCode, username, approval) => approveDeviceCode(context, userCode, username, approval),
    declineDeviceCode: (userCode) => declineDeviceCode(context, userCode),
    autoApproveDeviceCodes: (username) => setAutoApproveDeviceCodes(context, username),
    completeBrowserSignIn: (authorizeUrl, user) =>
      completeBrowserSignIn(authorizeUrl, {username: user.username, password: password(user.username, user.password), ca: certificates.caPem}),
    completeDeviceCodeSignIn: (userCode, user) =>
      completeDeviceCodeSignIn(`${url}/devicelogin`, userCode, {...user, password: password(user.username, user.password), ca: certificates.caPem}),
    issueFederatedToken: (claims) => signFederatedToken(context, claims),
    certificateOf: (appId) => clientCertificates.get(appId.toLowerCase()),
    startCiJob: (jobOptions) => context.ciJobs.start(jobOptions),
    expireServicePrincipalCredential: (appId, credential) => expireCredential(context, appId, credential),
    requireMfa: (tenant, enabled = true) => {
      setTenantPolicies(context, tenant, {requireMfa: enabled})
    },
    nodeEnv: () => ({NODE_EXTRA_CA_CERTS: certificates.caBundlePath}),
    pythonAzEnv: () => ({
      ...(proxy ? {HTTPS_PROXY: proxy, HTTP_PROXY: proxy, NO_PROXY: `localhost:${port},127.0.0.1`} : {}),
      REQUESTS_CA_BUNDLE: certificates.caPath,
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
    }),
    close: () => {
      closing ??= (async () => {
        registerEmulatorCa(url, undefined)
        const closed = Promise.all([closeServer(https), proxyServer && closeServer(proxyServer)])
        lifetime.close()
        await closed
        if (ownsDir) rmSync(dir, {recursive: true, force: true})
      })()
      return closing
    },
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, LISTEN_HOST, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

async function servicePrincipalCertificates(seed: Seed, dir: string): Promise<Map<string, ClientCertificate>> {
  const entries = await Promise.all(
    seed.servicePrincipals
      .filter((sp) => sp.certificate !== undefined)
      .map(async (sp, index): Promise<[string, ClientCertificate]> => {
        const certificate =
          sp.certificate === 'generate'
            ? await createClientCertificate(dir, `sp-${index}`, sp.displayName)
            : readClientCertificate(sp.certificate!.certPath, sp.certificate!.keyPath)
        return [sp.appId.toLowerCase(), certificate]
      }),
  )
  return new Map(entries)
}

async function federatedIssuerKeys(seed: Seed): Promise<Map<string, FederatedIssuerKeys>> {
  const entries = await Promise.all(
    seed.federatedIssuers.map(async ({issuer, privateKeyPath}): Promise<[string, FederatedIssuerKeys]> => {
      const privateKey = privateKeyPath
        ? createPrivateKey(readFileSync(privateKeyPath, 'utf8'))
        : (await promisify(generateKeyPair)('rsa', {modulusLength: 2048})).privateKey
      const publicKey = createPublicKey(privateKey)
      return [issuer, {issuer, privateKey, publicKey, kid: thumbprint(publicKey.export({type: 'spki', format: 'der'}), 'sha1')}]
    }),
  )
  return new Map(entries)
}
