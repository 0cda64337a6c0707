/**
 * The `http` service as the registry hands it out (`await service('http')`). A plugin reaches the
 * network client through it rather than a static import, so a command that makes no request never
 * loads these modules (about 10 ms of module loading on the cached-token path).
 */
import {destroyAgents} from './agents.js'
import {armGet, armGetAll} from './arm.js'
import type {ArmAuthorization, ArmRequestOptions} from './arm.js'
import {createMsalNetworkClient} from './msal-network-client.js'
import type {MsalNetworkClient, MsalNetworkClientOptions} from './msal-network-client.js'
import {request} from './request.js'
import type {HttpRequest, HttpResponse} from './request.js'

export class HttpService {
  /** See {@link request}. */
  request(input: HttpRequest): Promise<HttpResponse> {
    return request(input)
  }

  /** See {@link armGet}. */
  armGet<T>(url: string | URL, authorization: ArmAuthorization, options?: ArmRequestOptions): Promise<T> {
    return armGet<T>(url, authorization, options)
  }

  /** See {@link armGetAll}. */
  armGetAll<T>(url: string | URL, authorization: ArmAuthorization, options?: ArmRequestOptions): Promise<T[]> {
    return armGetAll<T>(url, authorization, options)
  }

  /** See {@link createMsalNetworkClient}. */
  createMsalNetworkClient(options?: MsalNetworkClientOptions): MsalNetworkClient {
    return createMsalNetworkClient(options)
  }

  /** Closes pooled keep-alive connections. */
  destroy(): void {
    destroyAgents()
  }
}
