/**
 * Recognises a usable azureProfile.json, and says what is wrong with one that is not, without ever
 * quoting its content: a file written by the older xplat CLI (`azure`) can hold a management
 * certificate's private key, which must not end up on a terminal or in a log.
 */
import type {ProfileDocument} from './types.js'

/** What is wrong with a profile file. */
export interface ProfileProblem {
  /** What is wrong, to follow "cannot be used: ". Names keys and positions, never values. */
  problem: string
  /** Written by the xplat CLI (`azure`), not by az. */
  foreign: boolean
  /** It holds a private key in plain text (an xplat management certificate). */
  hasPrivateKey: boolean
}

type ProfileCheck = {document: ProfileDocument; ok: true} | ({ok: false} & ProfileProblem)

/** Keys only the xplat CLI writes, at the top level and in its subscriptions. */
const XPLAT_TOP_LEVEL_KEYS = ['environments']
const XPLAT_SUBSCRIPTION_KEYS = ['managementCertificate', 'registeredProviders', 'managementEndpointUrl']

/** The string members az relies on in every stored subscription. */
const REQUIRED_STRINGS = ['id', 'name', 'state', 'tenantId', 'environmentName'] as const

/** Checks parsed JSON; `{ok: true}` comes with the document (subscriptions defaulting to []). */
export function checkProfileDocument(value: unknown): ProfileCheck {
  if (!isRecord(value)) return bad('it does not hold a JSON object')
  const subscriptions = value.subscriptions ?? []
  const hasPrivateKey = Array.isArray(subscriptions) && subscriptions.some((entry) => isRecord(entry) && hasKey(entry.managementCertificate))
  const xplat =
    XPLAT_TOP_LEVEL_KEYS.some((key) => Object.hasOwn(value, key)) ||
    (Array.isArray(subscriptions) &&
      subscriptions.some((entry) => isRecord(entry) && XPLAT_SUBSCRIPTION_KEYS.some((key) => Object.hasOwn(entry, key))))
  if (xplat) {
    return {foreign: true, hasPrivateKey, ok: false, problem: "it was written by the older Azure xplat CLI ('azure'), whose format az cannot read"}
  }

  if (!Array.isArray(subscriptions)) return bad("its 'subscriptions' is not a list")
  for (const [index, entry] of subscriptions.entries()) {
    const problem = subscriptionProblem(entry)
    if (problem) return bad(`subscription ${index + 1} of ${subscriptions.length} ${problem}`)
  }

  return {document: {...value, subscriptions} as ProfileDocument, ok: true}
}

function subscriptionProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return 'is not a JSON object'
  for (const key of REQUIRED_STRINGS) if (typeof entry[key] !== 'string') return `has no '${key}' text`
  if (!isRecord(entry.user)) return "has no 'user' object"
  if (typeof entry.user.name !== 'string' || typeof entry.user.type !== 'string') return "has no 'user' name and type"
  if (entry.isDefault !== undefined && typeof entry.isDefault !== 'boolean') return "has an 'isDefault' that is not true or false"
  return undefined
}

function bad(problem: string): ProfileCheck {
  return {foreign: false, hasPrivateKey: false, ok: false, problem}
}

function hasKey(certificate: unknown): boolean {
  return isRecord(certificate) && typeof certificate.key === 'string' && certificate.key !== ''
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
