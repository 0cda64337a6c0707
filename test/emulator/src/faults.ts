/**
 * Fault injection: rules that make matching requests slow, fail with a status (429 with
 * Retry-After, 5xx), or lose their connection. Rules are tried in the order they were added; the
 * first that matches shapes the answer and spends one of its `times`.
 */

export interface FaultRule {
  /** Route name(s), e.g. `token`, `subscriptions`, `imds` (see the README's route table). */
  route?: string | string[]
  /** A path: a string matches case-insensitively (a trailing `*` makes it a prefix), a RegExp is tested. */
  path?: string | RegExp
  method?: string
  /** The token request's `grant_type` (either device-code spelling matches `device_code`). */
  grantType?: string
  /** The Host header without port, e.g. `login.microsoftonline.com`. */
  host?: string
  /** Delay before answering (combines with `status` or `drop`). */
  latencyMs?: number
  /** Answer with this status (and an error body in the route's style) instead of the real answer. */
  status?: number
  /** With `status` (usually 429 or 503): the Retry-After header, in seconds. */
  retryAfterSeconds?: number
  /**
   * With `status`, on an Entra ID route: this AADSTS error instead of a transient one, e.g.
   * `{code: 50079, message: '…'}` (error `invalid_grant` unless named).
   */
  aadsts?: {code: number; error?: string; message?: string; suberror?: string}
  /** Destroy the socket without answering. */
  drop?: boolean
  /** How many requests the rule applies to; unlimited when absent. */
  times?: number
}

/** A rule in force. */
export interface ActiveFault {
  readonly id: number
  readonly rule: FaultRule
  /** Requests it has shaped so far. */
  readonly hits: number
  remove(): void
}

/** What the server knows about a request when it looks for a fault. */
interface FaultTarget {
  route: string
  path: string
  method: string
  host: string
  grantType?: string
}

export class Faults {
  readonly #active: {id: number; rule: FaultRule; hits: number}[] = []
  #nextId = 1

  /** Puts a rule in force; returns a handle that can remove it. */
  add(rule: FaultRule): ActiveFault {
    checkRule(rule)
    const entry = {id: this.#nextId++, rule: {...rule}, hits: 0}
    this.#active.push(entry)
    return {
      id: entry.id,
      rule: entry.rule,
      get hits() {
        return entry.hits
      },
      remove: () => this.remove(entry.id),
    }
  }

  remove(id: number): void {
    const index = this.#active.findIndex((entry) => entry.id === id)
    if (index >= 0) this.#active.splice(index, 1)
  }

  clear(): void {
    this.#active.length = 0
  }

  list(): ActiveFault[] {
    return this.#active.map((entry) => ({id: entry.id, rule: {...entry.rule}, hits: entry.hits, remove: () => this.remove(entry.id)}))
  }

  /** @internal The first rule matching `target`, counted as used; exhausted rules leave. */
  take(target: FaultTarget): FaultRule | undefined {
    const entry = this.#active.find((candidate) => ruleMatches(candidate.rule, target))
    if (!entry) return undefined
    entry.hits++
    if (entry.rule.times !== undefined && entry.hits >= entry.rule.times) this.remove(entry.id)
    return entry.rule
  }
}

function ruleMatches(rule: FaultRule, target: FaultTarget): boolean {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
  if (rule.route !== undefined && ![rule.route].flat().some((route) => same(route, target.route))) return false
  if (rule.method !== undefined && !same(rule.method, target.method)) return false
  if (rule.host !== undefined && !same(rule.host, target.host.replace(/:\d+$/, ''))) return false
  if (rule.grantType !== undefined && !same(normalizeGrant(rule.grantType), normalizeGrant(target.grantType ?? ''))) return false
  if (rule.path !== undefined) {
    if (rule.path instanceof RegExp) return rule.path.test(target.path)
    const wanted = rule.path.toLowerCase()
    const path = target.path.toLowerCase()
    return wanted.endsWith('*') ? path.startsWith(wanted.slice(0, -1)) : path === wanted
  }

  return true
}

function normalizeGrant(grant: string): string {
  return grant === 'urn:ietf:params:oauth:grant-type:device_code' ? 'device_code' : grant
}

function checkRule(rule: FaultRule): void {
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599)) {
    throw new RangeError('a fault status must be an error status (400-599)')
  }

  if (rule.aadsts !== undefined && (rule.status === undefined || !Number.isInteger(rule.aadsts.code)))
    throw new RangeError('aadsts needs a status and a numeric code')
  if (rule.latencyMs !== undefined && !(rule.latencyMs >= 0)) throw new RangeError('latencyMs must be >= 0')
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) throw new RangeError('times must be a positive integer')
  if (rule.latencyMs === undefined && rule.status === undefined && !rule.drop) throw new RangeError('a fault needs latencyMs, status or drop')
}
