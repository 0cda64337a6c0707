/**
 * `--tenant` as a GUID or a domain. az resolves a domain before the command runs, from the v1
 * OpenID document's issuer (`https://sts.windows.net/<tenant id>/`). A tenant that does not resolve
 * is a command error (exit 1), as in az 2.45 and today's az: its argument validator raises a
 * CLIError, which az reports without the usage lines.
 */
import {CommandError} from '../errors/index.js'
import {request} from '../http/index.js'
import {authorityUrl, isAdfs} from './authority.js'

const GUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i

export function isTenantId(value: string): boolean {
  return GUID.test(value)
}

/** The tenant ID for `tenant` (a GUID is returned as is, without a network call). */
export async function resolveTenant(activeDirectory: string, tenant: string): Promise<string> {
  if (isTenantId(tenant) || isAdfs(activeDirectory)) return tenant
  const url = `${authorityUrl(activeDirectory, tenant)}/.well-known/openid-configuration`
  let detail: string
  try {
    const response = await request({method: 'GET', url})
    if (response.status === 200) {
      const issuer = (JSON.parse(response.body) as {issuer?: string}).issuer ?? ''
      const id = new URL(issuer).pathname.split('/')[1]
      if (id && isTenantId(id)) return id
      detail = `The issuer '${issuer}' names no tenant ID.`
    } else {
      detail = response.body
    }
  } catch (error) {
    detail = (error as Error).message
  }

  throw new CommandError(`Failed to resolve tenant '${tenant}'.\n\nError detail: ${detail}`)
}
