/**
 * `/_emulator/…`: the run-time controls over HTTP, for an emulator started from the shell (the code
 * API of `startEmulator` does the same in-process). JSON in, JSON out. These requests are neither
 * logged nor subject to faults.
 */
import {
  approveDeviceCode,
  ControlError,
  declineDeviceCode,
  revokeRefreshTokens,
  setAccessTokenLifetime,
  setAutoApproveDeviceCodes,
  setSingleUseRefreshTokens,
} from '../controls.js'
import type {EmulatorContext} from '../context.js'
import type {FaultRule} from '../faults.js'
import {json, type Reply, type Route, type RouteRequest} from '../router.js'

export const CONTROL_PREFIX = '/_emulator'

/** A route under `/_emulator` with a JSON body; bad input is a 400. */
export function control(
  method: Route['method'],
  path: string,
  handle: (request: RouteRequest, context: EmulatorContext, body: Record<string, unknown>) => Reply,
): Route {
  const pattern = new RegExp(`^${CONTROL_PREFIX}${path}/?$`, 'i')
  return {
    name: 'control',
    method,
    pattern,
    errorStyle: 'arm',
    handle(request, context) {
      try {
        const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {}
        return handle(request, context, body ?? {})
      } catch (error) {
        if (error instanceof ControlError || error instanceof RangeError || error instanceof SyntaxError)
          return json(400, {error: {code: 'BadRequest', message: error.message}})
        throw error
      }
    },
  }
}

export const done = (): Reply => ({status: 204})

export const controlRoutes: Route[] = [
  control('GET', '/requests', (_request, context) => json(200, {value: context.requestLog.entries()})),
  control('DELETE', '/requests', (_request, context) => {
    context.requestLog.clear()
    return done()
  }),
  control('GET', '/faults', (_request, context) =>
    json(200, {value: context.faults.list().map(({id, rule, hits}) => ({id, hits, ...serializableRule(rule)}))}),
  ),
  control('POST', '/faults', (_request, context, body) => {
    const {pathPattern, ...rest} = body as FaultRule & {pathPattern?: string}
    const rule: FaultRule = {...rest, ...(pathPattern ? {path: new RegExp(pathPattern, 'i')} : {})}
    return json(201, {id: context.faults.add(rule).id})
  }),
  control('DELETE', '/faults', (_request, context) => {
    context.faults.clear()
    return done()
  }),
  control('DELETE', '/faults/(\\d+)', (request, context) => {
    context.faults.remove(Number(request.params[0]))
    return done()
  }),
  control('PUT', '/token-lifetime', (_request, context, body) => {
    setAccessTokenLifetime(context, Number(body.seconds))
    return done()
  }),
  control('POST', '/clock/advance', (_request, context, body) => {
    context.clock.advance(Number(body.seconds))
    return done()
  }),
  control('POST', '/device-codes/([^/]+)/approve', (request, context, body) => {
    approveDeviceCode(context, request.params[0], String(body.username ?? ''), {mfa: body.mfa !== false})
    return done()
  }),
  control('POST', '/device-codes/([^/]+)/decline', (request, context) => {
    declineDeviceCode(context, request.params[0])
    return done()
  }),
  control('PUT', '/auto-approve-device-codes', (_request, context, body) => {
    setAutoApproveDeviceCodes(context, typeof body.username === 'string' ? body.username : undefined)
    return done()
  }),
  control('PUT', '/refresh-tokens/single-use', (_request, context, body) => {
    setSingleUseRefreshTokens(context, body.enabled as boolean, {
      reuseIntervalSeconds: body.reuseIntervalSeconds === undefined ? undefined : Number(body.reuseIntervalSeconds),
    })
    return done()
  }),
  control('POST', '/refresh-tokens/revoke', (_request, context, body) => {
    revokeRefreshTokens(context, typeof body.username === 'string' ? body.username : undefined)
    return done()
  }),
]

function serializableRule(rule: FaultRule): Record<string, unknown> {
  return rule.path instanceof RegExp ? {...rule, path: undefined, pathPattern: rule.path.source} : {...rule}
}
