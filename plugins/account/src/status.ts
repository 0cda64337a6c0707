/**
 * `az account status`: a live check of every stored sign-in, per identity and tenant, before a
 * script starts an hour of work (as `gh auth status` and `azd auth status` do). Each check asks for
 * a token the way `az account get-access-token` does, but never from the cache and keeping it
 * nowhere (credential/account-check.ts), so it proves the refresh token, secret, certificate,
 * federated token source or managed identity still works, and changes no file. What is wrong comes
 * with the command that fixes it.
 */
import {CommandError, LOGIN_MESSAGE, service} from '@azx/core'
import type {AzError, StoredSubscription} from '@azx/core'
import type {AccountCheck, CheckProblem, CredentialKind, FederatedTokenProvider} from '@azx/core/auth'

type SignInType = 'user' | 'servicePrincipal' | 'managedIdentity'

/** What `az account status` prints for one identity in one tenant. */
export interface SignInStatus {
  /** The user name, the service principal's app ID, or the managed identity's name. */
  name: string
  type: SignInType
  tenantId: string
  /** How it gets tokens; null when it has no stored credential. */
  credential: CredentialKind | null
  /** Where a federated credential's tokens come from: null for a static `--federated-token` and other credentials. */
  federatedTokenProvider: FederatedTokenProvider | null
  /** OK and Warning can get a token; Failed and Unreachable cannot. */
  status: 'OK' | 'Warning' | 'Failed' | 'Unreachable'
  problem: CheckProblem | 'certificateExpiring' | null
  /** What is wrong, in words. */
  detail: string | null
  /** The command that fixes it, where a command can. */
  fix: string | null
}

interface StatusRequest {
  subscription?: string
  tenant?: string
}

/** A certificate that expires within this many days is reported as a warning. */
export const CERTIFICATE_WARNING_DAYS = 30

/** How many sign-ins are checked at once. */
const CONCURRENT_CHECKS = 4

const DAY_MS = 86_400_000

interface SignIn {
  account: Pick<StoredSubscription, 'tenantId' | 'user'>
  type: SignInType
}

/** Checks the sign-ins the request selects, in a stable order. */
export async function accountStatus(request: StatusRequest, env: NodeJS.ProcessEnv = process.env): Promise<SignInStatus[]> {
  if (request.subscription !== undefined && request.tenant !== undefined)
    throw new CommandError('Please specify only one of subscription and tenant, not both')
  const cloud = await (await service('clouds')).activeCloud()
  const signIns = await selectSignIns(request)
  const {checkAccount, mapConcurrently, resourceToScopes} = await import('@azx/core/auth')
  const resource = cloud.endpoints.active_directory_resource_id
  if (!resource) throw new CommandError(`The cloud '${cloud.name}' has no Active Directory resource ID.`)
  const scopes = resourceToScopes(resource)
  return mapConcurrently(signIns, CONCURRENT_CHECKS, async (signIn) =>
    toStatus(signIn, await checkAccount({account: signIn.account, cloud, scopes}), env),
  )
}

/** The sign-ins to check: every identity × tenant of the stored subscriptions of the active cloud, or those `--subscription`/`--tenant` name. */
async function selectSignIns(request: StatusRequest): Promise<SignIn[]> {
  const [profile, {isManagedIdentity}] = await Promise.all([service('profile'), import('@azx/core/auth')])
  const subscriptions = request.subscription === undefined ? await profile.listSubscriptions() : [await profile.getSubscription(request.subscription)]
  if (subscriptions.length === 0) throw new CommandError(LOGIN_MESSAGE)
  const unique = new Map<string, SignIn>()
  for (const subscription of subscriptions) {
    const {tenantId, user} = subscription
    const type: SignInType = user.type === 'user' ? 'user' : isManagedIdentity(subscription) ? 'managedIdentity' : 'servicePrincipal'
    const key = [type, user.name.toLowerCase(), String(user.assignedIdentityInfo ?? ''), tenantId.toLowerCase()].join('|')
    if (!unique.has(key)) unique.set(key, {account: {tenantId, user}, type})
  }

  const order: SignInType[] = ['user', 'servicePrincipal', 'managedIdentity']
  const all = [...unique.values()].sort(
    (a, b) =>
      order.indexOf(a.type) - order.indexOf(b.type) ||
      a.account.user.name.localeCompare(b.account.user.name) ||
      a.account.tenantId.localeCompare(b.account.tenantId),
  )
  if (request.tenant === undefined) return all
  const inTenant = all.filter((signIn) => signIn.account.tenantId.toLowerCase() === request.tenant!.toLowerCase())
  if (inTenant.length === 0)
    throw new CommandError(`No stored sign-in for tenant '${request.tenant}'.`, {
      recommendations: [`Run 'az login --tenant ${request.tenant}' to sign in to it.`],
    })
  return inTenant
}

function toStatus(signIn: SignIn, check: AccountCheck, env: NodeJS.ProcessEnv): SignInStatus {
  const base = {
    credential: check.credential?.kind ?? null,
    federatedTokenProvider: check.credential?.federatedTokenProvider ?? null,
    name: signIn.account.user.name,
    tenantId: signIn.account.tenantId,
    type: signIn.type,
  }
  const {outcome} = check
  if (outcome.ok) {
    const expiresOn = check.certificateExpiresOn
    if (expiresOn && expiresOn.getTime() - Date.now() < CERTIFICATE_WARNING_DAYS * DAY_MS) {
      const days = Math.max(0, Math.floor((expiresOn.getTime() - Date.now()) / DAY_MS))
      return {
        ...base,
        detail: `The certificate works, but expires on ${expiresOn.toISOString()} (in ${days} days).`,
        fix: fixFor('certificateExpiring', signIn, check, env),
        problem: 'certificateExpiring',
        status: 'Warning',
      }
    }

    return {...base, detail: null, fix: null, problem: null, status: 'OK'}
  }

  return {
    ...base,
    detail: outcome.message,
    fix: fixFor(outcome.problem, signIn, check, env),
    problem: outcome.problem,
    status: outcome.problem === 'unreachable' ? 'Unreachable' : 'Failed',
  }
}

/** The command that fixes a problem, or null where none can (the network, a CI job's settings, Entra ID's configuration). */
function fixFor(problem: SignInStatus['problem'], signIn: SignIn, check: AccountCheck, env: NodeJS.ProcessEnv): string | null {
  const tenant = signIn.account.tenantId
  if (signIn.type === 'user') {
    const relogin: SignInStatus['problem'][] = ['notSignedIn', 'refreshTokenExpired', 'refreshTokenRevoked', 'mfaRequired', 'interactionRequired']
    return relogin.includes(problem) ? `az login --tenant ${tenant}` : null
  }

  if (signIn.type === 'managedIdentity') return null
  const login = `az login --service-principal -u ${signIn.account.user.name} --tenant ${tenant}`
  switch (problem) {
    case 'notSignedIn':
    case 'secretRejected':
    case 'secretExpired': {
      return `${login} -p NEW_SECRET`
    }

    case 'certificateExpiring':
    case 'certificateExpired':
    case 'certificateRejected':
    case 'certificateUnreadable': {
      return `${login} --certificate NEW_PEM_FILE`
    }

    case 'federatedTokenExpired': {
      return check.credential?.federatedTokenProvider ? null : `${login} ${refreshingTokenFlags(env)}`
    }

    default: {
      return null
    }
  }
}

/**
 * The sign-in flags for a static federated token that expired: a source that renews it when this
 * runs where one is available (a GitHub Actions or Azure Pipelines job, an AKS pod), else a new token.
 */
function refreshingTokenFlags(env: NodeJS.ProcessEnv): string {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL) return '--federated-token-provider github'
  if (env.SYSTEM_OIDCREQUESTURI) return '--federated-token-provider azure-pipelines'
  if (env.AZURE_FEDERATED_TOKEN_FILE) return `--federated-token-file ${env.AZURE_FEDERATED_TOKEN_FILE}`
  return '--federated-token NEW_TOKEN'
}

/**
 * The error the printed statuses stand for: none when every sign-in can get a token; when none
 * could reach Entra ID, that; otherwise how many cannot.
 */
export function statusFailure(statuses: readonly SignInStatus[]): AzError | undefined {
  const failed = statuses.filter((status) => status.status === 'Failed' || status.status === 'Unreachable')
  if (failed.length === 0) return undefined
  if (failed.every((status) => status.status === 'Unreachable')) {
    return new CommandError(
      `Could not reach Microsoft Entra ID, so the sign-ins could not be checked; nothing was changed. ${failed[0].detail ?? ''}`.trim(),
      {
        recommendations: ['Check your network connection. Behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts that bypass it).'],
      },
    )
  }

  const noun = statuses.length === 1 ? 'sign-in' : 'sign-ins'
  return new CommandError(
    `${failed.length} of ${statuses.length} ${noun} cannot get a token: ` +
      `${failed.map((status) => `${status.name} (${status.tenantId}): ${status.problem}`).join(', ')}.`,
    {
      recommendations: ["Run the command in each one's fix; where there is none, its detail says what to change."],
    },
  )
}

/** az's table view: one row per sign-in. */
export function statusTable(result: unknown): unknown {
  return (result as SignInStatus[]).map((status) => ({
    Name: status.name,
    Type: status.type,
    Tenant: status.tenantId,
    Credential: status.federatedTokenProvider ? `${status.credential} (${status.federatedTokenProvider})` : (status.credential ?? ''),
    Status: status.status,
    Problem: status.problem ?? '',
    Fix: status.fix ?? '',
  }))
}
