/**
 * The tokens the emulator issues (access tokens in Entra's v1 shape, v2 id tokens) and the check ARM
 * runs on a bearer token. One RS256 key per run, published in the JWKS.
 */
import {createHash, generateKeyPair, randomUUID, type JsonWebKey, type KeyObject} from 'node:crypto'
import {promisify} from 'node:util'
import type {Clock} from './clock.js'
import {decodeJwt, signJwt, thumbprint, verifySignature, type JwtClaims} from './jwt.js'
import type {SeedSettings, UserSeed} from './seed.js'

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
  /** The public key as published in `/discovery/v2.0/keys`. */
  jwk: JsonWebKey & {kid: string; use: 'sig'; x5t: string}
}

export async function createSigningKey(): Promise<SigningKey> {
  const {privateKey, publicKey} = await promisify(generateKeyPair)('rsa', {modulusLength: 2048})
  const kid = thumbprint(publicKey.export({type: 'spki', format: 'der'}), 'sha1')
  return {kid, privateKey, publicKey, jwk: {...publicKey.export({format: 'jwk'}), kid, use: 'sig', x5t: kid}}
}

interface IssuedAccessToken {
  accessToken: string
  /** Seconds until expiry, as `expires_in` reports it. */
  expiresIn: number
  /** Expiry in epoch seconds. */
  expiresOn: number
  notBefore: number
}

interface UserTokenSubject {
  user: UserSeed
  tenantId: string
  clientId: string
  /** The resource (audience) and the `scp` claim. */
  resource: string
  scp: string
  mfa: boolean
  /** More claims, such as `xms_cc` and `acrs` (conditional-access.ts). */
  claims?: JwtClaims
}

interface AppTokenSubject {
  appId: string
  objectId: string
  tenantId: string
  resource: string
  /** `appidacr`: 1 for a secret, 2 for a certificate or federated assertion. */
  appidacr?: '0' | '1' | '2'
  /** Set for managed identities (`xms_mirid`). */
  managedIdentityResourceId?: string
}

/** Why a bearer token was refused. */
type TokenProblem = 'malformed' | 'signature' | 'expired' | 'notYetValid'

const ID_TOKEN_LIFETIME_SECONDS = 3600

export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly clock: Clock,
    /** `https://localhost:PORT`, the base of every `iss`. */
    private readonly baseUrl: string,
    private readonly settings: SeedSettings,
  ) {}

  userAccessToken(subject: UserTokenSubject): IssuedAccessToken {
    const {user, tenantId} = subject
    const claims: JwtClaims = {
      acr: '1',
      amr: subject.mfa ? ['pwd', 'mfa'] : ['pwd'],
      appid: subject.clientId,
      appidacr: '0',
      idtyp: 'user',
      name: user.displayName,
      oid: user.objectId,
      scp: subject.scp,
      sub: pairwiseSubject(user.objectId, subject.clientId),
      tid: tenantId,
      unique_name: user.username,
      upn: user.username,
      ver: '1.0',
      ...subject.claims,
    }
    // A guest's token names the tenant that vouched for the person.
    if (user.homeTenant.toLowerCase() !== tenantId.toLowerCase()) claims.idp = `${this.baseUrl}/${user.homeTenant}/`
    return this.accessToken(subject.resource, tenantId, claims)
  }

  appAccessToken(subject: AppTokenSubject): IssuedAccessToken {
    const claims: JwtClaims = {
      appid: subject.appId,
      appidacr: subject.appidacr ?? '1',
      idtyp: 'app',
      oid: subject.objectId,
      sub: subject.objectId,
      tid: subject.tenantId,
      ver: '1.0',
    }
    if (subject.managedIdentityResourceId) claims.xms_mirid = subject.managedIdentityResourceId
    return this.accessToken(subject.resource, subject.tenantId, claims)
  }

  /** A v2.0 id token with the claims MSAL builds accounts from; `nonce` only when /authorize got one. */
  idToken(user: UserSeed, tenantId: string, clientId: string, nonce?: string): string {
    const now = this.clock.nowSeconds()
    const claims: JwtClaims = {
      aud: clientId,
      iss: `${this.baseUrl}/${tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + ID_TOKEN_LIFETIME_SECONDS,
      name: user.displayName,
      oid: user.objectId,
      preferred_username: user.username,
      rh: '0.emulator',
      sub: pairwiseSubject(user.objectId, clientId),
      tid: tenantId,
      uti: randomUUID(),
      ver: '2.0',
    }
    if (nonce) claims.nonce = nonce
    return signJwt(claims, this.key.privateKey, {kid: this.key.kid})
  }

  /** Checks a token this emulator signed: signature, `nbf` and `exp` against the emulator's clock. */
  verify(token: string): {claims: JwtClaims} | {problem: TokenProblem; claims?: JwtClaims} {
    const jwt = decodeJwt(token)
    if (!jwt) return {problem: 'malformed'}
    if (jwt.header.kid !== this.key.kid || !verifySignature(jwt, this.key.publicKey)) return {problem: 'signature', claims: jwt.claims}
    const now = this.clock.nowSeconds()
    if (typeof jwt.claims.exp !== 'number' || jwt.claims.exp <= now) return {problem: 'expired', claims: jwt.claims}
    if (typeof jwt.claims.nbf === 'number' && jwt.claims.nbf > now + 300) return {problem: 'notYetValid', claims: jwt.claims}
    return {claims: jwt.claims}
  }

  private accessToken(resource: string, tenantId: string, claims: JwtClaims): IssuedAccessToken {
    const now = this.clock.nowSeconds()
    const expiresIn = this.settings.accessTokenLifetimeSeconds
    const signed = signJwt(
      {aud: resource, iss: `${this.baseUrl}/${tenantId}/`, iat: now, nbf: now, exp: now + expiresIn, uti: randomUUID(), ...claims},
      this.key.privateKey,
      {kid: this.key.kid},
    )
    return {accessToken: signed, expiresIn, expiresOn: now + expiresIn, notBefore: now}
  }
}

/** Entra's `sub` differs per application for the same person. */
function pairwiseSubject(objectId: string, clientId: string): string {
  return createHash('sha256').update(`${objectId}:${clientId.toLowerCase()}`).digest('base64url').slice(0, 43)
}
