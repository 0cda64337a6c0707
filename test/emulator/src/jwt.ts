/**
 * Compact JWS: RS256 signing for the tokens the emulator issues, RS256/PS256 verification for the
 * client assertions it receives. node:crypto only.
 */
import {constants, createHash, sign, verify, type KeyObject} from 'node:crypto'

type JwtHeader = Record<string, unknown> & {alg?: string; kid?: string; typ?: string}
export type JwtClaims = Record<string, unknown>

export interface DecodedJwt {
  header: JwtHeader
  claims: JwtClaims
  /** `base64url(header).base64url(payload)`, the signed bytes. */
  signingInput: string
  signature: Buffer
}

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

/** base64url of a JSON value, the way JWT segments and `client_info` are encoded. */
export function encodeJson(value: unknown): string {
  return base64url(JSON.stringify(value))
}

/** Signs `claims` with RS256 under `kid`. */
export function signJwt(claims: JwtClaims, privateKey: KeyObject, header: JwtHeader = {}): string {
  const signingInput = `${encodeJson({typ: 'JWT', alg: 'RS256', ...header})}.${encodeJson(claims)}`
  return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), privateKey))}`
}

/** Splits and parses a compact JWS; undefined when it is not one. Verifies nothing. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as JwtHeader
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JwtClaims
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') return undefined
    return {header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url')}
  } catch {
    return undefined
  }
}

/** Checks an RS256 or PS256 signature; any other `alg` fails. */
export function verifySignature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput)
  try {
    if (jwt.header.alg === 'RS256') return verify('sha256', data, publicKey, jwt.signature)
    if (jwt.header.alg === 'PS256') {
      return verify(
        'sha256',
        data,
        {key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO},
        jwt.signature,
      )
    }
  } catch {
    return false
  }

  return false
}

/** The `x5t`-style thumbprint of DER bytes: base64url of the digest, no padding. */
export function thumbprint(der: Buffer, algorithm: 'sha1' | 'sha256'): string {
  return base64url(createHash(algorithm).update(der).digest())
}
