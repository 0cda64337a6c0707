import type {Readable, Writable} from 'node:stream'

import {parseSelection, selectorOrder, selectorTable} from './selection.js'
import type {SelectableSubscription} from './selection.js'

export interface SelectorIo {
  color: boolean
  input?: Readable
  output?: Writable
}

const PROMPT = 'Select a subscription and tenant (Type a number or Enter for no changes): '

/**
 * Shows the selector and resolves with the chosen subscription (the current default when the user
 * presses Enter). Text goes to stdout as az prints it; a bad answer is rejected and asked again.
 */
export async function runSubscriptionSelector<T extends SelectableSubscription>(subscriptions: readonly T[], io: SelectorIo): Promise<T> {
  const output = io.output ?? process.stdout
  const ordered = selectorOrder(subscriptions)
  const current = ordered.find((subscription) => subscription.isDefault) ?? ordered[0]
  const tenantOf = (subscription: T) => subscription.tenantDisplayName || subscription.tenantId
  output.write(`\n[Tenant and subscription selection]\n\n${selectorTable(ordered, io.color)}\n`)
  output.write(`The default is marked with an *; the default tenant is '${tenantOf(current)}' and subscription is '${current.name}' (${current.id}).\n\n`)

  const {input} = await import('@inquirer/prompts')
  const answer = await input(
    {
      message: PROMPT,
      theme: {prefix: ''},
      validate: (value) => parseSelection(value, ordered.length) !== 'invalid' || 'Invalid selection.',
    },
    {input: io.input, output: io.output},
  )
  const choice = parseSelection(answer, ordered.length)
  const chosen = typeof choice === 'number' ? ordered[choice] : current
  output.write(`\nTenant: ${tenantOf(chosen)}\nSubscription: ${chosen.name} (${chosen.id})\n\n`)
  return chosen
}
