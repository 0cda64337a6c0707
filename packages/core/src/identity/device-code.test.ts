import {describe, expect, it} from '@jest/globals'
import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node'

import {DeviceCodePollingClient} from './device-code.js'

function scripted(bodies: object[]): INetworkModule & {calls: number[]} {
  const calls: number[] = []
  return {
    calls,
    async sendGetRequestAsync<T>(): Promise<NetworkResponse<T>> {
      throw new Error('no GET expected')
    },
    async sendPostRequestAsync<T>(_url: string, _options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      calls.push(Date.now())
      return {body: bodies.shift() as T, headers: {}, status: 400}
    },
  }
}

const poll = {body: 'client_id=x&grant_type=device_code&device_code=abc'}

describe('DeviceCodePollingClient', () => {
  it('absorbs slow_down, waiting one more step each time, and keeps the extra wait', async () => {
    const inner = scripted([{error: 'slow_down'}, {error: 'slow_down'}, {error: 'authorization_pending'}, {error: 'authorization_pending'}])
    const client = new DeviceCodePollingClient(inner, 40)
    const first = await client.sendPostRequestAsync<{error: string}>('https://t/token', poll)
    expect(first.body.error).toBe('authorization_pending')
    expect(inner.calls).toHaveLength(3)
    expect(inner.calls[1] - inner.calls[0]).toBeGreaterThanOrEqual(35)
    expect(inner.calls[2] - inner.calls[1]).toBeGreaterThanOrEqual(75)
    const started = Date.now()
    await client.sendPostRequestAsync('https://t/token', poll)
    expect(Date.now() - started).toBeGreaterThanOrEqual(75)
  })

  it('passes other requests straight through', async () => {
    const inner = scripted([{error: 'slow_down'}])
    const client = new DeviceCodePollingClient(inner, 40)
    const response = await client.sendPostRequestAsync<{error: string}>('https://t/token', {body: 'grant_type=refresh_token'})
    expect(response.body.error).toBe('slow_down')
    expect(inner.calls).toHaveLength(1)
  })
})
