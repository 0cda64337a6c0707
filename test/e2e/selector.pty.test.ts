/**
 * The subscription selector of `az login` driven in a real pseudo terminal: what the screen shows
 * (compared with what az's selector prints for the same subscriptions), choosing by number, keeping
 * the default with Enter, refusing bad input; and the cases where it must never appear.
 */
import {afterEach, describe, expect, it} from '@jest/globals'

import {PtyCli} from './support/pty.js'
import {ALICE, CONTOSO, CONTOSO_DEV, emulatorPerFile, NORTHWIND} from './support/signed-in.js'

const CONTOSO_PROD = '50000000-0000-4000-8000-000000000002'
const NORTHWIND_SECURE = '50000000-0000-4000-8000-000000000008'

// What az's selector prints for Alice's subscriptions in the default seed, made with Python's
// tabulate 0.8.9 the way az's SubscriptionSelector calls it (colours removed: the screen has none).
const TABLE = `No     Subscription name    Subscription ID                       Tenant
-----  -------------------  ------------------------------------  ------------------------
[1] *  Contoso Dev          50000000-0000-4000-8000-000000000001  Contoso
[2]    Contoso Legacy       50000000-0000-4000-8000-000000000003  Contoso
[3]    Contoso Overdue      50000000-0000-4000-8000-000000000005  Contoso
[4]    Contoso Prod         50000000-0000-4000-8000-000000000002  Contoso
[5]    Contoso Retired      50000000-0000-4000-8000-000000000006  Contoso
[6]    Contoso Trial        50000000-0000-4000-8000-000000000004  Contoso
[7]    Fabrikam Shared      50000000-0000-4000-8000-000000000007  Contoso
[8]    Northwind Secure     50000000-0000-4000-8000-000000000008  Northwind (MFA required)`

const PROMPT = 'Select a subscription and tenant (Type a number or Enter for no changes): '

/** The screen up to the prompt, as az shows it after a device code sign-in (trailing spaces trimmed). */
const SELECTOR_SCREEN = new RegExp(
  '^To sign in, use a web browser to open the page https://localhost:\\d+/devicelogin and enter the code \\w+ to authenticate\\.\n' +
    '\n' +
    'Retrieving tenants and subscriptions for the selection\\.\\.\\.\n' +
    // Contoso manages Fabrikam's subscription, so both tenants list it: az keeps Contoso's and warns (on stderr, wrapped by the terminal).
    "Subscription 50000000-0000-4000-8000-000000000007 'Fabrikam Shared' can " +
    "be accessed from tenants [\\s\\S]+? use 'az login --tenant TENANT_ID'\\.\n" +
    '\n' +
    '\\[Tenant and subscription selection\\]\n' +
    '\n' +
    `${escapeRegExp(TABLE)}\n` +
    '\n' +
    escapeRegExp(`The default is marked with an *; the default tenant is 'Contoso' and subscription is 'Contoso Dev' (${CONTOSO_DEV}).`) +
    '\n' +
    '\n' +
    `${escapeRegExp(PROMPT.trimEnd())}$`,
)

const {emulator, sandbox} = emulatorPerFile({approveDeviceCodesFor: ALICE})
let cli: PtyCli | undefined
afterEach(() => {
  cli?.kill()
  cli = undefined
})

function escapeRegExp(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `az <args>` in a 200 by 50 terminal: wide enough that no line of the selector wraps. */
function inTerminal(args: string[]): PtyCli {
  cli = new PtyCli(args, {
    columns: 200,
    cwd: sandbox.root,
    env: {...emulator.nodeEnv(), AZURE_CONFIG_DIR: sandbox.configDir, HOME: sandbox.home, XDG_DATA_HOME: `${sandbox.root}/data`},
    rows: 50,
  })
  return cli
}

/**
 * Waits for the selector's prompt, with the cursor one space after its colon where az's `input()`
 * leaves it, and checks everything above it.
 */
async function promptShown(terminal: PtyCli): Promise<void> {
  const screen = await terminal.waitFor((current) => current.text().endsWith(`\n${PROMPT.trimEnd()}`) && current.cursor.column === PROMPT.length)
  expect(screen).toMatch(SELECTOR_SCREEN)
  expect(terminal.cursor.row).toBe(screen.split('\n').length - 1)
}

async function defaultSubscription(): Promise<{id: string; name: string; tenantId: string}> {
  return JSON.parse((await sandbox.ok(['account', 'show'])).stdout)
}

describe('az login on a terminal: the subscription selector', () => {
  it("prints az's table, and the number typed makes that subscription the default", async () => {
    const terminal = inTerminal(['login', '--use-device-code'])
    await promptShown(terminal)
    terminal.type('8\r')
    expect(await terminal.waitForExit()).toBe(0)
    // The echo, and no JSON: az prints nothing else after a selection.
    expect(terminal.text()).toMatch(
      new RegExp(`${escapeRegExp(PROMPT)}8\n\nTenant: Northwind \\(MFA required\\)\nSubscription: Northwind Secure \\(${NORTHWIND_SECURE}\\)$`),
    )
    expect(await defaultSubscription()).toMatchObject({id: NORTHWIND_SECURE, isDefault: true, name: 'Northwind Secure', tenantId: NORTHWIND})
  })

  it('keeps the default when Enter is pressed', async () => {
    const terminal = inTerminal(['login', '--use-device-code'])
    await promptShown(terminal)
    terminal.type('\r')
    expect(await terminal.waitForExit()).toBe(0)
    expect(terminal.text()).toMatch(
      new RegExp(`${escapeRegExp(PROMPT.trimEnd())}\n\nTenant: Contoso\nSubscription: Contoso Dev \\(${CONTOSO_DEV}\\)$`),
    )
    expect(await defaultSubscription()).toMatchObject({id: CONTOSO_DEV, isDefault: true, tenantId: CONTOSO})
  })

  it('refuses text and numbers out of range, asks again, then takes a valid number', async () => {
    const terminal = inTerminal(['login', '--use-device-code'])
    await promptShown(terminal)
    const prompt = escapeRegExp(PROMPT.trimEnd())
    for (const answer of ['abc', '0', '9', '-1', '1.5']) {
      // Typing clears the previous refusal, so each refusal below is a new one.
      terminal.type(answer)
      await terminal.waitFor((current) => current.text().endsWith(`\n${PROMPT}${answer}`))
      terminal.type('\r')
      // The same prompt again, emptied, with the reason below it.
      await terminal.waitFor(new RegExp(`\n${prompt}\nInvalid selection\\.$`))
    }

    terminal.type('4\r')
    expect(await terminal.waitForExit()).toBe(0)
    expect(terminal.text()).toMatch(new RegExp(`${escapeRegExp(PROMPT)}4\n\nTenant: Contoso\nSubscription: Contoso Prod \\(${CONTOSO_PROD}\\)$`))
    expect(await defaultSubscription()).toMatchObject({id: CONTOSO_PROD, isDefault: true, name: 'Contoso Prod'})
  })
})

describe('az login: where the selector never appears', () => {
  /** The JSON list az prints, read off the screen. */
  const printedList = (screen: string) => JSON.parse(screen.slice(screen.search(/^\[$/m))) as {isDefault: boolean; name: string}[]

  it('when stdin is not a terminal: the JSON list is printed and nothing is asked', async () => {
    const result = await sandbox.ok(['login', '--use-device-code'])
    expect(result.stdout).not.toMatch(/Select a subscription|Tenant and subscription selection|for the selection/)
    expect(result.stderr).not.toMatch(/Select a subscription|Invalid selection/)
    const subscriptions = JSON.parse(result.stdout) as {isDefault: boolean; name: string}[]
    expect(subscriptions).toHaveLength(8)
    expect(subscriptions.filter((subscription) => subscription.isDefault).map((subscription) => subscription.name)).toEqual(['Contoso Dev'])
  })

  it('with --subscription, on a terminal', async () => {
    const terminal = inTerminal(['login', '--use-device-code', '--subscription', 'Contoso Prod'])
    expect(await terminal.waitForExit()).toBe(0)
    const screen = terminal.text()
    expect(screen).not.toMatch(/Select a subscription|Tenant and subscription selection|for the selection/)
    const chosen = printedList(screen).filter((subscription) => subscription.isDefault)
    expect(chosen.map((subscription) => subscription.name)).toEqual(['Contoso Prod'])
    expect(await defaultSubscription()).toMatchObject({id: CONTOSO_PROD})
  })

  it('with --skip-subscription-discovery, on a terminal: no list to choose from, and none fetched', async () => {
    emulator.requests.clear()
    const terminal = inTerminal(['login', '--use-device-code', '--tenant', CONTOSO, '--skip-subscription-discovery'])
    expect(await terminal.waitForExit()).toBe(0)
    const screen = terminal.text()
    expect(screen).not.toMatch(/Select a subscription|Tenant and subscription selection|for the selection/)
    expect(printedList(screen).map((subscription) => subscription.name)).toEqual(['N/A(tenant level account)'])
    expect(emulator.requests.count({route: /^(tenants|subscriptions?)$/})).toBe(0)
  })

  it('with core.login_experience_v2=off, on a terminal', async () => {
    await sandbox.ok(['config', 'set', 'core.login_experience_v2=off'])
    const terminal = inTerminal(['login', '--use-device-code'])
    expect(await terminal.waitForExit()).toBe(0)
    const screen = terminal.text()
    expect(screen).not.toMatch(/Select a subscription|Tenant and subscription selection|for the selection/)
    expect(printedList(screen)).toHaveLength(8)
    expect(await defaultSubscription()).toMatchObject({id: CONTOSO_DEV})
  })
})
