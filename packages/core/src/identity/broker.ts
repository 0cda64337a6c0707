/**
 * The Windows broker (WAM) decision, as az makes it: `core.enable_broker_on_windows` (default true)
 * turns it on for interactive sign-in on Windows only; device code, passwords, service principals
 * and managed identities never use it; and the native broker must be loadable.
 */
import {createRequire} from 'node:module'

import type {INativeBrokerPlugin} from '@azure/msal-node'

export type InteractiveFlow = 'broker' | 'browser' | 'device-code'

export interface FlowInputs {
  platform: NodeJS.Platform
  /** `core.enable_broker_on_windows` (env AZURE_CORE_ENABLE_BROKER_ON_WINDOWS). */
  brokerEnabled: boolean
  /** Whether @azure/msal-node-extensions' native broker loaded and reports itself available. */
  brokerAvailable: boolean
  useDeviceCode: boolean
  canLaunchBrowser: boolean
}

export interface FlowChoice {
  flow: InteractiveFlow
  /** Why, for a `--debug` line. */
  reason: string
}

/** Which interactive flow `az login` uses. Pure, so every combination is unit-tested. */
export function chooseInteractiveFlow(inputs: FlowInputs): FlowChoice {
  if (inputs.useDeviceCode) return {flow: 'device-code', reason: '--use-device-code was given'}
  if (inputs.platform === 'win32' && inputs.brokerEnabled) {
    if (inputs.brokerAvailable) return {flow: 'broker', reason: 'core.enable_broker_on_windows is on and the broker is available'}
    return {flow: 'browser', reason: 'core.enable_broker_on_windows is on but the broker is unavailable; falling back to the browser'}
  }

  if (!inputs.canLaunchBrowser) return {flow: 'device-code', reason: 'No web browser is available. Fall back to device code.'}
  const why = inputs.platform === 'win32' ? 'core.enable_broker_on_windows is off' : `there is no broker on ${inputs.platform}`
  return {flow: 'browser', reason: `${why}; using the browser`}
}

/**
 * The native broker plugin, or why it cannot be had. @azure/msal-node-extensions is optional and
 * may fail to load (keytar, libsecret), so every failure is an answer, never a crash.
 */
export function loadNativeBroker(): {plugin: INativeBrokerPlugin} | {reason: string} {
  try {
    const {NativeBrokerPlugin} = createRequire(import.meta.url)('@azure/msal-node-extensions') as {NativeBrokerPlugin: new () => INativeBrokerPlugin}
    const plugin = new NativeBrokerPlugin()
    return plugin.isBrokerAvailable ? {plugin} : {reason: 'the native broker reports it is unavailable on this machine'}
  } catch (error) {
    return {reason: `@azure/msal-node-extensions could not be loaded (${(error as Error).message.split('\n')[0]})`}
  }
}
