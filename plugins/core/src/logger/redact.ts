/**
 * Masks secrets in text bound for stderr (`--debug`, `--verbose`, warnings). Tokens, passwords,
 * client secrets, assertions, authorization and device codes never reach a log line.
 */

const MASK = '***'

/** Form or JSON fields whose values are secrets. */
const SECRET_FIELDS = [
  'access_token',
  'accessToken',
  'client_assertion',
  'client_secret',
  'code',
  'code_verifier',
  'device_code',
  'id_token',
  'password',
  'refresh_token',
  'secret',
  'user_code',
]

const fieldPattern = SECRET_FIELDS.join('|')
const FORM_FIELD = new RegExp(`(^|[?&\\s])(${fieldPattern})=[^&\\s"']*`, 'g')
// In JSON, `code` is ARM's error code, not an authorization code: only the token fields are secret.
const JSON_FIELD = new RegExp(`("(?:${SECRET_FIELDS.filter((field) => field !== 'code').join('|')})"\\s*:\\s*)"[^"]*"`, 'g')
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
