import {toAccountListEntry} from '@azx/core'
import type {AccountListEntry, StoredSubscription} from '@azx/core'

import type {LoginMethod} from './request.js'

/** What login prints: az's list, or nothing when the selector was shown (az prints no JSON then). */
export type LoginOutput = (AccountListEntry | StoredSubscription)[] | undefined

/** The subscriptions the login stored, as az lists them: without `environmentName`, except after `az login --identity`, where az keeps it. */
export function loginOutput(stored: StoredSubscription[], method: LoginMethod): LoginOutput {
  return method.kind === 'managed-identity' ? stored : stored.map((subscription) => toAccountListEntry(subscription))
}
