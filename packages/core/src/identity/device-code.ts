/**
 * The device code flow's polling, with RFC 8628's `slow_down` honoured: MSAL Node keeps polling
 * only on `authorization_pending` and fails on `slow_down`, so this network client absorbs
 * `slow_down` itself, waiting five more seconds each time and keeping that extra wait for every
 * later poll.
 */
import {setTimeout as sleep} from 'node:timers/promises'

import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node'

const SLOW_DOWN_STEP_MS = 5000

function isDeviceCodePoll(options?: NetworkRequestOptions): boolean {
  return /grant_type=(urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3A)?device_code\b/i.test(options?.body ?? '')
}

export class DeviceCodePollingClient implements INetworkModule {
  /**
   * The error body that ended the polling (expired, declined). MSAL reports only its error code;
   * this keeps Entra ID's AADSTS description for the message.
   */
  lastError: {error: string; error_description?: string} | undefined

  private extraDelayMs = 0

  constructor(
    private readonly inner: INetworkModule,
    private readonly step: number = SLOW_DOWN_STEP_MS,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.inner.sendGetRequestAsync<T>(url, options, timeout)
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    if (!isDeviceCodePoll(options)) return this.inner.sendPostRequestAsync<T>(url, options)
    for (;;) {
      if (this.extraDelayMs > 0) await sleep(this.extraDelayMs)
      const response = await this.inner.sendPostRequestAsync<T>(url, options)
      const body = response.body as {error?: string; error_description?: string} | undefined
      if (body?.error === 'slow_down') {
        this.extraDelayMs += this.step
        continue
      }

      if (body?.error && body.error !== 'authorization_pending') this.lastError = {error: body.error, error_description: body.error_description}
      return response
    }
  }
}
