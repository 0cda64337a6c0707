/**
 * The CI systems' OIDC token endpoints (ci-jobs.ts): GitHub Actions' `GET …/idtoken` (answer
 * `{"count", "value"}`) and Azure Pipelines' `POST …/oidctoken` (answer `{"oidcToken"}`), each
 * authorized by the job's request token.
 */
import type {CiRefusal} from '../ci-jobs.js'
import {json, type Reply, type Route} from '../router.js'

function answer(result: {token: string} | CiRefusal, body: (token: string) => Record<string, unknown>): Reply {
  return 'token' in result ? json(200, body(result.token)) : json(result.status, {message: result.message})
}

export const githubOidcRoute: Route = {
  name: 'github-oidc',
  method: 'GET',
  pattern: /^\/_github-actions\/([^/]+)\/idtoken\/?$/i,
  errorStyle: 'arm',
  handle(request, context) {
    const result = context.ciJobs.githubToken(request.params[0], request.headers.authorization, request.url.searchParams)
    return answer(result, (token) => ({count: token.length, value: token}))
  },
}

export const azurePipelinesOidcRoute: Route = {
  name: 'azure-pipelines-oidc',
  method: 'POST',
  pattern: /^\/_azure-pipelines\/([^/]+)\/oidctoken\/?$/i,
  errorStyle: 'arm',
  handle(request, context) {
    const result = context.ciJobs.azurePipelinesToken(request.params[0], request.headers.authorization, request.url.searchParams)
    return answer(result, (token) => ({oidcToken: token}))
  },
}
