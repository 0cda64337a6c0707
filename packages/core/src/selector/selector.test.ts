import {PassThrough} from 'node:stream'
import {stripVTControlCharacters} from 'node:util'

import {describe, expect, it} from '@jest/globals'

import {runSubscriptionSelector} from './prompt.js'
import {parseSelection, selectorOrder, selectorTable} from './selection.js'
import type {SelectableSubscription} from './selection.js'

const TENANT_1 = '00000000-0000-0000-1111-111111111111'
const TENANT_2 = '00000000-0000-0000-1111-222222222222'

// The subscriptions and the expected table of az's own test (test_subscription_selector.py).
const AZ_SUBSCRIPTIONS: SelectableSubscription[] = [
  {
    id: '00000000-0000-0000-0000-333333333333',
    isDefault: false,
    name: 'Sub 3 with long long long long long long long name',
    tenantDisplayName: 'Tenant 1',
    tenantId: TENANT_1,
  },
  {id: '00000000-0000-0000-0000-111111111111', isDefault: false, name: 'SUB 1', tenantDisplayName: 'Tenant 1', tenantId: TENANT_1},
  {
    id: '00000000-0000-0000-0000-444444444444',
    isDefault: false,
    name: 'Sub 4 without tenantDisplayName',
    tenantDisplayName: null,
    tenantId: TENANT_1,
  },
  {id: '00000000-0000-0000-0000-222222222222', isDefault: true, name: 'sub 2', tenantDisplayName: 'Tenant 1', tenantId: TENANT_1},
  {
    id: '00000000-0000-0000-1111-222222222222',
    isDefault: false,
    name: 'N/A(tenant level account)',
    tenantDisplayName: 'Tenant 2',
    tenantId: TENANT_2,
  },
]

const AZ_TABLE = `No     Subscription name                     Subscription ID                       Tenant
-----  ------------------------------------  ------------------------------------  ------------------------------------
[1]    N/A(tenant level account)             00000000-0000-0000-1111-222222222222  Tenant 2
[2]    SUB 1                                 00000000-0000-0000-0000-111111111111  Tenant 1
[3] *  sub 2                                 00000000-0000-0000-0000-222222222222  Tenant 1
[4]    Sub 3 with long long long long lo...  00000000-0000-0000-0000-333333333333  Tenant 1
[5]    Sub 4 without tenantDisplayName       00000000-0000-0000-0000-444444444444  00000000-0000-0000-1111-111111111111`

describe('the selector table', () => {
  it("is az's: sorted by name ignoring case, names cut at 36, the tenant ID where no name is known", () => {
    expect(selectorTable(selectorOrder(AZ_SUBSCRIPTIONS), false)).toBe(AZ_TABLE)
  })

  it('highlights every cell of the default row on a colour terminal, widths unchanged', () => {
    const coloured = selectorTable(selectorOrder(AZ_SUBSCRIPTIONS), true)
    expect(coloured.split('\n')[4]).toBe(
      '\u001B[96m[3] *\u001B[0m  \u001B[96msub 2\u001B[0m                                 ' +
        '\u001B[96m00000000-0000-0000-0000-222222222222\u001B[0m  \u001B[96mTenant 1\u001B[0m',
    )
    expect(stripVTControlCharacters(coloured)).toBe(AZ_TABLE)
  })

  it("orders names by code point after lower-casing, as Python's sort does, not by locale", () => {
    const names = ['sub_b', 'Sub-b', 'sub b', 'Sub é', 'sub z', 'SUB A']
    const ordered = selectorOrder(names.map((name, index) => ({id: String(index), isDefault: false, name, tenantId: TENANT_1})))
    // sorted(names, key=lambda s: s.lower()) in Python 3.
    expect(ordered.map((subscription) => subscription.name)).toEqual(['SUB A', 'sub b', 'sub z', 'Sub é', 'Sub-b', 'sub_b'])
  })
})

describe('parseSelection', () => {
  it('takes Enter (keep), or a number in the table', () => {
    expect(parseSelection('', 5)).toBeUndefined()
    expect(parseSelection('1', 5)).toBe(0)
    expect(parseSelection('5', 5)).toBe(4)
  })

  it.each(['0', '6', '-1', '1.5', 'abc', '[1]', '1 2'])('refuses %p', (answer) => {
    expect(parseSelection(answer, 5)).toBe('invalid')
  })
})

/** Output that outlives the prompt, as a terminal does: inquirer ends the stream it writes to. */
class TerminalOutput extends PassThrough {
  override end(): this {
    return this
  }
}

describe('runSubscriptionSelector', () => {
  /**
   * Runs the selector on streams. The first answer is typed once the prompt is drawn, each next one
   * once the previous one has been refused.
   */
  async function select(answers: string[], color = false) {
    const input = new PassThrough()
    const output = new TerminalOutput()
    let written = ''
    const refusals = () => written.split('Invalid selection.').length - 1
    const pending = [...answers]
    let typed = 0
    let refusalsBefore = 0
    let scheduled = false
    output.on('data', (chunk: Buffer) => {
      written += chunk.toString('utf8')
      if (scheduled || pending.length === 0) return
      if (typed === 0 ? !written.includes('Select a subscription') : refusals() <= refusalsBefore) return
      scheduled = true
      // After the prompt has finished drawing (it draws a refusal more than once).
      setImmediate(() => {
        refusalsBefore = refusals()
        typed += 1
        scheduled = false
        input.write(`${pending.shift()}\r`)
      })
    })
    const chosen = await runSubscriptionSelector(AZ_SUBSCRIPTIONS, {color, input, output})
    return {chosen, raw: written, text: stripVTControlCharacters(written)}
  }

  it("prints az's text around the prompt and keeps the default on Enter", async () => {
    const {chosen, text} = await select([''])
    expect(chosen.id).toBe('00000000-0000-0000-0000-222222222222')
    expect(text.startsWith(`\n[Tenant and subscription selection]\n\n${AZ_TABLE}\n\n`)).toBe(true)
    expect(text).toContain(
      "\nThe default is marked with an *; the default tenant is 'Tenant 1' and subscription is 'sub 2' (00000000-0000-0000-0000-222222222222).\n\n" +
        'Select a subscription and tenant (Type a number or Enter for no changes):',
    )
    expect(text).not.toMatch(/[?✔]/)
    expect(text.endsWith('\nTenant: Tenant 1\nSubscription: sub 2 (00000000-0000-0000-0000-222222222222)\n\n')).toBe(true)
    expect(text).not.toMatch(/Announcements|login output has been updated/)
  })

  it('selects by number after refusing bad answers', async () => {
    const {chosen, text} = await select(['x', '9', '5'])
    expect(chosen.name).toBe('Sub 4 without tenantDisplayName')
    expect(text).toContain('WARNING: Invalid selection.')
    expect(text.endsWith(`\nTenant: ${TENANT_1}\nSubscription: Sub 4 without tenantDisplayName (00000000-0000-0000-0000-444444444444)\n\n`)).toBe(
      true,
    )
  })

  it('on a colour terminal, shows the refusal as az shows a warning there: yellow, without WARNING:', async () => {
    const {chosen, raw} = await select(['abc', '1'], true)
    expect(chosen.name).toBe('N/A(tenant level account)')
    expect(raw).toContain('\u001B[93mInvalid selection.\u001B[0m')
    expect(raw).not.toContain('WARNING:')
  })
})
