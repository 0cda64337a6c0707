/**
 * Masks secrets in text bound for stderr (`--debug`, `--verbose`, warnings). Tokens, passwords,
 * client secrets, assertions, authorization and device codes never reach a log line.
 */

/** What a secret value is replaced with. */
export const MASK = '***'

/** OAuth form fields and query parameters whose values are secrets (lower case). */
export const SECRET_PARAMETERS: ReadonlySet<string> = new Set([
  'access_token',
  'assertion',
  'client_assertion',
  'client_secret',
  'code',
  'code_verifier',
  'device_code',
  'id_token',
  'password',
  'refresh_token',
  'secret',
  'sig',
  'token',
  'user_code',
])

/**
 * JSON fields whose values are secrets (lower case). `code` is left out: in JSON it is ARM's error
 * code, not an authorization code.
 */
export const SECRET_JSON_FIELDS: ReadonlySet<string> = new Set(
  [...SECRET_PARAMETERS, 'accesstoken', 'idtoken', 'oidctoken', 'refreshtoken'].filter(
    (field) => field !== 'code' && field !== 'sig' && field !== 'user_code',
  ),
)

/**
 * The last word of a flag name that makes its value a secret: `--password`, `--client-secret`,
 * `--federated-token`, `--client-assertion`, `--account-key`. (`--claims-challenge` is not one.)
 */
const SECRET_FLAG_WORDS: ReadonlySet<string> = new Set(['assertion', 'key', 'password', 'secret', 'token'])

/** Whether the value of the flag `name` (without dashes) is a secret, for the `--debug` line of the command's arguments. */
export function isSecretFlag(name: string): boolean {
  return SECRET_FLAG_WORDS.has(name.toLowerCase().split(/[-_]/).at(-1) ?? '')
}

const FORM_FIELD = new RegExp(`(^|[?&\\s])(${[...SECRET_PARAMETERS].join('|')})=[^&\\s"']*`, 'gi')
const JSON_FIELD = new RegExp(`("(?:${[...SECRET_JSON_FIELDS].join('|')})"\\s*:\\s*)"[^"]*"`, 'gi')
const BEARER = /(\b(?:Bearer|Basic)\s+)[\w.~+/=-]+/gi
// A JWT: three base64url segments, the first starting with '{"' encoded.
const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g
const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g

export function redact(text: string): string {
  return text
    .replaceAll(PEM_KEY, MASK)
    .replaceAll(JSON_FIELD, `$1"${MASK}"`)
    .replaceAll(FORM_FIELD, `$1$2=${MASK}`)
    .replaceAll(BEARER, `$1${MASK}`)
    .replaceAll(JWT, MASK)
}
