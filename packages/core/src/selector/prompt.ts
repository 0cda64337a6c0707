import type {Readable, Writable} from 'node:stream'

import {parseSelection, selectorOrder, selectorTable} from './selection.js'
import type {SelectableSubscription} from './selection.js'

export interface SelectorIo {
  color: boolean
  input?: Readable
  output?: Writable
}

// inquirer puts one space between the message and what is typed, so the text ends at the colon.
const PROMPT = 'Select a subscription and tenant (Type a number or Enter for no changes):'
const WARNING = '\u001B[93m'
const RESET = '\u001B[0m'

/**
 * Shows the selector and resolves with the chosen subscription (the current default when the user
 * presses Enter). Text goes to stdout as az prints it; a bad answer is rejected and asked again.
 *
 * az follows the echo with an "[Announcements]" block and a "[Warning] The login output has been
 * updated…" line on every login; its users asked for them to go (az issues 32532, 33475), so azx
 * prints neither.
 */
export async function runSubscriptionSelector<T extends SelectableSubscription>(subscriptions: readonly T[], io: SelectorIo): Promise<T> {
  const output = io.output ?? process.stdout
  const ordered = selectorOrder(subscriptions)
  const current = ordered.find((subscription) => subscription.isDefault) ?? ordered[0]
  const tenantOf = (subscription: T) => subscription.tenantDisplayName || subscription.tenantId
  output.write(`\n[Tenant and subscription selection]\n\n${selectorTable(ordered, io.color)}\n\n`)
  output.write(
    `The default is marked with an *; the default tenant is '${tenantOf(current)}' and subscription is '${current.name}' (${current.id}).\n\n`,
  )

  const {input} = await import('@inquirer/prompts')
  const answer = await input(
    {
      message: PROMPT,
      theme: {
        // az's prompt is a bare line. An undefined prefix is left out of inquirer's line, where ''
        // would still leave a leading space (selector.test.ts and the PTY test notice a change).
        prefix: {done: undefined, idle: undefined},
        style: {
          answer: (text: string) => text,
          // az's refusal is a warning on stderr: yellow without a level name on a colour terminal
          // (notes §6.5). Here the same text is inquirer's line under the prompt.
          error: (text: string) => (io.color ? `${WARNING}${text}${RESET}` : `WARNING: ${text}`),
          message: (text: string) => text,
        },
        // As az asks again on a fresh line, the rejected text is not kept for editing.
        validationFailureMode: 'clear',
      },
      validate: (value) => parseSelection(value, ordered.length) !== 'invalid' || 'Invalid selection.',
    },
    {input: io.input, output: io.output},
  )
  const choice = parseSelection(answer, ordered.length)
  const chosen = typeof choice === 'number' ? ordered[choice] : current
  output.write(`\nTenant: ${tenantOf(chosen)}\nSubscription: ${chosen.name} (${chosen.id})\n\n`)
  return chosen
}
