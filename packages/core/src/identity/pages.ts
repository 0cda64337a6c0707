/** The pages the loopback listener shows in the browser once the sign-in is over. */

const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  '<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#222}h1{font-size:1.5em}</style>' +
  `</head><body><h1>${title}</h1>${body}</body></html>`

export const SUCCESS_PAGE = page(
  'Signed in to Azure',
  '<p>You have signed in to Azure with azx. You can close this window and return to the terminal.</p>',
)

export const FAILURE_PAGE = page(
  'Sign-in failed',
  '<p>The sign-in did not complete. Return to the terminal to see why, then run ' +
    '<code>az login</code> again, or <code>az login --use-device-code</code>.</p>',
)
