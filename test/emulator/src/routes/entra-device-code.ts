/**
 * `POST /{tenant}/oauth2/v2.0/devicecode`: starts a device authorization grant. The person finishes
 * it at /devicelogin, or a test approves it (`approveDeviceCode`, `autoApproveDeviceCodes`).
 */
import {AADSTS, aadError} from '../aad-errors.js'
import {json, type Route} from '../router.js'

export const deviceCodeRoute: Route = {
  name: 'devicecode',
  method: 'POST',
  pattern: /^\/([^/]+)\/oauth2\/v2\.0\/devicecode\/?$/i,
  errorStyle: 'aad',
  handle(request, context) {
    const authority = context.directory.authority(request.params[0])
    if (!authority) return aadError(context, request, AADSTS.tenantNotFound(request.params[0]))
    const clientId = request.form.get('client_id')
    if (!clientId) return aadError(context, request, AADSTS.missingParameter('client_id'))
    if (!context.directory.publicClient(clientId)) {
      return aadError(
        context,
        request,
        AADSTS.applicationNotFound(clientId, authority.kind === 'tenant' ? authority.tenant.displayName : authority.segment),
      )
    }

    const scope = request.form.get('scope')
    if (!scope) return aadError(context, request, AADSTS.missingParameter('scope'))
    const {settings} = context.seed
    const grant = context.deviceCodes.create({
      clientId,
      scope,
      authoritySegment: authority.segment,
      intervalSeconds: settings.deviceCodeIntervalSeconds,
      expiresInSeconds: settings.deviceCodeExpiresInSeconds,
    })
    const autoApprove = context.autoApproveDeviceCodesAs
    // Opted into by the test: as if the person had signed in (and approved MFA) at once.
    if (autoApprove) context.deviceCodes.approve(grant, autoApprove.objectId, true)
    const verificationUri = `${context.baseUrl}/devicelogin`
    return json(200, {
      user_code: grant.userCode,
      device_code: grant.deviceCode,
      verification_uri: verificationUri,
      expires_in: settings.deviceCodeExpiresInSeconds,
      interval: grant.intervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${grant.userCode} to authenticate.`,
    })
  },
}
