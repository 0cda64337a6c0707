/**
 * `--allow-resource`: the resources the endpoint hands out tokens for; without any, every resource.
 * Resource IDs compare case-insensitively and with or without one trailing slash, as Entra ID
 * matches them (`https://management.azure.com` and `https://management.azure.com/` name one API).
 */
export class AllowList {
  private readonly allowed: Set<string> | undefined

  constructor(readonly resources: readonly string[]) {
    this.allowed = resources.length === 0 ? undefined : new Set(resources.map(normalize))
  }

  allows(resource: string): boolean {
    return this.allowed === undefined || this.allowed.has(normalize(resource))
  }

  /** For messages: the allowed resources, or that every one is. */
  describe(): string {
    return this.allowed === undefined ? 'any resource' : this.resources.join(', ')
  }
}

function normalize(resource: string): string {
  return resource.trim().toLowerCase().replace(/\/$/, '')
}
