import {describe, expect, it} from '@jest/globals'

import {chooseInteractiveFlow} from './broker.js'
import type {FlowInputs} from './broker.js'

const base: FlowInputs = {brokerAvailable: true, brokerEnabled: true, canLaunchBrowser: true, platform: 'win32', useDeviceCode: false}

describe('chooseInteractiveFlow', () => {
  it('uses the broker on Windows when the setting is on and the broker is available', () => {
    expect(chooseInteractiveFlow(base).flow).toBe('broker')
  })

  it('falls back to the browser on Windows when the broker is unavailable, saying why', () => {
    const choice = chooseInteractiveFlow({...base, brokerAvailable: false})
    expect(choice).toEqual({
      flow: 'browser',
      reason: 'core.enable_broker_on_windows is on but the broker is unavailable; falling back to the browser',
    })
  })

  it('uses the browser on Windows when the setting is off', () => {
    expect(chooseInteractiveFlow({...base, brokerEnabled: false}).flow).toBe('browser')
  })

  it('never uses the broker off Windows', () => {
    for (const platform of ['linux', 'darwin'] as const) expect(chooseInteractiveFlow({...base, platform}).flow).toBe('browser')
  })

  it('uses the device code when asked, even where the broker would work', () => {
    expect(chooseInteractiveFlow({...base, useDeviceCode: true}).flow).toBe('device-code')
  })

  it('falls back to the device code when no browser can be launched', () => {
    expect(chooseInteractiveFlow({...base, canLaunchBrowser: false, platform: 'linux'})).toEqual({
      flow: 'device-code',
      reason: 'No web browser is available. Fall back to device code.',
    })
  })
})
