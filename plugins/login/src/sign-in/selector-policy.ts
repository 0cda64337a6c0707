/**
 * When `az login` lets the person choose the default subscription in the selector (az's "login
 * experience v2"). As az: only after an interactive sign-in (browser, broker or device code), with
 * both stdin and stdout on a terminal and `core.login_experience_v2` on. Unlike az: not when
 * `--subscription` chose already, nor with `--skip-subscription-discovery` (nothing was listed),
 * and not for a single subscription, where there is nothing to choose (az issues 29004, 30054).
 */
import type {LoginRequest} from './request.js'
import type {Terminal} from './terminal.js'

/**
 * Whether this login ends in the selector should it find more than one subscription: known before
 * the sign-in, as the output on the way (a notice instead of a spinner) depends on it.
 * `experienceV2`: `core.login_experience_v2` (env AZURE_CORE_LOGIN_EXPERIENCE_V2).
 */
export function selectorWanted(request: LoginRequest, terminal: Pick<Terminal, 'stdinIsTty' | 'stdoutIsTty'>, experienceV2: boolean): boolean {
  return (
    experienceV2 &&
    request.method.kind === 'interactive' &&
    terminal.stdinIsTty &&
    terminal.stdoutIsTty &&
    request.subscription === undefined &&
    !request.skipSubscriptionDiscovery
  )
}

/** Whether the selector runs, once the login knows how many subscriptions it found. */
export function selectorShown(wanted: boolean, subscriptionsFound: number): boolean {
  return wanted && subscriptionsFound > 1
}

/** The line az prints before it looks for the subscriptions the selector will offer. */
export function selectionNotice(tenant: string | undefined): string {
  return `\n${tenant ? 'Retrieving subscriptions for the selection...' : 'Retrieving tenants and subscriptions for the selection...'}\n`
}
