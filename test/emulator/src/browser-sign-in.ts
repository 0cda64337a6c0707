/**
 * A scripted person at a browser: opens the emulator's sign-in pages, fills the forms and presses
 * the primary button, then delivers the answer to the application's redirect URI (by form POST or
 * by following the 302), exactly as a browser would. Used as MSAL's `openBrowser`, as a BROWSER
 * script for the Python az, and to walk through /devicelogin.
 */
import {readFileSync} from 'node:fs'
import {sendRequest, type HttpResponse} from './http-client.js'

export interface SignInCredentials {
  username: string
  password: string
  /**
   * The emulator's CA: PEM text or a path to it. Not needed for an emulator started in this
   * process, nor when the process already trusts it (NODE_EXTRA_CA_CERTS).
   */
  ca?: string
}

export interface BrowserSignInResult {
  /** Where the authorization response was delivered. */
  redirectUri: string
  /** How: an auto-submitted form (form_post) or a redirect (query or fragment). */
  delivery: 'form_post' | 'redirect'
  /** The authorization response's parameters (code, state, client_info… or error). */
  parameters: Record<string, string>
  /** The status the redirect URI answered with. */
  redirectStatus: number
}

export interface DeviceCodeSignInOptions extends SignInCredentials {
  /** Press Cancel on the "Are you trying to sign in…" page instead of continuing. */
  decline?: boolean
}

interface HtmlForm {
  action: string
  fields: {name: string; value: string; type: string}[]
  /** The submit buttons in page order. */
  buttons: {name: string; value: string}[]
}

const MAX_STEPS = 10
const knownCas = new Map<string, string>()

/** @internal Lets the helpers trust an emulator started in this process without being told its CA. */
export function registerEmulatorCa(origin: string, ca: string | undefined): void {
  if (ca === undefined) knownCas.delete(origin)
  else knownCas.set(origin, ca)
}

/**
 * Completes an interactive sign-in: GET the authorize URL, sign in as `username` (approving MFA
 * when the tenant asks), then deliver the code to the redirect URI. Rejects with the page's error
 * when the sign-in fails (wrong password, unknown user…).
 */
export async function completeBrowserSignIn(authorizeUrl: string, credentials: SignInCredentials): Promise<BrowserSignInResult> {
  const origin = new URL(authorizeUrl).origin
  const ca = caFor(origin, credentials.ca)
  let url = authorizeUrl
  let response = await sendRequest(url, {ca})
  for (let step = 0; step < MAX_STEPS; step++) {
    if (response.status >= 300 && response.status < 400 && response.headers.location) {
      const location = new URL(response.headers.location, url)
      if (location.origin !== origin) return deliverRedirect(location)
      url = location.href
      response = await sendRequest(url, {ca})
      continue
    }

    const form = pageForm(response, url)
    if (new URL(form.action).origin !== origin) return deliverFormPost(form)
    response = await submit(form, {username: credentials.username, password: credentials.password}, 'continue', ca)
    url = form.action
  }

  throw new Error(`the sign-in did not finish within ${MAX_STEPS} pages`)
}

/**
 * Walks the device code pages as a person would: open `verificationUri`, type `userCode`, confirm
 * (or decline), sign in as `username`, approve MFA if asked. Resolves with the outcome.
 */
export async function completeDeviceCodeSignIn(
  verificationUri: string,
  userCode: string,
  options: DeviceCodeSignInOptions,
): Promise<'approved' | 'declined'> {
  const origin = new URL(verificationUri).origin
  const ca = caFor(origin, options.ca)
  let url = verificationUri
  let response = await sendRequest(url, {ca})
  for (let step = 0; step < MAX_STEPS; step++) {
    const outcome = /data-outcome="(approved|declined)"/.exec(response.body)
    if (outcome) return outcome[1] as 'approved' | 'declined'
    const form = pageForm(response, url)
    const isConfirmation = form.buttons.some((button) => button.value === 'cancel') && !form.fields.some((field) => field.name === 'password')
    const press = options.decline && isConfirmation ? 'cancel' : 'continue'
    response = await submit(form, {otc: userCode, username: options.username, password: options.password}, press, ca)
    url = form.action
  }

  throw new Error(`the device code sign-in did not finish within ${MAX_STEPS} pages`)
}

function caFor(origin: string, ca: string | undefined): string | undefined {
  if (ca === undefined) return knownCas.get(origin)
  return ca.includes('-----BEGIN') ? ca : readFileSync(ca, 'utf8')
}

/** The page's form, or an error carrying the page's alert text. */
function pageForm(response: HttpResponse, url: string): HtmlForm {
  const alert = /role="alert"[^>]*>([^<]*)</.exec(response.body)
  if (alert) throw new Error(`sign-in failed: ${decodeEntities(alert[1]).trim()}`)
  if (response.status !== 200) throw new Error(`the sign-in page answered HTTP ${response.status}`)
  const form = parseForm(response.body, url)
  if (!form) throw new Error('the sign-in page has no form')
  return form
}

function submit(form: HtmlForm, values: Record<string, string>, press: 'continue' | 'cancel', ca: string | undefined): Promise<HttpResponse> {
  const body = new URLSearchParams()
  for (const field of form.fields) body.append(field.name, field.type === 'hidden' ? field.value : (values[field.name] ?? field.value))
  const button = form.buttons.find((candidate) => candidate.value === press) ?? form.buttons[0]
  if (button?.name) body.append(button.name, button.value)
  return sendRequest(form.action, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: body.toString(), ca})
}

async function deliverFormPost(form: HtmlForm): Promise<BrowserSignInResult> {
  const parameters = Object.fromEntries(form.fields.map((field) => [field.name, field.value]))
  const response = await sendRequest(form.action, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams(parameters).toString(),
  })
  return {redirectUri: form.action, delivery: 'form_post', parameters, redirectStatus: response.status}
}

async function deliverRedirect(location: URL): Promise<BrowserSignInResult> {
  const parameters = Object.fromEntries([...new URLSearchParams(location.hash.slice(1)), ...location.searchParams])
  // A browser never sends the fragment to the server.
  const response = await sendRequest(`${location.origin}${location.pathname}${location.search}`)
  return {redirectUri: `${location.origin}${location.pathname}`, delivery: 'redirect', parameters, redirectStatus: response.status}
}

function parseForm(page: string, pageUrl: string): HtmlForm | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(page)
  if (!form) return undefined
  const action = attribute(form[1], 'action') ?? pageUrl
  const fields: HtmlForm['fields'] = []
  for (const input of form[2].matchAll(/<input\b([^>]*)>/gi)) {
    const name = attribute(input[1], 'name')
    if (name) fields.push({name, value: attribute(input[1], 'value') ?? '', type: (attribute(input[1], 'type') ?? 'text').toLowerCase()})
  }

  const buttons: HtmlForm['buttons'] = []
  for (const button of form[2].matchAll(/<button\b([^>]*)>/gi)) {
    if ((attribute(button[1], 'type') ?? 'submit').toLowerCase() === 'submit')
      buttons.push({name: attribute(button[1], 'name') ?? '', value: attribute(button[1], 'value') ?? ''})
  }

  return {action: new URL(action, pageUrl).href, fields, buttons}
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(attributes)
  return match ? decodeEntities(match[1]) : undefined
}

function decodeEntities(text: string): string {
  return text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')
}
