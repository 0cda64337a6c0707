/**
 * The HTML a person sees: the sign-in page (seeded accounts and a password form), the multi-factor
 * approval, the device code pages, and the form_post page that hands the code to the client. Plain
 * forms that work without script; each page's primary button comes first, which is the button a
 * browser submits when Enter is pressed and the one `completeBrowserSignIn` presses.
 */

interface AccountChoice {
  username: string
  displayName: string
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

function layout(title: string, content: string, script = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
main{max-width:440px;margin:8vh auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.5rem;font-weight:600;margin:0 0 16px}
.banner{font-size:.8rem;color:#666;margin-bottom:24px}
label{display:block;margin:12px 0 4px}
input[type=text],input[type=password],input[type=email]{
  width:100%;box-sizing:border-box;padding:6px 0;border:0;border-bottom:1px solid #666;font-size:1rem
}
button{margin:20px 8px 0 0;padding:6px 24px;font-size:1rem;border:0;cursor:pointer}
button.primary{background:#0067b8;color:#fff}
button.secondary{background:#ccc}
.error{color:#e81123;margin:12px 0}
ul.accounts{list-style:none;padding:0}
ul.accounts li{padding:8px;border:1px solid #ddd;margin:4px 0;cursor:pointer}
ul.accounts small{color:#666;display:block}
</style>
</head>
<body>
<main>
<div class="banner">Microsoft Entra ID emulator (azx test double)</div>
${content}
</main>
${script}
</body>
</html>
`
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`
}

function errorLine(error?: string): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''
}

/** Username and password for a sign-in flow, with the accounts the tenant knows listed above. */
export function signInPage(options: {
  flowToken: string
  appName: string
  directoryName: string
  accounts: AccountChoice[]
  username?: string
  error?: string
}): string {
  const accounts = options.accounts
    .map(
      (account) =>
        `<li data-username="${escapeHtml(account.username)}">${escapeHtml(account.displayName)}<small>${escapeHtml(account.username)}</small></li>`,
    )
    .join('\n')
  const content = `<h1>Sign in</h1>
<p>to continue to ${escapeHtml(options.appName)} (${escapeHtml(options.directoryName)})</p>
${errorLine(options.error)}
<p>Accounts in this directory:</p>
<ul class="accounts">
${accounts}
</ul>
<form method="post" action="/common/login" id="signin">
${hidden('flowToken', options.flowToken)}
<label for="username">Email, phone, or Skype</label>
<input type="email" id="username" name="username" value="${escapeHtml(options.username ?? '')}" autocomplete="username" required>
<label for="password">Password</label>
<input type="password" id="password" name="password" value="" autocomplete="current-password" required>
<button type="submit" class="primary" name="action" value="continue">Sign in</button>
<button type="submit" class="secondary" name="action" value="cancel" formnovalidate>Cancel</button>
</form>`
  const script = `<script>
for (const item of document.querySelectorAll('ul.accounts li')) {
  item.addEventListener('click', () => {
    document.getElementById('username').value = item.dataset.username
    document.getElementById('password').focus()
  })
}
</script>`
  return layout('Sign in to your account', content, script)
}

/** The second factor: an "approve sign-in request" prompt, as an authenticator app would show. */
export function mfaPage(options: {flowToken: string; username: string; directoryName: string}): string {
  const content = `<h1>Approve sign in request</h1>
<p>${escapeHtml(options.directoryName)} requires multi-factor authentication for ${escapeHtml(options.username)}.</p>
<p>Approve the request on your authenticator app to continue.</p>
<form method="post" action="/common/login" id="mfa">
${hidden('flowToken', options.flowToken)}
<button type="submit" class="primary" name="action" value="continue">Approve</button>
<button type="submit" class="secondary" name="action" value="cancel">Deny</button>
</form>`
  return layout('Verify your identity', content)
}

/** Hands the authorization response to the redirect URI by POST (response_mode=form_post). */
export function formPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => hidden(name, value))
    .join('\n')
  const content = `<h1>Signing you in…</h1>
<form method="post" action="${escapeHtml(action)}" id="response">
${inputs}
<noscript><button type="submit" class="primary">Continue</button></noscript>
</form>`
  return layout('Working…', content, "<script>document.getElementById('response').submit()</script>")
}

/** Where a person types the device code shown by the application. */
export function deviceCodeEntryPage(options: {code?: string; error?: string}): string {
  const content = `<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
${errorLine(options.error)}
<form method="post" action="/devicelogin" id="devicecode">
<label for="otc">Code</label>
<input type="text" id="otc" name="otc" value="${escapeHtml(options.code ?? '')}" autocomplete="off" required>
<button type="submit" class="primary" name="action" value="continue">Next</button>
</form>`
  return layout('Enter code', content)
}

/** "Are you trying to sign in to …?", where a person can still decline a device code. */
export function deviceConfirmPage(options: {flowToken: string; appName: string}): string {
  const content = `<h1>Are you trying to sign in to ${escapeHtml(options.appName)}?</h1>
<p>Only continue if you downloaded the app from a store or website that you trust.</p>
<form method="post" action="/common/login" id="confirm">
${hidden('flowToken', options.flowToken)}
<button type="submit" class="primary" name="action" value="continue">Continue</button>
<button type="submit" class="secondary" name="action" value="cancel">Cancel</button>
</form>`
  return layout('Confirm sign in', content)
}

/** The last device code page, after approval or refusal. */
export function deviceDonePage(options: {appName: string; approved: boolean}): string {
  const content = options.approved
    ? `<h1>You're signed in</h1>
<p id="outcome" data-outcome="approved">You have signed in to the ${escapeHtml(options.appName)} application on your device.
You may now close this window.</p>`
    : `<h1>Sign in canceled</h1>
<p id="outcome" data-outcome="declined">You canceled the sign in to ${escapeHtml(options.appName)}. You may now close this window.</p>`
  return layout(options.approved ? 'Signed in' : 'Canceled', content)
}

/** An error the person cannot fix by retrying the form (bad request, unknown application…). */
export function errorPage(options: {code: number; message: string; correlationId: string}): string {
  const content = `<h1>Sorry, but we're having trouble signing you in.</h1>
<p class="error" role="alert" id="error" data-code="${options.code}">AADSTS${options.code}: ${escapeHtml(options.message)}</p>
<p>Correlation ID: ${escapeHtml(options.correlationId)}</p>`
  return layout('Sign in error', content)
}
