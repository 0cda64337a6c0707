/**
 * The `http` service: the one network client for MSAL and ARM. Proxies (`HTTPS_PROXY`,
 * `HTTP_PROXY`, `NO_PROXY`), extra CAs (`REQUESTS_CA_BUNDLE`), no verification
 * (`AZURE_CLI_DISABLE_CONNECTION_VERIFICATION`), time limits, retries with `Retry-After`, and
 * `--debug` lines with secrets masked.
 *
 * Plugins reach it through `await service('http')` (see service.ts); @azx/core's index exports
 * only its types, so a command that makes no request loads none of these modules. node:http,
 * node:https and node:tls load on the first request.
 */
export {destroyAgents} from './agents.js'
export {ArmError, armError, armGet, armGetAll, ArmNotFoundError, armUserAgent} from './arm.js'
export type {ArmAuthorization, ArmErrorDetails, ArmPage, ArmRequestOptions} from './arm.js'
export {claimsFromBase64, claimsOfChallenge, ClaimsChallengeError} from './claims-challenge.js'
export {HttpNetworkError} from './errors.js'
export {createMsalNetworkClient, MsalNetworkClient} from './msal-network-client.js'
export type {MsalNetworkClientOptions} from './msal-network-client.js'
export {bypassesProxy, proxyFor} from './proxy.js'
export type {ProxyConfig} from './proxy.js'
export {DEFAULT_TIMEOUT_MS, request} from './request.js'
export type {HttpRequest, HttpResponse} from './request.js'
export {retryAfterMs} from './retry.js'
export type {RetryOptions} from './retry.js'
export {HttpService} from './service.js'
export {fetchOverHttp} from './fetch-adapter.js'
