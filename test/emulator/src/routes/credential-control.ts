/**
 * `/_emulator/…` controls for federated and expiring credentials (see control.ts for the rest):
 * CI jobs that hand out OIDC tokens, expiring a service principal's secret or certificate, and a
 * tenant that demands MFA.
 */
import type {CiJob, CiJobOptions} from '../ci-jobs.js'
import {expireCredential, type ExpiringCredential} from '../credential-expiry.js'
import {json} from '../router.js'
import {control, done} from './control.js'

function describe(job: CiJob): Record<string, unknown> {
  return {id: job.id, provider: job.provider, subject: job.subject, env: job.env, assertionsIssued: job.assertionsIssued, ended: job.ended}
}

export const credentialControlRoutes = [
  control('POST', '/ci-jobs', (_request, context, body) => json(201, describe(context.ciJobs.start(body as unknown as CiJobOptions)))),
  control('GET', '/ci-jobs/([^/]+)', (request, context) => {
    const job = context.ciJobs.get(request.params[0])
    return job ? json(200, describe(job)) : json(404, {error: {code: 'NotFound', message: `no CI job '${request.params[0]}'`}})
  }),
  control('DELETE', '/ci-jobs/([^/]+)', (request, context) =>
    context.ciJobs.end(request.params[0]) ? done() : json(404, {error: {code: 'NotFound', message: `no CI job '${request.params[0]}'`}}),
  ),
  control('POST', '/service-principals/([^/]+)/expire', (request, context, body) => {
    expireCredential(context, request.params[0], body.credential as ExpiringCredential)
    return done()
  }),
]
