/**
 * `/_emulator/…` controls for Conditional Access and continuous access evaluation (see
 * access-controls.ts): `POST /_emulator/sessions/revoke` and `PUT /_emulator/tenants/{tenant}/policies`.
 */
import {revokeSessions, setTenantPolicies, type TenantPolicies} from '../access-controls.js'
import {json} from '../router.js'
import {control} from './control.js'

export const accessControlRoutes = [
  control('POST', '/sessions/revoke', (_request, context, body) => {
    revokeSessions(context, typeof body.username === 'string' ? body.username : undefined)
    return {status: 204}
  }),
  control('PUT', '/tenants/([^/]+)/policies', (request, context, body) =>
    json(200, setTenantPolicies(context, request.params[0], body as TenantPolicies)),
  ),
]
