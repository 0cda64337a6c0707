/**
 * CI jobs that hand out OIDC tokens the way GitHub Actions and Azure Pipelines do, for service
 * principals that sign in with a federated credential and need a fresh assertion every few minutes.
 *
 * A job has a request token (the secret the CI system gives each job) and a subject (GitHub's
 * `repo:OWNER/REPO:ref:refs/heads/BRANCH`, Azure Pipelines' `sc://ORG/PROJECT/CONNECTION`). Every
 * token it issues is a new JWT from the provider's issuer that lives `assertionLifetimeSeconds` of
 * the emulator's time (five minutes by default, as GitHub's do). Ending a job makes its request
 * token stop working, as it does when a real job finishes.
 */
import {randomBytes, randomUUID} from 'node:crypto'
import type {EmulatorContext} from './context.js'
import {signFederatedToken, TOKEN_EXCHANGE_AUDIENCE} from './federated-tokens.js'

export type CiProvider = 'github' | 'azure-pipelines'

const CI_PROVIDERS: readonly CiProvider[] = ['github', 'azure-pipelines']

/** The issuers of the real services; the seed must list them under `federatedIssuers`. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
/** Azure DevOps names the organization by its ID; this one is the emulator's. */
export const AZURE_PIPELINES_ISSUER = 'https://vstoken.dev.azure.com/60000000-0000-4000-8000-000000000001'

const DEFAULT_ASSERTION_LIFETIME_SECONDS = 300

export interface CiJobOptions {
  provider: CiProvider
  /** The `sub` of the tokens the job gets. */
  subject: string
  /** How long each token lives, in seconds of the emulator's time; default 300. */
  assertionLifetimeSeconds?: number
  /** Azure Pipelines: the service connection the job may get tokens for; a new GUID by default. */
  serviceConnectionId?: string
  /** Another seeded issuer than the provider's. */
  issuer?: string
}

/** What a test (or the HTTP control) sees of a job. */
export interface CiJob {
  readonly id: string
  readonly provider: CiProvider
  readonly subject: string
  /** The variables the CI system sets in the job's steps. */
  readonly env: Record<string, string>
  /** How many tokens the job has handed out. */
  readonly assertionsIssued: number
  readonly ended: boolean
  /** Ends the job: its request token is refused from now on. */
  end(): void
}

interface JobState {
  id: string
  provider: CiProvider
  subject: string
  issuer: string
  lifetimeSeconds: number
  requestToken: string
  serviceConnectionId?: string
  issued: number
  ended: boolean
}

/** Why a token request of a job was refused: the HTTP status and the message the provider sends. */
export interface CiRefusal {
  status: number
  message: string
}

export class CiJobs {
  readonly #jobs = new Map<string, JobState>()

  constructor(private readonly context: EmulatorContext) {}

  /** Starts a job; throws when the options are not usable (an unknown provider, an issuer the seed lacks). */
  start(options: CiJobOptions): CiJob {
    if (!CI_PROVIDERS.includes(options.provider)) throw new RangeError(`provider must be one of ${CI_PROVIDERS.join(', ')}`)
    if (typeof options.subject !== 'string' || options.subject === '') throw new RangeError('a job needs a subject')
    const lifetimeSeconds = options.assertionLifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS
    if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1) throw new RangeError('assertionLifetimeSeconds must be a positive whole number')
    const issuer = options.issuer ?? (options.provider === 'github' ? GITHUB_ISSUER : AZURE_PIPELINES_ISSUER)
    if (!this.context.federatedIssuers.has(issuer))
      throw new RangeError(`'${issuer}' is not a seeded federated issuer: add it to the seed's federatedIssuers`)
    const state: JobState = {
      id: randomUUID(),
      provider: options.provider,
      subject: options.subject,
      issuer,
      lifetimeSeconds,
      requestToken: randomBytes(24).toString('base64url'),
      ...(options.provider === 'azure-pipelines' ? {serviceConnectionId: options.serviceConnectionId ?? randomUUID()} : {}),
      issued: 0,
      ended: false,
    }
    this.#jobs.set(state.id, state)
    return this.view(state)
  }

  /** A job by ID, or undefined. */
  get(id: string): CiJob | undefined {
    const state = this.#jobs.get(id.toLowerCase())
    return state && this.view(state)
  }

  /**
   * A GitHub Actions ID token (`GET …/idtoken?api-version=2.0&audience=…` with `Authorization:
   * bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN`). Without `audience`, GitHub's default: the owner's URL.
   */
  githubToken(jobId: string, authorization: string | undefined, query: URLSearchParams): {token: string} | CiRefusal {
    const state = this.authorized(jobId, 'github', authorization)
    if ('status' in state) return state
    if (!query.get('api-version')) return {status: 400, message: 'The api-version query parameter is required.'}
    const owner = /^repo:([^/]+)\//.exec(state.subject)?.[1]
    const audience = query.get('audience') ?? (owner ? `https://github.com/${owner}` : 'https://github.com')
    return {token: this.issue(state, audience)}
  }

  /**
   * An Azure Pipelines OIDC token (`POST SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=…`
   * with `Authorization: Bearer SYSTEM_ACCESSTOKEN`), always for Entra ID's token exchange audience.
   */
  azurePipelinesToken(jobId: string, authorization: string | undefined, query: URLSearchParams): {token: string} | CiRefusal {
    const state = this.authorized(jobId, 'azure-pipelines', authorization)
    if ('status' in state) return state
    const version = query.get('api-version')
    if (version !== '7.1' && version !== '7.1-preview.1')
      return {status: 400, message: `The api-version '${version ?? ''}' is not supported; use 7.1.`}
    const connection = query.get('serviceConnectionId') ?? ''
    if (connection.toLowerCase() !== state.serviceConnectionId?.toLowerCase()) {
      return {status: 400, message: `The service connection '${connection}' does not exist or has not been authorized for use in this pipeline.`}
    }

    return {token: this.issue(state, TOKEN_EXCHANGE_AUDIENCE)}
  }

  /** Ends a job; false when there is no such job. */
  end(id: string): boolean {
    const state = this.#jobs.get(id.toLowerCase())
    if (!state) return false
    state.ended = true
    return true
  }

  private authorized(jobId: string, provider: CiProvider, authorization: string | undefined): JobState | CiRefusal {
    const state = this.#jobs.get(jobId.toLowerCase())
    if (!state || state.provider !== provider) return {status: 404, message: 'Not Found'}
    const presented = /^bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]
    if (presented !== state.requestToken || state.ended) return {status: 401, message: 'Bad credentials'}
    return state
  }

  private issue(state: JobState, audience: string): string {
    state.issued += 1
    return signFederatedToken(this.context, {
      subject: state.subject,
      audience,
      issuer: state.issuer,
      expiresInSeconds: state.lifetimeSeconds,
      extra: {job_id: state.id},
    })
  }

  private view(state: JobState): CiJob {
    const base = this.context.baseUrl
    const env: Record<string, string> =
      state.provider === 'github'
        ? {
            GITHUB_ACTIONS: 'true',
            ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/_github-actions/${state.id}/idtoken?api-version=2.0`,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: state.requestToken,
          }
        : {
            TF_BUILD: 'True',
            SYSTEM_OIDCREQUESTURI: `${base}/_azure-pipelines/${state.id}/oidctoken`,
            SYSTEM_ACCESSTOKEN: state.requestToken,
            AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: state.serviceConnectionId!,
          }
    return {
      id: state.id,
      provider: state.provider,
      subject: state.subject,
      env,
      get assertionsIssued() {
        return state.issued
      },
      get ended() {
        return state.ended
      },
      end: () => {
        state.ended = true
      },
    }
  }
}
