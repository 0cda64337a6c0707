import {tabulate} from '../output/tabulate.js'

/** What the selector needs to know of a subscription. */
export interface SelectableSubscription {
  id: string
  isDefault: boolean
  name: string
  tenantDisplayName?: null | string
  tenantId: string
}

const MAX_NAME = 36
const HIGHLIGHT = '\u001B[96m'
const RESET = '\u001B[0m'

/**
 * Subscriptions in the selector's order: by name, case-insensitively, comparing code points as
 * az's Python sort does. localeCompare would not: it orders `_` before `-` and `é` beside `e`.
 */
export function selectorOrder<T extends SelectableSubscription>(subscriptions: readonly T[]): T[] {
  return [...subscriptions].sort((a, b) => compareCodePoints(a.name.toLowerCase(), b.name.toLowerCase()))
}

function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (character) => character.codePointAt(0)!)
  const right = Array.from(b, (character) => character.codePointAt(0)!)
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index] - right[index]
  }

  return left.length - right.length
}

/** The numbered table az prints; on a colour terminal every cell of the default row is highlighted. */
export function selectorTable(ordered: readonly SelectableSubscription[], color: boolean): string {
  const rows = ordered.map((subscription, index) => {
    const cells = [
      subscription.isDefault ? `[${index + 1}] *` : `[${index + 1}]`,
      subscription.name.length > MAX_NAME ? `${subscription.name.slice(0, MAX_NAME - 3)}...` : subscription.name,
      subscription.id,
      subscription.tenantDisplayName || subscription.tenantId,
    ]
    return color && subscription.isDefault ? cells.map((cell) => `${HIGHLIGHT}${cell}${RESET}`) : cells
  })
  return tabulate(rows, ['No', 'Subscription name', 'Subscription ID', 'Tenant'])
}

/** The index chosen by `answer` (1-based in the table), undefined for Enter, or 'invalid'. */
export function parseSelection(answer: string, count: number): 'invalid' | number | undefined {
  const text = answer.trim()
  if (text === '') return undefined
  if (!/^\d+$/.test(text)) return 'invalid'
  const number = Number(text)
  return number >= 1 && number <= count ? number - 1 : 'invalid'
}
